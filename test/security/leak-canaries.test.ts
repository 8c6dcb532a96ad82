/**
 * Leak canaries. The same workflow runs twice against identically seeded mock vaults: once with
 * MASK_VALUES off (the control) and once with it on. What counts as a secret is decided without
 * the tools' secretFields (the list that drives masking, so it cannot vouch for itself):
 *   - planted canaries, holding characters that change under JSON, URL and base64 encoding;
 *   - the vault's own view: secret material in its raw HTTP answers (before guard and masking)
 *     and in its stored state, picked by the API reference's field names (secret-values.ts);
 *   - every string that differs between the control and the masked run (what masking hid).
 * With masking on, none may appear on any surface, in any encoding. The control run shows per
 * surface that the scanner finds values where they can appear; the surfaces that cannot carry a
 * value by design (errors, resource lists, completions, the log) are checked to stay clean in both.
 */
import type { GetPromptResult } from "@modelcontextprotocol/sdk/types.js";
import { beforeAll, describe, expect, it } from "vitest";
import { MASK, maskUrlPassword } from "../../src/guard/mask.js";
import { createLogger } from "../../src/log.js";
import { connect, type Harness } from "../helpers/harness.js";
import {
  differingParts,
  encodings,
  looksSecret,
  secretsInAnswer,
  secretsInState,
  stringsOf,
} from "../helpers/secret-values.js";

const CANARY = {
  secret: 'cnry-secret-"\\/+ &é-7Qx9vB2mKp4Lz',
  rotated: 'cnry-rotated-"\\/+ &é-Wm3Rt8Yq1Ne6',
  backendToken: 'cnry-fedtoken-"\\/+ &é-Hs5Jk2Lp9Qa4',
  enginePassword: 'cnry-engine-"\\/+ &é-Rb4Tn7Ux2Kd5',
  // A .env value: no quotes or spaces, or the line would need dotenv quoting.
  envValue: "cnry-envvalue/+&é-Pz7Xc3Vb6Nm1",
};

type Surface = "tool result" | "tool error" | "resource read" | "resource list" | "prompt" | "completion";

interface Call {
  name: string;
  surface: Surface;
  /** Every string of the answer (leaves, plus the whole as JSON), where a value in any form would show. */
  haystack: string[];
  /** Secret material in the vault's raw answers to this call. */
  answered: string[];
  structured?: unknown;
}

interface Run {
  calls: Call[];
  logs: string[];
  /** Secret material the vault holds after the run (secret data, stored credentials, signing secrets, ...). */
  stored: string[];
  /** Everything the server sent to the vault, as text (the canaries given as arguments are in it). */
  requests: string[];
}

async function workflow(mask: boolean): Promise<Run> {
  const logs: string[] = [];
  const h: Harness = await connect(
    { maskValues: mask },
    { seed: 42 },
    createLogger((line) => logs.push(line)),
  );
  const calls: Call[] = [];
  const answers = () => h.sent.splice(0).flatMap((r) => (r.answer ? secretsInAnswer(r.answer.body) : []));
  const record = (name: string, surface: Surface, value: unknown, structured?: unknown) =>
    calls.push({ name, surface, haystack: stringsOf(value), answered: answers(), structured });
  const requests: string[] = [];
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = await h.call(name, args);
    requests.push(...h.sent.map((r) => `${r.url.href}\n${r.body}`));
    record(name, result.isError ? "tool error" : "tool result", result, result.structuredContent);
    return result;
  };
  const sc = <T = any>(r: { structuredContent?: unknown }) => r.structuredContent as T;
  const other = async (name: string, surface: Surface, run: () => Promise<unknown>) => {
    const value = await run().catch((e: Error) => ({ error: e.message }));
    record(name, surface, value, value);
  };

  // secrets
  await call("scaivault_write_secret", { path: "apps/canary/db", data: { password: CANARY.secret, note: "x" } });
  await call("scaivault_read_secret", { path: "apps/canary/db" });
  await call("scaivault_rotate_secret", { path: "apps/canary/db", data: { password: CANARY.rotated } });
  await call("scaivault_rotate_secret", { path: "apps/canary/db" });
  await call("scaivault_get_secret_versions", { path: "apps/canary/db", include_data: true });
  await call("scaivault_list_secrets", { prefix: "apps/canary" });
  await call("scaivault_read_secret", { path: "infra/db/primary/credentials" });
  await call("scaivault_write_secret", { path: "apps/canary/plain", data: { password: CANARY.secret } });
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
  await call("scaivault_create_dynamic_engine", {
    name: "pg-canary",
    type: "database",
    config: {
      plugin: "postgresql",
      connection_url: "postgresql://{{username}}:{{password}}@db.internal:5432/main",
      username: "root",
      password: CANARY.enginePassword,
    },
  });
  await call("scaivault_get_dynamic_engine", { engine: "pg-canary" });
  await call("scaivault_create_federation_backend", {
    name: "canary-fed",
    type: "hashicorp-vault",
    mode: "proxy",
    config: { endpoint: "https://hv.example.test", auth_method: "token", token: CANARY.backendToken },
    path_mapping: { "external/canary/**": "secret/data/**" },
  });
  await call("scaivault_get_federation_backend", { backend: "canary-fed" });
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
  // Errors whose requests carry canaries: the answer must not echo them.
  await call("scaivault_read_secret", { path: "apps/canary/db", version: 99 });
  await call("scaivault_rotate_secret", { path: "apps/canary/missing", data: { password: CANARY.secret } });
  await call("scaivault_write_secret", { path: "apps/canary/../db", data: { password: CANARY.secret } });
  await call("scaivault_create_federation_backend", {
    name: "canary-fed-bad",
    type: "hashicorp-vault",
    mode: "proxy",
    config: { endpoint: "ftp://hv.example.test", auth_method: "token", token: CANARY.backendToken },
    path_mapping: { "external/canary2/**": "secret/data/**" },
  });
  await call("scaivault_create_dynamic_engine", {
    name: "pg-canary-bad",
    type: "database",
    config: {
      plugin: "postgresql",
      connection_url: "postgresql://{{username}}:{{password}}@db.invalid:5432/x",
      username: "root",
      password: CANARY.enginePassword,
    },
  });
  // resources, prompts, completions
  for (const uri of [
    "scaivault://secrets/tnt_acme_prod/apps/canary/plain",
    "scaivault://secrets/tnt_acme_prod/infra/db/primary/credentials",
  ])
    await other(uri, "resource read", () => h.client.readResource({ uri }));
  await other("listResources", "resource list", () => h.client.listResources());
  await other("listResourceTemplates", "resource list", () => h.client.listResourceTemplates());
  for (const [name, args] of [
    ["rotate-credential", { path: "apps/canary/db" }],
    ["audit-investigation", { path: "apps/canary/db" }],
    ["migrate-from-env", { env: `DB_URL=postgres://x\nAPI_KEY=${CANARY.envValue}\n`, prefix: "apps/canary" }],
  ] as const)
    await other(name, "prompt", () => h.client.getPrompt({ name, arguments: args }));
  for (const [ref, name, value] of [
    [{ type: "ref/resource", uri: "scaivault://secrets/{tenant}/{+path}" }, "path", "apps/can"],
    [{ type: "ref/prompt", name: "audit-investigation" }, "path", "apps/canary/"],
    [{ type: "ref/prompt", name: "migrate-from-env" }, "prefix", "apps/"],
  ] as const)
    await other(`complete ${name}`, "completion", () =>
      h.client.complete({ ref, argument: { name, value }, context: { arguments: { tenant: "tnt_acme_prod" } } }),
    );
  const stored = secretsInState(h.mock.snapshot());
  await h.close();
  return { calls, logs, stored, requests };
}

let control: Run;
let masked: Run;
/** Everything that counts as secret, from both runs' vault views, the planted canaries and the runs' differences. */
let secrets: string[];

const surfaceOf = (run: Run, surface: Surface) => run.calls.filter((c) => c.surface === surface);
const haystackOf = (calls: Call[]) => calls.flatMap((c) => c.haystack);

function found(haystack: string[], values: string[]): string[] {
  const out: string[] = [];
  for (const value of values)
    for (const form of encodings(value)) if (haystack.some((h) => h.includes(form))) out.push(form);
  return out;
}

beforeAll(async () => {
  control = await workflow(false);
  masked = await workflow(true);
  const planted = [CANARY.secret, CANARY.rotated, CANARY.backendToken, CANARY.enginePassword];
  const hidden = control.calls.flatMap((c, i) => differingParts(c.structured, masked.calls[i]?.structured));
  const vault = [
    ...control.stored,
    ...masked.stored,
    ...[control, masked].flatMap((r) => r.calls.flatMap((c) => c.answered)),
  ];
  secrets = [...new Set([...planted, ...hidden, ...vault])].filter(looksSecret);
}, 120_000);

describe("leak canaries", () => {
  it("both runs made the same calls, and the values to look for come from the vault, not from secretFields", () => {
    expect(masked.calls.map((c) => `${c.name} ${c.surface}`)).toEqual(
      control.calls.map((c) => `${c.name} ${c.surface}`),
    );
    expect(control.requests.some((r) => r.includes(JSON.stringify(CANARY.backendToken).slice(1, -1)))).toBe(true);
    // Secret material the vault itself answered with, per tool that returns some (a root CA's or an ACME account's key never leaves the vault).
    for (const tool of [
      "scaivault_read_secret",
      "scaivault_rotate_secret",
      "scaivault_get_secret_versions",
      "scaivault_generate_secret_preview",
      "scaivault_create_service_account",
      "scaivault_create_api_key",
      "scaivault_create_subscription",
      "scaivault_generate_credentials",
      "scaivault_proxy_read",
      "scaivault_issue_certificate",
      "scaivault_request_certificate",
    ]) {
      const answered = control.calls
        .filter((c) => c.name === tool && c.surface === "tool result")
        .flatMap((c) => c.answered);
      expect(answered.filter(looksSecret).length, `${tool}: the vault answered no secret material`).toBeGreaterThan(0);
    }
    expect(control.stored).toEqual(expect.arrayContaining([CANARY.secret, CANARY.rotated]));
    expect(secrets.length).toBeGreaterThan(40);
  });

  it("control run, tool results and resource reads: every secret the vault answered shows; planted ones raw and JSON-escaped", () => {
    for (const c of [...surfaceOf(control, "tool result"), ...surfaceOf(control, "resource read")])
      for (const value of c.answered.filter(looksSecret))
        expect(found(c.haystack, [value]), `${c.name} did not show ${value.slice(0, 20)}…`).not.toEqual([]);
    expect(
      surfaceOf(control, "resource read")
        .flatMap((c) => c.answered)
        .filter(looksSecret).length,
    ).toBeGreaterThanOrEqual(2);
    const results = haystackOf(surfaceOf(control, "tool result"));
    const escaped = JSON.stringify(CANARY.secret).slice(1, -1);
    expect(escaped).not.toBe(CANARY.secret);
    expect(results.some((h) => h.includes(CANARY.secret))).toBe(true);
    expect(results.some((h) => h.includes(escaped))).toBe(true);
    expect(found(results, [CANARY.rotated])).not.toEqual([]);
  });

  it("control run, resource reads: a planted value shows JSON-escaped only (the resource text is JSON)", () => {
    const reads = haystackOf(surfaceOf(control, "resource read"));
    expect(found(reads, [CANARY.secret])).toEqual([JSON.stringify(CANARY.secret).slice(1, -1), expect.any(String)]);
    expect(reads.some((h) => h.includes(CANARY.secret))).toBe(false);
  });

  it("control run, prompts: the user's .env value shows only in the user's own text block, no vault value at all", () => {
    const migrate = surfaceOf(control, "prompt").find((c) => c.name === "migrate-from-env")?.structured as
      | GetPromptResult
      | undefined;
    const [instructions, userBlock] = (migrate?.messages ?? []).map((m) => stringsOf(m.content));
    expect(found(userBlock ?? [], [CANARY.envValue])).not.toEqual([]);
    expect(found(instructions ?? [], [CANARY.envValue])).toEqual([]);
    expect(found(haystackOf(surfaceOf(control, "prompt")), secrets)).toEqual([]);
  });

  it("with MASK_VALUES no secret appears on any surface, in any encoding", () => {
    const leaks = masked.calls.flatMap((c) =>
      found(c.haystack, secrets).map((form) => `${c.surface} ${c.name}: ${form.slice(0, 24)}…`),
    );
    expect(leaks).toEqual([]);
    expect(found(masked.logs, secrets), "log").toEqual([]);
    // The masked results still say that a value exists.
    expect(haystackOf(surfaceOf(masked, "tool result")).some((h) => h.includes(MASK))).toBe(true);
  });

  it("surfaces that cannot carry a value by design stay clean even with masking off: errors, resource lists, completions, the log", () => {
    // Error answers to requests that carried canaries (missing secret, refused path, bad backend and engine configs).
    const errors = surfaceOf(control, "tool error");
    expect(errors.length).toBeGreaterThanOrEqual(5);
    for (const surface of ["tool error", "resource list", "completion"] as const)
      expect(found(haystackOf(surfaceOf(control, surface)), secrets), surface).toEqual([]);
    expect(found(haystackOf(surfaceOf(control, "completion")), ["apps/canary/db"])).not.toEqual([]);
    expect(control.logs.length, "refusals and API failures are logged").toBeGreaterThan(0);
    expect(found(control.logs, [...secrets, CANARY.envValue]), "log").toEqual([]);
  });

  it("credentials given in a federation backend or engine config are never echoed, masked or not", () => {
    const created = control.calls.filter(
      (c) =>
        /create_(federation_backend|dynamic_engine)|get_(federation_backend|dynamic_engine)/.test(c.name) &&
        c.surface === "tool result",
    );
    expect(created.map((c) => c.name)).toEqual([
      "scaivault_create_dynamic_engine",
      "scaivault_get_dynamic_engine",
      "scaivault_create_federation_backend",
      "scaivault_get_federation_backend",
    ]);
    const all = [control, masked].flatMap((r) => haystackOf(r.calls));
    expect(found(all, [CANARY.backendToken, CANARY.enginePassword])).toEqual([]);
  });

  it("masked passwords inside connection URLs keep the rest of the URL", () => {
    const generated = haystackOf(surfaceOf(masked, "tool result")).find((o) => o.startsWith("postgresql://"));
    expect(generated).toMatch(/^postgresql:\/\/v_readonly_[a-z0-9_]+:••••••@db\.internal:5432\/main$/);
    expect(maskUrlPassword("postgresql://u:p@h/d")).toBe("postgresql://u:••••••@h/d");
  });
});
