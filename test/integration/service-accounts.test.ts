import { afterEach, describe, expect, it } from "vitest";
import { createClient, type VaultError } from "../../src/client/index.js";
import { connect, expectRefused, type Harness, requestsSeen, textOf } from "../helpers/harness.js";
import { hintsAsRead } from "../helpers/hints.js";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const MASK = "••••••";
const WRITES: [string, Record<string, unknown>][] = [
  ["scaivault_create_service_account", { name: "etl-job" }],
  ["scaivault_update_service_account", { service_account_id: "web-frontend", status: "disabled" }],
  ["scaivault_delete_service_account", { service_account_id: "web-frontend" }],
  ["scaivault_create_api_key", { service_account_id: "web-frontend" }],
  ["scaivault_delete_api_key", { service_account_id: "billing-worker", key_id: "key_x" }],
];

describe("service account tools", () => {
  it("list and get", async () => {
    h = await connect();
    const list = await h.ok("scaivault_list_service_accounts");
    expect(list.data.map((a: { identity_id: string }) => a.identity_id)).toEqual([
      "sa:billing-worker",
      "sa:report-runner",
      "sa:web-frontend",
    ]);
    const runner = await h.ok("scaivault_get_service_account", { service_account_id: "sa:report-runner" });
    expect(runner).toMatchObject({ name: "report-runner", scopes: ["secrets:read", "secrets:list"], api_key_count: 1 });
    // What the account may be granted at all: its own policy and the one of its group.
    expect(runner.policies).toEqual([
      expect.objectContaining({
        id: "pol_reporting_read",
        name: "reporting-integrations-read",
        via: "sa:report-runner",
      }),
      expect.objectContaining({ id: "pol_automation_guard", via: "group:automation" }),
    ]);
  });

  it("create, update and delete an account; errors come back as isError with the API code", async () => {
    h = await connect();
    const created = await h.ok("scaivault_create_service_account", {
      name: "etl-job",
      description: "ETL",
      scopes: ["secrets:read"],
    });
    expect(created).toMatchObject({ identity_id: "sa:etl-job", status: "active" });
    expect(created.client_secret).toMatch(/^svc_mock_/);
    const updated = await h.ok("scaivault_update_service_account", {
      service_account_id: "etl-job",
      scopes: ["secrets:read", "secrets:list"],
    });
    expect(updated.scopes).toEqual(["secrets:read", "secrets:list"]);
    expect(await h.ok("scaivault_delete_service_account", { service_account_id: created.id })).toMatchObject({
      deleted: true,
      api_keys_deleted: 0,
    });
    const missing = await h.call("scaivault_get_service_account", { service_account_id: "etl-job" });
    expectRefused(missing, "service_account_not_found");
  });

  it("a key created through the tool is a bearer token until delete_api_key (then 401 token_invalid)", async () => {
    h = await connect();
    const key = await h.ok("scaivault_create_api_key", { service_account_id: "report-runner", name: "agent" });
    expect(key.key).toMatch(/^svk_mock_/);
    const asKey = createClient({ baseUrl: h.mock.baseUrl, token: key.key, fetch: h.mock.fetch, maxRetries: 0 });
    expect(await asKey.whoami()).toMatchObject({ identity_id: "sa:report-runner", identity_type: "service_account" });
    const keys = await h.ok("scaivault_list_api_keys", { service_account_id: "report-runner" });
    expect(keys.data.map((k: { prefix: string }) => k.prefix)).toContain(key.prefix);
    expect(JSON.stringify(keys)).not.toContain(key.key);
    expect(
      await h.ok("scaivault_delete_api_key", { service_account_id: "report-runner", key_id: key.id }),
    ).toMatchObject({ deleted: true });
    const error = (await asKey.whoami().catch((e) => e)) as VaultError;
    expect(error).toMatchObject({ code: "token_invalid", status: 401 });
  });

  it("masks the new key and the client secret under MASK_VALUES; ids and prefixes stay visible", async () => {
    h = await connect({ maskValues: true });
    const key = await h.ok("scaivault_create_api_key", { service_account_id: "billing-worker" });
    expect(key.key).toBe(MASK);
    expect(key.prefix).toMatch(/^svk_mock_/);
    expect(key.id).toMatch(/^key_/);
    const account = await h.ok("scaivault_create_service_account", { name: "masked-one" });
    expect(account.client_secret).toBe(MASK);
    expect(account.client_id).toBe("masked-one@tnt_acme_prod");
  });

  it("READ_ONLY refuses every create/update/delete tool before any request", async () => {
    h = await connect({ readOnly: true });
    const before = requestsSeen(h.mock);
    for (const [tool, args] of WRITES) expectRefused(await h.call(tool, args), "read_only");
    expect(requestsSeen(h.mock)).toBe(before);
    expect((await h.ok("scaivault_list_api_keys", { service_account_id: "billing-worker" })).data).toHaveLength(1);
  });

  it("declares access through annotations: deletes are destructive, reads read-only", async () => {
    h = await connect();
    const { tools } = await h.client.listTools();
    const hints = Object.fromEntries(
      tools.filter((t) => /service_account|api_key/.test(t.name)).map((t) => [t.name, t.annotations]),
    );
    expect(Object.keys(hints)).toHaveLength(8);
    const read = (name: string) => hintsAsRead(hints[name]);
    expect(read("scaivault_delete_api_key")).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(read("scaivault_delete_service_account")).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(read("scaivault_create_api_key")).toMatchObject({ readOnlyHint: false, destructiveHint: false });
    expect(read("scaivault_list_api_keys")).toMatchObject({ readOnlyHint: true });
    // Every tool that writes states destructiveHint itself: hosts ask for confirmation by it.
    expect(hints.scaivault_delete_api_key?.destructiveHint).toBe(true);
    expect(hints.scaivault_create_api_key?.destructiveHint).toBe(false);
  });

  it("a token without identity scopes gets the vault's insufficient_scope", async () => {
    h = await connect({ token: "skt_mock_demo_reader" });
    const result = await h.call("scaivault_list_service_accounts");
    expectRefused(result, "insufficient_scope");
    expect(textOf(result)).not.toContain("skt_mock_demo_reader");
  });
});
