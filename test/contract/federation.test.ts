/**
 * Contract: the federation client against the mock vault, endpoint by endpoint, over the
 * simulated external stores. Every response parses with src/client/schemas/federation.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { VaultEvent } from "../../mock-vault/core/events.js";
import { createMockVault } from "../../mock-vault/index.js";
import { createClient } from "../../src/client/index.js";
import {
  BackendList,
  BackendStatus,
  ConflictList,
  FederationBackend,
  ProxiedSecret,
  SyncResult,
} from "../../src/client/schemas/federation.js";
import { Secret, SecretList } from "../../src/client/schemas/secrets.js";

const mock = createMockVault({ seed: 42 });
const as = (token: string) => createClient({ baseUrl: mock.baseUrl, token, fetch: mock.fetch, maxRetries: 0 });
const client = as(mock.tokens.admin);
const store = () => mock.state.tenant(mock.tenantId).federation;
const lastAudit = () => mock.state.audit.events.at(-1);
let events: VaultEvent[] = [];
let off: () => void = () => {};

beforeEach(() => {
  mock.reset();
  events = [];
  off = mock.state.bus.on((e) => events.push(e));
});
afterEach(() => off());

describe("federation backends", () => {
  it("GET /v1/federation/backends lists the demo backends", async () => {
    const list = BackendList.parse(await client.federation.listBackends());
    expect(list.data.map((b) => `${b.name}:${b.type}:${b.mode}`)).toEqual([
      "aws-prod:aws-secrets-manager:sync",
      "azure-shared:azure-key-vault:proxy",
      "gcp-analytics:google-secret-manager:sync",
      "hashicorp-production:hashicorp-vault:proxy",
    ]);
    const hv = list.data.find((b) => b.name === "hashicorp-production");
    expect(hv).toMatchObject({
      id: expect.stringMatching(/^fed_/),
      config: {
        endpoint: "https://vault.internal:8200",
        auth_method: "approle",
        auth_config_path: "infra/hashicorp/approle-creds",
        tls_verify: true,
      },
      path_mapping: { "external/hashicorp/**": "secret/data/**" },
      sync_interval: null,
      status: "healthy",
      last_sync: null,
    });
    expect(list.data.find((b) => b.name === "aws-prod")).toMatchObject({ sync_interval: "15m", secrets_synced: 0 });
    expect(lastAudit()).toMatchObject({ action: "federation_backend_list", resource_type: "federation_backend" });
    const page1 = BackendList.parse(await client.federation.listBackends({ limit: 3 }));
    expect(page1.has_more).toBe(true);
  });

  it("GET /v1/federation/backends/{id} by id or name; 404 backend_not_found", async () => {
    const byName = FederationBackend.parse(await client.federation.getBackend("aws-prod"));
    const byId = FederationBackend.parse(await client.federation.getBackend(byName.id));
    expect(byId).toEqual(byName);
    await expect(client.federation.getBackend("fed_nope")).rejects.toMatchObject({
      code: "backend_not_found",
      status: 404,
    });
  });

  it("POST /v1/federation/backends creates a backend (inline credentials redacted)", async () => {
    const created = FederationBackend.parse(
      await client.federation.createBackend({
        name: "vault-dr",
        type: "hashicorp-vault",
        mode: "proxy",
        config: { endpoint: "https://vault-dr.internal:8200", auth_method: "token", token: "hvs.super-secret-token" },
        path_mapping: { "external/dr/**": "kv/data/**" },
      }),
    );
    expect(created).toMatchObject({
      name: "vault-dr",
      mode: "proxy",
      config: { token: "<redacted>", tls_verify: true },
      status: "healthy",
    });
    expect(JSON.stringify(created)).not.toContain("hvs.super-secret-token");
    expect(lastAudit()).toMatchObject({ action: "federation_backend_create", status: 201 });
    // a new backend gets a small simulated remote store under its template
    const read = ProxiedSecret.parse(await client.federation.proxyRead("external/dr/app/config"));
    expect(read).toMatchObject({ backend: "vault-dr", external_path: "kv/data/app/config" });
  });

  it("rejects bad backends with the documented codes", async () => {
    const base = {
      name: "x",
      type: "aws-secrets-manager" as const,
      mode: "sync" as const,
      config: { region: "us-east-1" },
      path_mapping: { "external/x/**": "x/**" },
      sync_interval: "15m",
    };
    await expect(client.federation.createBackend({ ...base, sync_interval: undefined })).rejects.toMatchObject({
      code: "validation_error",
      status: 422,
    });
    await expect(client.federation.createBackend({ ...base, sync_interval: "often" })).rejects.toMatchObject({
      code: "invalid_duration",
      status: 400,
    });
    for (const sync_interval of ["99999999999999999999999w", "3651d"])
      await expect(client.federation.createBackend({ ...base, sync_interval })).rejects.toMatchObject({
        code: "invalid_duration",
        status: 400,
      });
    await expect(client.federation.createBackend({ ...base, type: "gcp" as never })).rejects.toMatchObject({
      code: "validation_error",
    });
    await expect(client.federation.createBackend({ ...base, mode: "mirror" as never })).rejects.toMatchObject({
      code: "validation_error",
    });
    await expect(client.federation.createBackend({ ...base, config: { region: "moon" } })).rejects.toMatchObject({
      code: "invalid_config",
      status: 400,
    });
    await expect(client.federation.createBackend({ ...base, path_mapping: {} })).rejects.toMatchObject({
      code: "invalid_config",
    });
    await expect(
      client.federation.createBackend({ ...base, path_mapping: { "external/x/**": "x/*" } }),
    ).rejects.toMatchObject({ code: "invalid_config" });
    await expect(client.federation.createBackend({ ...base, path_mapping: { "**": "x/**" } })).rejects.toMatchObject({
      code: "invalid_config",
    });
    await expect(
      client.federation.createBackend({
        ...base,
        type: "hashicorp-vault",
        mode: "proxy",
        config: { endpoint: "https://vault.internal", auth_method: "approle" },
      }),
    ).rejects.toMatchObject({ code: "invalid_config", message: expect.stringContaining("auth_config_path") });
    await expect(
      client.federation.createBackend({
        ...base,
        type: "hashicorp-vault",
        mode: "proxy",
        config: { endpoint: "https://vault.invalid", auth_method: "token", token: "t" },
      }),
    ).rejects.toMatchObject({ code: "invalid_config", message: expect.stringContaining("Test connection failed") });
    await expect(
      client.federation.createBackend({
        ...base,
        type: "azure-key-vault",
        config: { vault_url: "https://x.vault.azure.net" },
      }),
    ).rejects.toMatchObject({ code: "invalid_config" });
    await expect(client.federation.createBackend({ ...base, name: "aws-prod" })).rejects.toMatchObject({
      code: "backend_exists",
      status: 409,
    });
    await expect(as(mock.tokens.readOnly).federation.createBackend(base)).rejects.toMatchObject({
      code: "insufficient_scope",
      status: 403,
    });
  });

  it("GET .../status reports connection status and a deterministic latency", async () => {
    const status = BackendStatus.parse(await client.federation.status("hashicorp-production"));
    expect(status).toMatchObject({
      name: "hashicorp-production",
      status: "healthy",
      connection: { status: "connected", endpoint: "https://vault.internal:8200", error: null },
    });
    expect(status.connection.latency_ms).toBeGreaterThanOrEqual(5);
    mock.reset();
    expect(BackendStatus.parse(await client.federation.status("hashicorp-production")).connection.latency_ms).toBe(
      status.connection.latency_ms,
    );
    store().setReachable("hashicorp-production", false);
    const down = BackendStatus.parse(await client.federation.status("hashicorp-production"));
    expect(down).toMatchObject({ status: "unhealthy", connection: { status: "unreachable", latency_ms: null } });
    await expect(client.federation.status("nope")).rejects.toMatchObject({ code: "backend_not_found" });
    // reference/federation, GET .../status: the documented response, verbatim, parses too.
    const documented = {
      id: "fed_abc",
      name: "hashicorp-production",
      status: "healthy",
      last_sync: "2026-04-23T14:00:00Z",
      last_sync_duration_ms: 3421,
      secrets_synced: 127,
      connection: { status: "connected", latency_ms: 15 },
    };
    expect(BackendStatus.parse(documented)).toEqual(documented);
  });

  it("PATCH /v1/federation/backends/{id} changes the given fields, merging config; checked as on create", async () => {
    const before = FederationBackend.parse(await client.federation.getBackend("aws-prod"));
    const patched = FederationBackend.parse(
      await client.federation.updateBackend("aws-prod", { sync_interval: "30m", config: { region: "eu-west-1" } }),
    );
    expect(patched).toMatchObject({ id: before.id, name: "aws-prod", mode: "sync", sync_interval: "30m" });
    expect(patched.config).toMatchObject({ ...before.config, region: "eu-west-1" });
    expect(lastAudit()).toMatchObject({ action: "federation_backend_update", outcome: "success" });
    // By name too; a rename keeps the id, and the old name is free again.
    const renamed = await client.federation.updateBackend("aws-prod", { name: "aws-production" });
    expect(renamed.id).toBe(before.id);
    await expect(client.federation.getBackend("aws-prod")).rejects.toMatchObject({ code: "backend_not_found" });
    await expect(client.federation.updateBackend("aws-production", { name: "azure-shared" })).rejects.toMatchObject({
      status: 409,
    });
    await expect(
      client.federation.updateBackend("aws-production", { config: { region: "moon" } }),
    ).rejects.toMatchObject({
      code: "invalid_config",
      status: 400,
    });
    await expect(client.federation.updateBackend("aws-production", { sync_interval: "often" })).rejects.toMatchObject({
      code: "invalid_duration",
    });
    await expect(client.federation.updateBackend("aws-production", { path_mapping: {} })).rejects.toMatchObject({
      code: "invalid_config",
    });
    await expect(client.federation.updateBackend("aws-production", { mode: "mirror" as never })).rejects.toMatchObject({
      code: "validation_error",
      status: 422,
    });
    await expect(client.federation.updateBackend("nope", { sync_interval: "1h" })).rejects.toMatchObject({
      status: 404,
    });
    // A failed update changes nothing.
    expect((await client.federation.getBackend("aws-production")).config).toMatchObject({ region: "eu-west-1" });
    await expect(as(mock.tokens.readOnly).federation.updateBackend("aws-production", {})).rejects.toMatchObject({
      code: "insufficient_scope",
    });
  });

  it("PATCH keeps a stored credential the client sends back as the view showed it (<redacted>)", async () => {
    const created = await client.federation.createBackend({
      name: "vault-edge",
      type: "hashicorp-vault",
      mode: "proxy",
      config: { endpoint: "https://vault.edge.example", auth_method: "token", token: "hvs.mock-token" },
      path_mapping: { "external/edge/**": "secret/data/**" },
    });
    expect(created.config.token).toBe("<redacted>");
    const patched = await client.federation.updateBackend("vault-edge", {
      config: { ...created.config, endpoint: "https://vault2.edge.example" },
    });
    expect(patched.config).toMatchObject({ endpoint: "https://vault2.edge.example", token: "<redacted>" });
    expect(store().backend("vault-edge").config).toMatchObject({ token: "hvs.mock-token" });
  });

  it("DELETE /v1/federation/backends/{id} stops proxying", async () => {
    await client.federation.deleteBackend("hashicorp-production");
    expect(lastAudit()).toMatchObject({ action: "federation_backend_delete", status: 204 });
    await expect(client.federation.proxyRead("external/hashicorp/app/db/password")).rejects.toMatchObject({
      code: "federation_mapping_not_found",
      status: 404,
    });
    await expect(
      client.secrets.write("external/hashicorp/app/db/password", { data: { password: "local now" } }),
    ).resolves.toMatchObject({ version: 1 });
  });
});

describe("sync", () => {
  it("POST .../sync imports external secrets under the mapped prefix and reports counts", async () => {
    const first = SyncResult.parse(await client.federation.sync("aws-prod"));
    expect(first).toMatchObject({
      backend: "aws-prod",
      created: 3,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      conflicts: [],
      secrets_synced: 3,
    });
    expect(lastAudit()).toMatchObject({ action: "federation_sync", resource_type: "federation_backend", status: 200 });
    const local = SecretList.parse(await client.secrets.list({ prefix: "external/aws" }));
    expect(local.data.map((s) => s.path)).toEqual([
      "external/aws/analytics/snowflake",
      "external/aws/payments/stripe-webhook",
      "external/aws/search/algolia",
    ]);
    const snowflake = Secret.parse(await client.secrets.read("external/aws/analytics/snowflake"));
    expect(snowflake).toMatchObject({
      secret_type: "json",
      data: { account: "acme-eu1", user: "svc_analytics" },
      metadata: { federation: { backend: "aws-prod", external_path: "prod/analytics/snowflake" } },
    });
    expect(events.map((e) => e.type)).toEqual([
      "secret.created",
      "secret.created",
      "secret.created",
      "federation.sync.completed",
      "secret.accessed", // the read of snowflake above
    ]);
    expect(events.at(-2)?.data).toMatchObject({ backend: "aws-prod", created: 3, conflicts: 0 });

    const status = BackendStatus.parse(await client.federation.status("aws-prod"));
    expect(status).toMatchObject({
      last_sync: mock.clock.iso(),
      secrets_synced: 3,
      last_sync_duration_ms: first.duration_ms,
    });

    const again = SyncResult.parse(await client.federation.sync("aws-prod"));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it("updates secrets changed remotely, and reports local edits as conflicts instead of overwriting", async () => {
    await client.federation.sync("aws-prod");
    store().putExternal("aws-prod", "prod/search/algolia", { app_id: "MOCKAPP123", api_key: "rotated-remotely" });
    store().putExternal("aws-prod", "prod/analytics/snowflake", {
      account: "acme-eu1",
      user: "svc_analytics",
      password: "remote-new",
    });
    store().putExternal("aws-prod", "prod/new/service", { token: "t" });
    store().putExternal("aws-prod", "prod/Bad Path/x", { token: "t" });
    await client.secrets.write("external/aws/analytics/snowflake", {
      data: { account: "acme-eu1", user: "svc_analytics", password: "edited-locally" },
    });
    mock.clock.advance("15m");

    const result = SyncResult.parse(await client.federation.sync("aws-prod"));
    expect(result).toMatchObject({ created: 1, updated: 1, unchanged: 1, skipped: 1 });
    expect(result.conflicts).toEqual([
      {
        path: "external/aws/analytics/snowflake",
        external_path: "prod/analytics/snowflake",
        local_version: 2,
        reason: "modified_locally",
        detected_at: mock.clock.iso(),
      },
    ]);
    expect((await client.secrets.read("external/aws/search/algolia")).data.api_key).toBe("rotated-remotely");
    expect((await client.secrets.read("external/aws/analytics/snowflake")).data.password).toBe("edited-locally");
    expect(FederationBackend.parse(await client.federation.getBackend("aws-prod")).conflicts).toBe(1);
    const conflicts = ConflictList.parse(await client.federation.conflicts("aws-prod"));
    expect(conflicts.data.map((c) => c.path)).toEqual(["external/aws/analytics/snowflake"]);
  });

  it("reports a local secret that predates the first sync as a conflict", async () => {
    await client.secrets.write("external/gcp/looker-api", { data: { client_id: "mine", client_secret: "mine" } });
    const result = SyncResult.parse(await client.federation.sync("gcp-analytics"));
    expect(result).toMatchObject({ created: 1, updated: 0, unchanged: 0 });
    expect(result.conflicts).toMatchObject([
      {
        path: "external/gcp/looker-api",
        external_path: "projects/acme-analytics/secrets/looker-api",
        local_version: 1,
        reason: "exists_locally",
      },
    ]);
    expect((await client.secrets.read("external/gcp/looker-api")).data.client_id).toBe("mine");
  });

  it("refuses to sync a proxy-mode or unreachable backend", async () => {
    await expect(client.federation.sync("hashicorp-production")).rejects.toMatchObject({
      code: "backend_not_sync_mode",
      status: 409,
    });
    store().setReachable("aws-prod", false);
    await expect(client.federation.sync("aws-prod")).rejects.toMatchObject({
      code: "backend_unavailable",
      status: 502,
    });
    await expect(as(mock.tokens.readOnly).federation.sync("aws-prod")).rejects.toMatchObject({
      code: "insufficient_scope",
    });
  });
});

describe("proxy reads", () => {
  it("GET /v1/federation/proxy/{path} reads through the mapping without storing", async () => {
    const read = ProxiedSecret.parse(await client.federation.proxyRead("external/hashicorp/app/db/password"));
    expect(read).toMatchObject({
      path: "external/hashicorp/app/db/password",
      backend: "hashicorp-production",
      mode: "proxy",
      external_path: "secret/data/app/db/password",
      version: 1,
    });
    expect(String(read.data.password)).toMatch(/^mock-/);
    expect(lastAudit()).toMatchObject({
      action: "read",
      resource_type: "secret",
      path: "external/hashicorp/app/db/password",
      status: 200,
    });
    expect(mock.state.tenant(mock.tenantId).secrets.peek("external/hashicorp/app/db/password")).toBeUndefined();
    expect(SecretList.parse(await client.secrets.list({ prefix: "external" })).data).toEqual([]);

    const azure = ProxiedSecret.parse(await client.federation.proxyRead("external/azure/smtp-relay-password"));
    expect(azure).toMatchObject({ backend: "azure-shared", external_path: "smtp-relay-password" });
    // sync-mode backends can be read live too
    const live = ProxiedSecret.parse(
      await client.federation.proxyRead("external/aws/search/algolia", { backend: "aws-prod" }),
    );
    expect(live).toMatchObject({ mode: "sync", external_path: "prod/search/algolia" });
    // reads see remote changes immediately
    store().putExternal("hashicorp-production", "secret/data/app/db/password", { password: "changed" });
    expect((await client.federation.proxyRead("external/hashicorp/app/db/password")).data).toEqual({
      password: "changed",
    });
  });

  it("answers 404 for unmapped or missing paths and 502 when the backend is down", async () => {
    await expect(client.federation.proxyRead("apps/web/session-key")).rejects.toMatchObject({
      code: "federation_mapping_not_found",
      status: 404,
    });
    await expect(
      client.federation.proxyRead("external/hashicorp/app/db/password", { backend: "aws-prod" }),
    ).rejects.toMatchObject({ code: "federation_mapping_not_found" });
    await expect(client.federation.proxyRead("external/hashicorp/nothing/here")).rejects.toMatchObject({
      code: "secret_not_found",
      status: 404,
    });
    await expect(client.federation.proxyRead("external/hashicorp/x", { backend: "nope" })).rejects.toMatchObject({
      code: "backend_not_found",
    });
    store().setReachable("hashicorp-production", false);
    await expect(client.federation.proxyRead("external/hashicorp/app/db/password")).rejects.toMatchObject({
      code: "backend_unavailable",
      status: 502,
    });
    await expect(
      as(mock.tokens.otherTenantAdmin).federation.proxyRead("external/hashicorp/app/db/password"),
    ).rejects.toMatchObject({ code: "federation_mapping_not_found" });
  });

  it("the secrets API passes reads of proxied paths through and rejects writes with 409 proxied_path_read_only", async () => {
    const viaSecrets = Secret.parse(await client.secrets.read("external/hashicorp/legacy/ldap/bind"));
    expect(viaSecrets).toMatchObject({
      path: "external/hashicorp/legacy/ldap/bind",
      secret_type: "json",
      metadata: { federation: { backend: "hashicorp-production", external_path: "secret/data/legacy/ldap/bind" } },
    });
    expect(viaSecrets.data.bind_dn).toBe("cn=svc-ldap,ou=services,dc=acme,dc=example");
    const rejected = { code: "proxied_path_read_only", status: 409 };
    await expect(
      client.secrets.write("external/hashicorp/app/db/password", { data: { password: "x" } }),
    ).rejects.toMatchObject(rejected);
    await expect(client.secrets.rotate("external/hashicorp/app/db/password")).rejects.toMatchObject(rejected);
    await expect(client.secrets.delete("external/hashicorp/app/db/password")).rejects.toMatchObject(rejected);
    await expect(client.secrets.write("external/azure/new-secret", { data: { value: "x" } })).rejects.toMatchObject(
      rejected,
    );
    // sync-mode paths stay writable locally; non-federated paths are untouched
    await expect(client.secrets.write("external/aws/local/extra", { data: { v: 1 } })).resolves.toMatchObject({
      version: 1,
    });
    await expect(client.secrets.read("external/hashicorp/nothing")).rejects.toMatchObject({ code: "secret_not_found" });
  });
});
