import { beforeEach, describe, expect, it } from "vitest";
import { createMockVault, type MockVaultHandle } from "../../mock-vault/index.js";
import { createClient, type VaultError } from "../../src/client/index.js";
import {
  ApiKeyCreated,
  ApiKeyDeleted,
  ApiKeyList,
  ServiceAccount,
  ServiceAccountCreated,
  ServiceAccountDeleted,
  ServiceAccountDetail,
  ServiceAccountList,
} from "../../src/client/schemas/service-accounts.js";

let mock: MockVaultHandle;
const client = (token: string) => createClient({ baseUrl: mock.baseUrl, token, fetch: mock.fetch, maxRetries: 0 });
const admin = () => client(mock.tokens.admin);
const fail = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail("expected an error"),
    (e: unknown) => e as VaultError,
  );

beforeEach(() => {
  mock = createMockVault();
});

describe("service accounts API", () => {
  it("lists the seeded accounts, paged", async () => {
    const first = ServiceAccountList.parse(await admin().serviceAccounts.list({ limit: 2 }));
    expect(first.data.map((a) => a.name)).toEqual(["billing-worker", "report-runner"]);
    expect(first.has_more).toBe(true);
    const rest = ServiceAccountList.parse(
      await admin().serviceAccounts.list({ limit: 2, cursor: first.cursor as string }),
    );
    expect(rest.data.map((a) => a.identity_id)).toEqual(["sa:web-frontend"]);
    expect(rest.has_more).toBe(false);
  });

  it("gets an account by id, name or identity id; unknown ids are 404 service_account_not_found", async () => {
    const byName = ServiceAccountDetail.parse(await admin().serviceAccounts.get("report-runner"));
    expect(byName).toMatchObject({
      identity_id: "sa:report-runner",
      scopes: ["secrets:read", "secrets:list"],
      status: "active",
      api_key_count: 1,
    });
    expect(await admin().serviceAccounts.get(byName.id)).toEqual(byName);
    expect(await admin().serviceAccounts.get("sa:report-runner")).toEqual(byName);
    const error = await fail(admin().serviceAccounts.get("nobody"));
    expect(error).toMatchObject({ code: "service_account_not_found", status: 404 });
  });

  it("names the access policies bound to the account, directly or through a group, for a token with policies:read", async () => {
    const runner = ServiceAccountDetail.parse(await admin().serviceAccounts.get("report-runner"));
    expect(runner.policies).toEqual([
      {
        id: "pol_reporting_read",
        name: "reporting-integrations-read",
        via: "sa:report-runner",
        binding_id: expect.any(String),
        expires_at: null,
      },
      {
        id: "pol_automation_guard",
        name: "automation-production-guard",
        via: "group:automation",
        binding_id: expect.any(String),
        expires_at: null,
      },
    ]);
    // A binding that has expired, or a policy switched off, grants nothing: it is not listed.
    const policy = await admin().accessPolicies.create({
      name: "short",
      rules: [{ path_pattern: "apps/**", permissions: ["read"] }],
    });
    await admin().accessPolicies.bind(policy.id, {
      identity_type: "service_account",
      identity_id: "sa:report-runner",
      expires_at: "2026-05-18T00:00:00Z",
    });
    expect((await admin().serviceAccounts.get("report-runner")).policies?.map((p) => p.id)).toContain(policy.id);
    mock.clock.advance("1d");
    expect((await admin().serviceAccounts.get("report-runner")).policies?.map((p) => p.id)).not.toContain(policy.id);
    await admin().accessPolicies.update("pol_automation_guard", { is_active: false });
    expect((await admin().serviceAccounts.get("report-runner")).policies?.map((p) => p.id)).toEqual([
      "pol_reporting_read",
    ]);
    // identity:read alone shows the account, not the policies.
    mock.state.addToken({
      token: "skt_mock_identity_reader",
      identity_id: "user:hr@acme.example",
      identity_type: "user",
      tenant_id: mock.tenantId,
      partner_id: "ptn_acme",
      scopes: ["identity:read"],
    });
    const plain = await client("skt_mock_identity_reader").serviceAccounts.get("report-runner");
    expect(plain).not.toHaveProperty("policies");
    expect(ServiceAccount.parse(plain)).toMatchObject({ identity_id: "sa:report-runner" });
  });

  it("creates an account (201) with a one-time client secret; names are unique and validated", async () => {
    const created = ServiceAccountCreated.parse(
      await admin().serviceAccounts.create({ name: "etl-job", scopes: ["secrets:read"] }),
    );
    expect(created).toMatchObject({
      name: "etl-job",
      identity_id: "sa:etl-job",
      api_key_count: 0,
      created_by: "user:ops@acme.example",
    });
    expect(created.client_secret).toMatch(/^svc_mock_/);
    expect(JSON.stringify(await admin().serviceAccounts.get("etl-job"))).not.toContain(created.client_secret);
    expect(await fail(admin().serviceAccounts.create({ name: "etl-job" }))).toMatchObject({
      code: "service_account_exists",
      status: 409,
    });
    expect(await fail(admin().serviceAccounts.create({ name: "Bad Name" }))).toMatchObject({
      code: "validation_error",
      status: 422,
    });
    expect(await fail(admin().serviceAccounts.create({ name: "x2", scopes: ["root:everything"] }))).toMatchObject({
      code: "validation_error",
    });
  });

  it("needs identity:read to read and identity:admin to change", async () => {
    expect(await fail(client(mock.tokens.readOnly).serviceAccounts.list())).toMatchObject({
      code: "insufficient_scope",
      status: 403,
    });
    mock.state.addToken({
      token: "skt_mock_id_reader",
      identity_id: "user:id@acme.example",
      identity_type: "user",
      tenant_id: mock.tenantId,
      partner_id: "ptn_acme",
      scopes: ["identity:read"],
    });
    const reader = client("skt_mock_id_reader");
    expect((await reader.serviceAccounts.list()).data).toHaveLength(3);
    expect(await fail(reader.serviceAccounts.create({ name: "sneaky" }))).toMatchObject({ code: "insufficient_scope" });
  });

  /** A user token of the demo tenant with only these scopes. */
  const identityAdmin = (scopes: string[]) => {
    mock.state.addToken({
      token: "skt_mock_id_admin",
      identity_id: "user:idadmin@acme.example",
      identity_type: "user",
      tenant_id: mock.tenantId,
      partner_id: "ptn_acme",
      scopes,
    });
    return client("skt_mock_id_admin");
  };

  it("refuses to grant scopes the caller does not hold", async () => {
    const idAdmin = identityAdmin(["identity:admin", "secrets:read"]);
    expect(await fail(idAdmin.serviceAccounts.create({ name: "escalator", scopes: ["admin"] }))).toMatchObject({
      code: "insufficient_scope",
      status: 403,
    });
    expect((await idAdmin.serviceAccounts.create({ name: "modest", scopes: ["secrets:read"] })).scopes).toEqual([
      "secrets:read",
    ]);
  });

  it("refuses to mint a key for, change, disable or delete an account with scopes the caller lacks", async () => {
    const idAdmin = identityAdmin(["identity:admin", "identity:read", "secrets:read"]);
    await admin().serviceAccounts.create({ name: "super", scopes: ["admin"] });
    const superKey = await admin().serviceAccounts.createKey("super");
    const refused = { code: "insufficient_scope", status: 403, details: { missing_scopes: ["admin"] } };
    expect(await fail(idAdmin.serviceAccounts.createKey("super", { name: "escalation" }))).toMatchObject(refused);
    expect(await fail(idAdmin.serviceAccounts.update("super", { status: "disabled" }))).toMatchObject(refused);
    expect(await fail(idAdmin.serviceAccounts.update("super", { description: "mine now" }))).toMatchObject(refused);
    expect(await fail(idAdmin.serviceAccounts.deleteKey("super", superKey.id))).toMatchObject(refused);
    expect(await fail(idAdmin.serviceAccounts.delete("super"))).toMatchObject(refused);
    expect(await admin().serviceAccounts.get("super")).toMatchObject({ status: "active", api_key_count: 1 });
    // Accounts within the caller's own scopes stay manageable.
    const own = await idAdmin.serviceAccounts.createKey("web-frontend");
    expect(own.scopes).toEqual(["secrets:read"]);
    await idAdmin.serviceAccounts.deleteKey("web-frontend", own.id);
    await idAdmin.serviceAccounts.update("web-frontend", { status: "disabled" });
    expect((await idAdmin.serviceAccounts.delete("web-frontend")).deleted).toBe(true);
  });

  it("updates scopes and status (PATCH); empty bodies are 422", async () => {
    const updated = ServiceAccount.parse(
      await admin().serviceAccounts.update("web-frontend", {
        scopes: ["secrets:read", "secrets:list"],
        description: "web",
      }),
    );
    expect(updated).toMatchObject({ scopes: ["secrets:read", "secrets:list"], description: "web" });
    expect(await fail(admin().serviceAccounts.update("web-frontend", {}))).toMatchObject({ code: "validation_error" });
    expect(await fail(admin().serviceAccounts.update("ghost", { status: "disabled" }))).toMatchObject({
      code: "service_account_not_found",
    });
  });

  it("creates, lists and deletes API keys; the full key appears only once", async () => {
    const key = ApiKeyCreated.parse(
      await admin().serviceAccounts.createKey("billing-worker", { name: "ci", expires_in: "30d" }),
    );
    expect(key.key).toMatch(/^svk_mock_[a-z2-9]{32}$/);
    expect(key.prefix).toBe(key.key.slice(0, 13));
    expect(key.expires_at).toBe("2026-06-16T15:00:00.000Z");
    const keys = ApiKeyList.parse(await admin().serviceAccounts.listKeys("billing-worker"));
    expect(keys.data.map((k) => k.name)).toEqual(["worker-2026q2", "ci"]);
    expect(JSON.stringify(keys)).not.toContain(key.key);
    expect(JSON.stringify(await admin().serviceAccounts.get("billing-worker"))).not.toContain(key.key);
    const deleted = ApiKeyDeleted.parse(await admin().serviceAccounts.deleteKey("billing-worker", key.id));
    expect(deleted).toEqual({ id: key.id, prefix: key.prefix, deleted: true });
    expect(await fail(admin().serviceAccounts.deleteKey("billing-worker", key.id))).toMatchObject({
      code: "api_key_not_found",
      status: 404,
    });
    expect(await fail(admin().serviceAccounts.createKey("billing-worker", { expires_in: "soon" }))).toMatchObject({
      code: "invalid_duration",
      status: 400,
    });
  });

  it("a new key is a working bearer token until it is deleted (401 token_invalid)", async () => {
    const key = await admin().serviceAccounts.createKey("report-runner", { name: "tmp" });
    const asKey = client(key.key);
    expect(await asKey.whoami()).toMatchObject({
      identity_id: "sa:report-runner",
      identity_type: "service_account",
      tenant_id: mock.tenantId,
      scopes: ["secrets:read", "secrets:list"],
    });
    await admin().serviceAccounts.deleteKey("report-runner", key.id);
    expect(await fail(asKey.whoami())).toMatchObject({ code: "token_invalid", status: 401 });
  });

  it("keys expire with the mock clock, follow scope changes and stop while the account is disabled", async () => {
    const key = await admin().serviceAccounts.createKey("web-frontend", { expires_in: "1h" });
    const asKey = client(key.key);
    await admin().serviceAccounts.update("web-frontend", { scopes: ["secrets:read", "identity:read"] });
    expect((await asKey.serviceAccounts.list()).data.length).toBe(3);
    await admin().serviceAccounts.update("web-frontend", { status: "disabled" });
    expect(await fail(asKey.whoami())).toMatchObject({ code: "token_revoked" });
    expect(await fail(admin().serviceAccounts.createKey("web-frontend"))).toMatchObject({
      code: "service_account_disabled",
      status: 409,
    });
    await admin().serviceAccounts.update("web-frontend", { status: "active" });
    expect(await asKey.whoami()).toMatchObject({ identity_id: "sa:web-frontend" });
    mock.clock.advance("2h");
    expect(await fail(asKey.whoami())).toMatchObject({ code: "token_expired" });
  });

  it("deleting an account deletes its keys: the seeded report-runner token stops working", async () => {
    const runner = client(mock.tokens.reportRunner);
    expect(await runner.whoami()).toMatchObject({ identity_id: "sa:report-runner" });
    const result = ServiceAccountDeleted.parse(await admin().serviceAccounts.delete("report-runner"));
    expect(result).toMatchObject({ identity_id: "sa:report-runner", deleted: true, api_keys_deleted: 1 });
    expect(await fail(runner.whoami())).toMatchObject({ code: "token_invalid", status: 401 });
    expect(await fail(admin().serviceAccounts.get("report-runner"))).toMatchObject({
      code: "service_account_not_found",
    });
  });

  it("keeps accounts per tenant and survives snapshot/restore", async () => {
    expect((await client(mock.tokens.otherTenantAdmin).serviceAccounts.list()).data).toEqual([]);
    const snap = mock.snapshot();
    const key = await admin().serviceAccounts.createKey("web-frontend");
    mock.restore(snap);
    expect(await fail(client(key.key).whoami())).toMatchObject({ code: "token_invalid" });
    expect((await admin().serviceAccounts.listKeys("web-frontend")).data).toEqual([]);
  });

  it("emits events for every change", async () => {
    const seen: string[] = [];
    mock.state.bus.on((e) => seen.push(e.type));
    const key = await admin().serviceAccounts.createKey("web-frontend");
    await admin().serviceAccounts.deleteKey("web-frontend", key.id);
    await admin().serviceAccounts.create({ name: "temp" });
    await admin().serviceAccounts.update("temp", { description: "x" });
    await admin().serviceAccounts.delete("temp");
    expect(seen).toEqual([
      "api_key.created",
      "api_key.deleted",
      "service_account.created",
      "service_account.updated",
      "service_account.deleted",
    ]);
  });

  it("audits every request with action and resource type", async () => {
    await admin().serviceAccounts.list();
    await fail(client(mock.tokens.readOnly).serviceAccounts.create({ name: "nope" }));
    const [ok, denied] = mock.state.audit.events.slice(-2);
    expect(ok).toMatchObject({ action: "service_account_list", resource_type: "service_account", outcome: "success" });
    expect(denied).toMatchObject({
      action: "service_account_create",
      outcome: "denied",
      error_code: "insufficient_scope",
    });
  });
});
