/** The 6 federation tools end to end: MCP client -> server -> guard -> client -> mock vault. */
import { afterEach, describe, expect, it } from "vitest";
import { MASK } from "../../src/guard/mask.js";
import { connect, expectRefused, type Harness, requestsSeen, textOf } from "../helpers/harness.js";

let h: Harness;
afterEach(async () => h?.close());

const names = (list: { data: { name: string }[] }) => list.data.map((b) => b.name);

describe("federation tools (no guardrails)", () => {
  it("lists, gets, tests and creates backends", async () => {
    h = await connect();
    const list = await h.ok("scaivault_list_federation_backends");
    expect(names(list)).toEqual(["aws-prod", "azure-shared", "gcp-analytics", "hashicorp-production"]);
    const hv = await h.ok("scaivault_get_federation_backend", { backend: "hashicorp-production" });
    expect(hv).toMatchObject({
      type: "hashicorp-vault",
      mode: "proxy",
      path_mapping: { "external/hashicorp/**": "secret/data/**" },
    });
    const test = await h.ok("scaivault_test_federation_backend", { backend: "hashicorp-production" });
    expect(test.connection).toMatchObject({ status: "connected", endpoint: "https://vault.internal:8200" });
    expect(typeof test.connection.latency_ms).toBe("number");

    h.mock.state.tenant(h.mock.tenantId).federation.setReachable("azure-shared", false);
    const down = await h.ok("scaivault_test_federation_backend", { backend: "azure-shared" });
    expect(down).toMatchObject({ status: "unhealthy", connection: { status: "unreachable", latency_ms: null } });

    const created = await h.ok("scaivault_create_federation_backend", {
      name: "aws-staging",
      type: "aws-secrets-manager",
      mode: "sync",
      sync_interval: "15m",
      config: { region: "eu-central-1", credentials_path: "infra/aws/sm/staging" },
      path_mapping: { "external/aws-staging/**": "staging/**" },
    });
    expect(created).toMatchObject({ name: "aws-staging", mode: "sync", sync_interval: "15m", last_sync: null });
    const synced = await h.ok("scaivault_sync_federation_backend", { backend: "aws-staging" });
    expect(synced).toMatchObject({ created: 2, updated: 0, unchanged: 0, conflicts: [] });

    const missing = await h.call("scaivault_get_federation_backend", { backend: "nope" });
    expect(textOf(missing)).toMatch(/^backend_not_found: .*HTTP 404/);
  });

  it("syncs a sync-mode backend and reports conflicts for local edits", async () => {
    h = await connect();
    const first = await h.ok("scaivault_sync_federation_backend", { backend: "aws-prod" });
    expect(first).toMatchObject({ backend: "aws-prod", created: 3, updated: 0, unchanged: 0, secrets_synced: 3 });
    const listed = await h.ok("scaivault_list_secrets", { prefix: "external/aws" });
    expect(listed.data).toHaveLength(3);
    await h.ok("scaivault_write_secret", {
      path: "external/aws/search/algolia",
      data: { app_id: "MOCKAPP123", api_key: "local-edit" },
    });
    h.mock.state
      .tenant(h.mock.tenantId)
      .federation.putExternal("aws-prod", "prod/search/algolia", { app_id: "MOCKAPP123", api_key: "remote-edit" });
    const second = await h.ok("scaivault_sync_federation_backend", { backend: "aws-prod" });
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(second.conflicts).toEqual([
      expect.objectContaining({ path: "external/aws/search/algolia", reason: "modified_locally", local_version: 2 }),
    ]);
    const proxied = await h.call("scaivault_sync_federation_backend", { backend: "hashicorp-production" });
    expect(textOf(proxied)).toMatch(/^backend_not_sync_mode: /);
  });

  it("reads through a proxy-mode backend without storing; writes to the path are rejected", async () => {
    h = await connect();
    const read = await h.ok("scaivault_proxy_read", { path: "external/hashicorp/app/db/password" });
    expect(read).toMatchObject({
      path: "external/hashicorp/app/db/password",
      backend: "hashicorp-production",
      external_path: "secret/data/app/db/password",
    });
    expect(String(read.data.password)).toMatch(/^mock-/);
    expect((await h.ok("scaivault_list_secrets", { prefix: "external" })).data).toEqual([]);
    const write = await h.call("scaivault_write_secret", {
      path: "external/hashicorp/app/db/password",
      data: { password: "x" },
    });
    expect(textOf(write)).toMatch(/^proxied_path_read_only: .*HTTP 409/);
    // the plain read tool proxies too
    const viaRead = await h.ok("scaivault_read_secret", { path: "external/hashicorp/app/db/password" });
    expect(viaRead.data).toEqual(read.data);
    const unmapped = await h.call("scaivault_proxy_read", { path: "apps/web/session-key" });
    expect(textOf(unmapped)).toMatch(/^federation_mapping_not_found: /);
  });
});

describe("federation tools under READ_ONLY", () => {
  it("refuses create and sync before any request; test and proxy_read still work", async () => {
    h = await connect({ readOnly: true });
    const before = requestsSeen(h.mock);
    expectRefused(
      await h.call("scaivault_create_federation_backend", {
        name: "x",
        type: "aws-secrets-manager",
        mode: "proxy",
        config: { region: "us-east-1" },
        path_mapping: { "external/x/**": "**" },
      }),
      "read_only",
    );
    expectRefused(await h.call("scaivault_sync_federation_backend", { backend: "aws-prod" }), "read_only");
    expect(requestsSeen(h.mock)).toBe(before);
    expect((await h.ok("scaivault_test_federation_backend", { backend: "aws-prod" })).connection.status).toBe(
      "connected",
    );
    expect((await h.ok("scaivault_proxy_read", { path: "external/azure/smtp-relay-password" })).external_path).toBe(
      "smtp-relay-password",
    );
    expect(names(await h.ok("scaivault_list_federation_backends"))).toHaveLength(4);
    expect((await h.ok("scaivault_get_federation_backend", { backend: "gcp-analytics" })).mode).toBe("sync");
  });
});

describe("scaivault_proxy_read path guard", () => {
  it("refuses paths outside SCAIVAULT_ALLOWED_PATHS and under SCAIVAULT_DENIED_PATHS before any request", async () => {
    h = await connect({ allowedPaths: ["external/hashicorp"], deniedPaths: ["external/hashicorp/legacy"] });
    const before = requestsSeen(h.mock);
    expectRefused(await h.call("scaivault_proxy_read", { path: "external/aws/search/algolia" }), "path_not_allowed");
    expectRefused(await h.call("scaivault_proxy_read", { path: "external/hashicorp-other/x" }), "path_not_allowed");
    expectRefused(await h.call("scaivault_proxy_read", { path: "external/hashicorp/legacy/ldap/bind" }), "path_denied");
    expectRefused(
      await h.call("scaivault_proxy_read", { path: "external/hashicorp/../aws/search/algolia" }),
      "invalid_path",
    );
    expectRefused(await h.call("scaivault_proxy_read", { path: "external/hashicorp/%2e%2e/aws" }), "invalid_path");
    expect(requestsSeen(h.mock)).toBe(before);
    // sync results only name conflicting paths inside the window
    const fed = h.mock.state.tenant(h.mock.tenantId).federation;
    fed.create(
      {
        name: "hv-sync",
        type: "hashicorp-vault",
        mode: "sync",
        sync_interval: "1h",
        config: { endpoint: "https://v.internal", auth_method: "token", token: "t" },
        path_mapping: { "external/hashicorp/synced/**": "a/**", "external/other/**": "b/**" },
      },
      null,
      { "a/x": { v: 1 }, "b/y": { v: 2 } },
    );
    h.mock.state.tenant(h.mock.tenantId).secrets.write("external/hashicorp/synced/x", { data: { v: "local" } });
    h.mock.state.tenant(h.mock.tenantId).secrets.write("external/other/y", { data: { v: "local" } });
    // A sync writes wherever the backend's mapping points ("external/other/**" is outside the
    // window), which the guard cannot see: refused while a path window is set.
    const beforeSync = requestsSeen(h.mock);
    expectRefused(await h.call("scaivault_sync_federation_backend", { backend: "hv-sync" }), "path_not_allowed");
    expect(requestsSeen(h.mock)).toBe(beforeSync);
    expect(h.mock.state.tenant(h.mock.tenantId).secrets.peek("external/other/y")?.current_version).toBe(1);
    const read = await h.ok("scaivault_proxy_read", { path: "/external//hashicorp/app/db/password/" });
    expect(read.path).toBe("external/hashicorp/app/db/password");
    expect(h.mock.state.audit.events.at(-1)?.path).toBe("external/hashicorp/app/db/password");
  });

  it("refuses creating a backend under a path window: a new mapping could expose a denied remote path", async () => {
    h = await connect({ deniedPaths: ["external/hashicorp/legacy"] });
    expectRefused(await h.call("scaivault_proxy_read", { path: "external/hashicorp/legacy/ldap/bind" }), "path_denied");
    // The same HashiCorp Vault, its legacy tree mapped under a local path the window allows.
    const before = requestsSeen(h.mock);
    const copy = await h.call("scaivault_create_federation_backend", {
      name: "hv-copy",
      type: "hashicorp-vault",
      mode: "proxy",
      config: {
        endpoint: "https://vault.internal:8200",
        auth_method: "approle",
        auth_config_path: "infra/hashicorp/approle-creds",
      },
      path_mapping: { "external/copy/**": "secret/data/legacy/**" },
    });
    expectRefused(copy, "path_denied");
    expect(requestsSeen(h.mock)).toBe(before);
    expect(h.mock.state.tenant(h.mock.tenantId).federation.state.backends.size).toBe(4);
  });
});

describe("federation tools under MASK_VALUES", () => {
  it("masks proxied data values; keys, paths and backend stay visible", async () => {
    h = await connect({ maskValues: true, outputSchemas: true });
    await h.client.listTools(); // the SDK client then validates structuredContent against each output schema
    const result = await h.call("scaivault_proxy_read", { path: "external/hashicorp/legacy/ldap/bind" });
    expect(result.isError, textOf(result)).toBeFalsy();
    const read = result.structuredContent as any;
    expect(read.data).toEqual({ bind_dn: MASK, password: MASK });
    expect(read).toMatchObject({
      path: "external/hashicorp/legacy/ldap/bind",
      external_path: "secret/data/legacy/ldap/bind",
      backend: "hashicorp-production",
    });
    expect(JSON.parse(textOf(result))).toEqual(read);

    const created = await h.ok("scaivault_create_federation_backend", {
      name: "vault-dr",
      type: "hashicorp-vault",
      mode: "proxy",
      config: { endpoint: "https://vault-dr.internal:8200", auth_method: "token", token: "hvs.mock-token" },
      path_mapping: { "external/dr/**": "kv/data/**" },
    });
    expect(created.config).toMatchObject({ token: MASK, endpoint: "https://vault-dr.internal:8200" });
    const synced = await h.ok("scaivault_sync_federation_backend", { backend: "gcp-analytics" });
    expect(synced.created).toBe(2);
  });
});
