/**
 * Leak canaries. The same workflow runs twice against identically seeded mock vaults: once with
 * MASK_VALUES off (the control) and once with it on. Every secret value the control run saw
 * (planted canaries, plus every value at a tool's declared secret fields: generated passwords,
 * keys, signing secrets, private keys, proxied data) must not appear in the masked run anywhere:
 * tool text, structuredContent, _meta, resources, prompts, completions, error messages or the
 * stderr log; not raw, JSON-escaped, URL-encoded or base64. The control run proves the scanner
 * finds them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { maskUrlPassword } from "../../src/guard/mask.js";
import { select } from "../../src/guard/selectors.js";
import { createLogger } from "../../src/log.js";
import { catalog } from "../../src/tools/index.js";
import { connect, type Harness } from "../helpers/harness.js";

const CANARY = {
  secret: "cnry-secret-7Qx9vB2mKp4Lz",
  rotated: "cnry-rotated-Wm3Rt8Yq1Ne6",
  backendToken: "cnry-fedtoken-Hs5Jk2Lp9Qa4",
  envValue: "cnry-envvalue-Pz7Xc3Vb6Nm1",
};

const looksSecret = (v: string) => v.length >= 12 && /\d/.test(v) && /[A-Za-z]/.test(v) && !/^\d{4}-\d\d-\d\dT/.test(v);

interface Run {
  outputs: string[];
  logs: string[];
  /** Values found at declared secret fields, per tool. */
  secretValues: Map<string, string[]>;
}

async function workflow(mask: boolean): Promise<Run> {
  const logs: string[] = [];
  const h: Harness = await connect(
    { maskValues: mask },
    { seed: 42 },
    createLogger((line) => logs.push(line)),
  );
  const outputs: string[] = [];
  const secretValues = new Map<string, string[]>();
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = await h.call(name, args);
    outputs.push(JSON.stringify(result));
    const def = catalog.find((t) => t.name === name);
    if (!result.isError && def) {
      for (const selector of def.secretFields ?? []) {
        const [path, fragment] = selector.split("#");
        for (const v of select(result.structuredContent, path as string)) {
          // Only values that look like secrets: identifiers and host names in data.* are not.
          if (typeof v !== "string" || !looksSecret(v)) continue;
          if (fragment === "password") {
            const pw = /^[a-z][a-z0-9+.-]*:\/\/[^:@/]*:([^@/]+)@/i.exec(v)?.[1];
            if (pw && looksSecret(pw)) secretValues.set(name, [...(secretValues.get(name) ?? []), pw]);
          } else secretValues.set(name, [...(secretValues.get(name) ?? []), v]);
        }
      }
    }
    return result;
  };
  const sc = <T = any>(r: { structuredContent?: unknown }) => r.structuredContent as T;

  // secrets
  await call("scaivault_write_secret", { path: "apps/canary/db", data: { password: CANARY.secret, note: "x" } });
  await call("scaivault_read_secret", { path: "apps/canary/db" });
  await call("scaivault_rotate_secret", { path: "apps/canary/db", data: { password: CANARY.rotated } });
  await call("scaivault_rotate_secret", { path: "apps/canary/db" });
  await call("scaivault_get_secret_versions", { path: "apps/canary/db", include_data: true });
  await call("scaivault_list_secrets", { prefix: "apps/canary" });
  await call("scaivault_read_secret", { path: "apps/canary/db", version: 99 });
  await call("scaivault_write_secret", { path: "Apps/Canary", data: { password: CANARY.secret } });
  await call("scaivault_read_secret", { path: "infra/db/primary/credentials" });
  // generated values, keys and signing secrets
  const policies = sc<{ data: { id: string }[] }>(await call("scaivault_list_secret_policies", {}));
  for (const p of policies.data.slice(0, 3)) await call("scaivault_generate_secret_preview", { policy_id: p.id });
  const account = sc<{ id: string }>(await call("scaivault_create_service_account", { name: "canary-svc" }));
  await call("scaivault_create_api_key", { service_account_id: account.id, name: "canary-key" });
  await call("scaivault_create_subscription", {
    name: "canary-hook",
    events: ["secret.*"],
    url: "https://hooks.example.test/canary",
  });
  // dynamic credentials and federation
  await call("scaivault_generate_credentials", { engine: "postgres-prod", role: "readonly", ttl: "1h" });
  await call("scaivault_generate_credentials", { engine: "aws-prod", role: "s3-readonly" });
  await call("scaivault_create_federation_backend", {
    name: "canary-fed",
    type: "hashicorp-vault",
    mode: "proxy",
    config: { endpoint: "https://hv.example.test", token: CANARY.backendToken },
    path_mapping: { "external/canary/**": "secret/data/**" },
  });
  await call("scaivault_proxy_read", { path: "external/hashicorp/app/api/keys" });
  await call("scaivault_proxy_read", { path: "external/azure/smtp-relay-password", backend: "azure-shared" });
  // PKI and ACME
  await call("scaivault_issue_certificate", { role: "svc-mtls", common_name: "canary.svc.cluster.local", ttl: "24h" });
  await call("scaivault_create_root_ca", { name: "canary-root", common_name: "Canary Root CA", key_type: "ec" });
  const acct = sc<{ id: string }>(
    await call("scaivault_create_acme_account", {
      name: "canary-acme",
      provider: "letsencrypt",
      environment: "staging",
      email: "ops@acme.example",
    }),
  );
  await call("scaivault_request_certificate", {
    account_id: acct?.id,
    identifiers: ["canary.acme.example"],
    challenge_type: "http-01",
  });
  // resources, prompts, completions
  for (const uri of [
    "scaivault://secrets/tnt_acme_prod/apps/canary/db",
    "scaivault://secrets/tnt_acme_prod/infra/db/primary/credentials",
  ])
    outputs.push(JSON.stringify(await h.client.readResource({ uri }).catch((e: Error) => e.message)));
  outputs.push(JSON.stringify(await h.client.listResources()));
  for (const [name, args] of [
    ["rotate-credential", { path: "apps/canary/db" }],
    ["audit-investigation", { path: "apps/canary/db" }],
  ] as const)
    outputs.push(JSON.stringify(await h.client.getPrompt({ name, arguments: args }).catch((e: Error) => e.message)));
  outputs.push(
    JSON.stringify(
      await h.client
        .complete({
          ref: { type: "ref/resource", uri: "scaivault://secrets/{tenant}/{+path}" },
          argument: { name: "path", value: "apps/can" },
          context: { arguments: { tenant: "tnt_acme_prod" } },
        })
        .catch((e: Error) => e.message),
    ),
  );
  await h.close();
  return { outputs, logs, secretValues };
}

function encodings(value: string): string[] {
  return [
    value,
    JSON.stringify(value).slice(1, -1),
    encodeURIComponent(value),
    Buffer.from(value).toString("base64"),
    Buffer.from(value).toString("base64url"),
  ].filter((v, i, a) => a.indexOf(v) === i);
}

function leaks(haystacks: string[], secrets: string[]): string[] {
  const found: string[] = [];
  for (const secret of secrets)
    for (const form of encodings(secret)) if (haystacks.some((h) => h.includes(form))) found.push(form);
  return found;
}

let control: Run;
let masked: Run;
beforeAll(async () => {
  control = await workflow(false);
  masked = await workflow(true);
}, 120_000);

describe("leak canaries", () => {
  it("the control run (masking off) exposes every planted canary and generated secret: the scanner works", () => {
    expect(leaks(control.outputs, [CANARY.secret, CANARY.rotated])).not.toEqual([]);
    for (const tool of [
      "scaivault_read_secret",
      "scaivault_generate_secret_preview",
      "scaivault_create_service_account",
      "scaivault_create_api_key",
      "scaivault_create_subscription",
      "scaivault_generate_credentials",
      "scaivault_proxy_read",
      "scaivault_issue_certificate",
    ])
      expect(
        control.secretValues.get(tool)?.length ?? 0,
        `${tool} returned no secret value in the control run`,
      ).toBeGreaterThan(0);
    const all = [...control.secretValues.values()].flat();
    expect(leaks(control.outputs, all).length).toBeGreaterThanOrEqual(all.length);
  });

  it("with MASK_VALUES no canary or secret value appears in any channel, in any encoding", () => {
    const secrets = [
      ...Object.values(CANARY).filter((c) => c !== CANARY.envValue),
      ...[...control.secretValues.values()].flat(),
    ];
    expect(leaks([...masked.outputs, ...masked.logs], secrets)).toEqual([]);
  });

  it("the federation backend credential given in a config is never echoed, masked or not", () => {
    expect(leaks([...control.outputs, ...masked.outputs], [CANARY.backendToken])).toEqual([]);
  });

  it("the stderr log never carries a secret value, even with masking off", () => {
    // The log is not empty: refusals and API failures of the workflow are logged.
    expect(control.logs.length).toBeGreaterThan(0);
    const secrets = [...Object.values(CANARY), ...[...control.secretValues.values()].flat()];
    expect(leaks(control.logs, secrets)).toEqual([]);
  });

  it("masked passwords inside connection URLs keep the rest of the URL", () => {
    const generated = masked.outputs.find((o) => o.includes("postgresql://"));
    expect(generated).toBeDefined();
    expect(generated).toMatch(/postgresql:\/\/v_readonly_[a-z0-9_]+:••••••@db\.internal:5432\/main/);
    expect(maskUrlPassword("postgresql://u:p@h/d")).toBe("postgresql://u:••••••@h/d");
  });
});
