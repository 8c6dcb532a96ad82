/**
 * `store_at` on the tools that show a value once (src/guard/store.ts): the value goes vault to
 * vault, the agent sees the path and metadata. The minted value is taken from the mock's raw
 * answer (what the server got), then looked for in everything the client received.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type ConfigInput, MOCK_ADMIN_TOKEN } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import { catalog } from "../../src/tools/index.js";
import { connect, expectRefused, type Harness, textOf } from "../helpers/harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const PLACE = "apps/web/minted";

/** Each one-time tool with arguments the seeded mock mints for, and the answer's fields that are the value. */
const MINTS: {
  tool: string;
  args: Record<string, unknown> | ((h: Harness) => Promise<Record<string, unknown>>);
  value: string[];
}[] = [
  { tool: "scaivault_create_api_key", args: { service_account_id: "web-frontend", name: "ci" }, value: ["key"] },
  {
    tool: "scaivault_create_service_account",
    args: { name: "store-at-probe", scopes: ["secrets:read"] },
    value: ["client_secret"],
  },
  {
    tool: "scaivault_issue_certificate",
    args: { role: "svc-mtls", common_name: "inventory.svc.cluster.local", ttl: "72h" },
    value: ["private_key"],
  },
  {
    tool: "scaivault_generate_credentials",
    args: { engine: "postgres-prod", role: "readonly", ttl: "1h" },
    value: ["credentials.password", "credentials.connection_url"],
  },
  {
    tool: "scaivault_create_subscription",
    args: { name: "hook", events: ["secret.*"], paths: ["apps/**"], url: "https://hooks.example.test/vault" },
    value: ["signing_secret"],
  },
  {
    tool: "scaivault_request_certificate",
    args: async (h) => ({
      account_id: (await h.ok("scaivault_list_acme_accounts", {})).data[0].id,
      identifiers: ["portal.acme.example"],
      challenge_type: "http-01",
    }),
    value: ["certificate.private_key"],
  },
];

const argsOf = async (mint: (typeof MINTS)[number], h: Harness) =>
  typeof mint.args === "function" ? mint.args(h) : mint.args;

function at(root: unknown, dotted: string): unknown {
  return dotted.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
}

/** Connects with a log sink and every notification the client receives recorded. */
async function observed(profile: Partial<ConfigInput> = {}) {
  const logs: string[] = [];
  const harness = await connect(
    profile,
    {},
    createLogger((line) => logs.push(line)),
  );
  const notifications: string[] = [];
  harness.client.fallbackNotificationHandler = async (n) => {
    notifications.push(JSON.stringify(n));
  };
  return { harness, logs, notifications };
}

describe("store_at", () => {
  it("is listed on every tool that shows a value once, with a description", async () => {
    h = await connect();
    const { tools } = await h.client.listTools();
    const withStore = tools.filter((t) => t.inputSchema.properties?.store_at).map((t) => t.name);
    expect(withStore.sort()).toEqual(MINTS.map((m) => m.tool).sort());
    expect(withStore.sort()).toEqual(
      catalog
        .filter((t) => t.oneTime)
        .map((t) => t.name)
        .sort(),
    );
    for (const t of tools.filter((t) => withStore.includes(t.name))) {
      const prop = t.inputSchema.properties?.store_at as { description?: string; type?: string };
      expect(prop.type).toBe("string");
      expect(prop.description).toMatch(/never the value/);
      expect(t.inputSchema.required ?? []).not.toContain("store_at");
    }
  });

  for (const mask of [false, true])
    for (const mint of MINTS)
      it(`${mint.tool}${mask ? " under MASK_VALUES" : ""}: the value is written at store_at and reaches the agent nowhere`, async () => {
        const { harness, logs, notifications } = await observed({ maskValues: mask });
        h = harness;
        const result = await h.call(mint.tool, { ...(await argsOf(mint, h)), store_at: `/${PLACE}/` });
        expect(result.isError, textOf(result)).toBeFalsy();
        // The mint is the last successful POST (an ACME request orders, then finalizes).
        const answer = h.sent.filter((r) => r.method === "POST" && r.answer && r.answer.status < 300).pop();
        const minted = JSON.parse(answer?.answer?.body ?? "{}");
        // store_at is the guard's: the vault never sees it.
        expect(answer?.body).not.toContain("store_at");
        const values = mint.value.map((field) => at(minted, field));
        for (const value of values) expect(typeof value === "string" && value.length > 8, String(value)).toBe(true);

        const shown = result.structuredContent as Record<string, unknown>;
        expect(shown.stored).toMatchObject({ path: PLACE, version: 1 });
        const seen = [textOf(result), JSON.stringify(result), ...logs, ...notifications].join("\n");
        for (const value of values) {
          expect(seen).not.toContain(value as string);
          expect(seen).not.toContain(JSON.stringify(value).slice(1, -1));
        }

        // What the server wrote at store_at is the value the vault minted.
        const write = h.sent.find((r) => r.method === "PUT" && r.url.pathname.endsWith(`/${PLACE.split("/").pop()}`));
        expect(write, "a secret write at store_at").toBeDefined();
        const stored = JSON.parse(write?.body ?? "{}");
        for (const [i, field] of mint.value.entries()) {
          const key = field.split(".").pop() as string;
          expect(stored.data[key]).toBe(values[i]);
        }
        expect(stored.metadata.minted_by).toBe(mint.tool);
      });

  it("the stored secret can be read back by a server that shows values", async () => {
    h = await connect({ maskValues: true });
    const created = await h.ok("scaivault_create_api_key", { service_account_id: "web-frontend", store_at: PLACE });
    expect(created.key).toBe("••••••");
    expect(created.stored).toEqual({ path: PLACE, version: 1, fields: ["key"] });
    const raw = await h.mock.fetch(
      new Request(`${h.mock.baseUrl}/v1/secrets/${PLACE}`, {
        headers: { Authorization: `Bearer ${MOCK_ADMIN_TOKEN}` },
      }),
    );
    const secret = (await raw.json()) as { data: { key: string }; secret_type: string; metadata: unknown };
    expect(secret.data.key).toMatch(/^svk_mock_/);
    expect(secret.secret_type).toBe("api_key");
    expect(secret.metadata).toMatchObject({
      key_id: created.id,
      prefix: created.prefix,
      minted_by: "scaivault_create_api_key",
    });
  });

  it("without store_at the tools answer as before (the value in clear unless masked)", async () => {
    h = await connect();
    const created = await h.ok("scaivault_create_api_key", { service_account_id: "web-frontend" });
    expect(created.key).toMatch(/^svk_mock_/);
    expect(created.stored).toBeUndefined();
    expect(h.sent.filter((r) => r.method === "PUT")).toEqual([]);
  });

  const refusing: [Partial<ConfigInput>, string][] = [
    [{ allowedPaths: ["infra"] }, "path_not_allowed"],
    [{ deniedPaths: ["apps/web"] }, "path_denied"],
    [{ readOnly: true }, "read_only"],
  ];
  for (const [profile, code] of refusing)
    it(`a store_at the server may not write (${code}) is refused before anything is minted`, async () => {
      h = await connect(profile);
      for (const mint of MINTS) {
        const args = await argsOf(mint, h);
        h.sent.length = 0;
        const result = await h.call(mint.tool, { ...args, store_at: PLACE });
        expectRefused(result, code);
        expect(h.sent, mint.tool).toEqual([]);
      }
    });

  it("a store_at that is no secret path is refused as invalid, before the vault", async () => {
    h = await connect();
    for (const bad of ["apps/../infra/db", "apps/%2e%2e/x", ""]) {
      h.sent.length = 0;
      const result = await h.call("scaivault_create_api_key", { service_account_id: "web-frontend", store_at: bad });
      expect(result.isError, bad).toBe(true);
      expect(h.sent, bad).toEqual([]);
    }
  });

  it("a write that fails after the mint says what was minted and how to remove it, never the value", async () => {
    const { harness, logs, notifications } = await observed();
    h = harness;
    h.mock.fault({ method: "PUT", route: "/v1/secrets/", status: 403, code: "permission_denied" });
    const result = await h.call("scaivault_create_api_key", { service_account_id: "web-frontend", store_at: PLACE });
    expectRefused(result, "store_failed");
    const minted = JSON.parse(h.sent.find((r) => r.method === "POST")?.answer?.body ?? "{}");
    expect(minted.key).toMatch(/^svk_mock_/);
    expect([JSON.stringify(result), ...logs, ...notifications].join("\n")).not.toContain(minted.key);
    expect(textOf(result)).toContain(minted.id);
    expect(textOf(result)).toContain("scaivault_delete_api_key");
    expect(textOf(result)).toContain("HTTP 403");
  });
});
