/**
 * Contract: the identity cache (reference/identity) against the mock vault: the documented
 * paths, queries, scopes, list keys with `total`, 404 identity_not_found, the 202 of a sync, the
 * role rules, and the ScaiKey webhook with X-ScaiKey-Signature. Examples from the reference:
 * partners { id, name, slug, region, status, last_synced_at }, users { id, tenant_id, email,
 * display_name, status, mfa_enabled, groups, roles, last_synced_at }, members { user_id, email,
 * membership_type: "DIRECT", added_at }, PUT roles { "roles": ["tenant_admin"] }.
 */
import { createHmac } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createMockVault, DEMO } from "../../mock-vault/index.js";
import { mockApi } from "../helpers/mock-api.js";

const mock = createMockVault({ seed: 42 });
const api = mockApi(mock);
const { admin, readOnly, partnerAdmin, otherTenantAdmin, reportRunner } = mock.tokens;

beforeEach(() => mock.reset());

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A ScaiKey delivery: its body and X-ScaiKey-Signature (t=<unix>,v1=<hmac of "t.body">). */
function scaikey(event: Record<string, unknown>, options: { secret?: string; at?: number } = {}) {
  const body = JSON.stringify({ event_id: `evt_${Math.random().toString(36).slice(2)}`, ...event });
  const t = options.at ?? Math.floor(mock.clock.nowMs() / 1000);
  const v1 = createHmac("sha256", options.secret ?? DEMO.scaikeyWebhookSecret)
    .update(`${t}.${body}`)
    .digest("hex");
  return { body, headers: { "X-ScaiKey-Signature": `t=${t},v1=${v1}`, "Content-Type": "application/json" } };
}

/** The vault's dry run: may the identity read a path only platform-admins reach? */
const mayReadInfra = async (identity_id: string) =>
  (
    await api("POST", "/v1/policies/test", {
      token: admin,
      body: { identity_id, path: "infra/db/primary/credentials", permission: "read" },
    })
  ).body.allowed;

const deliver = (event: Record<string, unknown>, options?: { secret?: string; at?: number }) =>
  api("POST", "/v1/identity/webhooks/scaikey", scaikey(event, options));

describe("identity cache: partners and tenants", () => {
  it("GET /v1/identity/partners lists the caller's partner with the documented fields and total", async () => {
    const res = await api("GET", "/v1/identity/partners", { token: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    expect(res.body.total).toBe(1);
    expect(res.body.partners).toEqual([
      {
        id: "ptn_acme",
        name: "Acme Corp",
        slug: "acme-corp",
        region: "us-east-1",
        status: "ACTIVE",
        last_synced_at: expect.stringMatching(ISO),
      },
    ]);
    expect((await api("GET", "/v1/identity/partners?status=SUSPENDED", { token: admin })).body).toMatchObject({
      partners: [],
      total: 0,
    });
    expect((await api("GET", "/v1/identity/partners", { token: otherTenantAdmin })).body.partners[0].id).toBe(
      "ptn_globex",
    );
  });

  it("GET /v1/identity/tenants: a partner admin sees its partner's tenants, a tenant token its own", async () => {
    const all = await api("GET", "/v1/identity/tenants", { token: partnerAdmin });
    expect(all.body.tenants.map((t: { id: string }) => t.id)).toEqual(["tnt_acme_prod", "tnt_acme_staging"]);
    expect(all.body.tenants[0]).toMatchObject({ partner_id: "ptn_acme", name: "Acme Production", status: "ACTIVE" });
    const own = await api("GET", "/v1/identity/tenants?partner_id=ptn_acme", { token: admin });
    expect(own.body).toMatchObject({ total: 1, tenants: [{ id: "tnt_acme_prod" }] });
    const foreign = await api("GET", "/v1/identity/tenants?partner_id=ptn_globex", { token: partnerAdmin });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe("tenant_access_denied");
  });

  it("pages by page and page_size, with the total of all items", async () => {
    const first = await api("GET", "/v1/identity/tenants/tnt_acme_prod/users?page=1&page_size=4", { token: admin });
    const second = await api("GET", "/v1/identity/tenants/tnt_acme_prod/users?page=2&page_size=4", { token: admin });
    expect(first.body.users).toHaveLength(4);
    expect(second.body.users).toHaveLength(2);
    expect(first.body.total).toBe(6);
    expect(new Set([...first.body.users, ...second.body.users].map((u: { id: string }) => u.id)).size).toBe(6);
    for (const bad of ["page=0", "page_size=501", "page=x"]) {
      const res = await api("GET", `/v1/identity/tenants/tnt_acme_prod/users?${bad}`, { token: admin });
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe("invalid_request");
    }
  });
});

describe("identity cache: users, groups, members, resolve", () => {
  it("GET /v1/identity/tenants/{tenant_id}/users has the reference's fields; q searches email and name", async () => {
    const res = await api("GET", "/v1/identity/tenants/tnt_acme_prod/users?q=alice", { token: admin });
    expect(res.body).toMatchObject({ total: 1 });
    expect(res.body.users[0]).toEqual({
      id: "usr_alice",
      tenant_id: "tnt_acme_prod",
      email: "alice@acme.example",
      display_name: "Alice Smith",
      status: "ACTIVE",
      mfa_enabled: true,
      groups: ["grp_oncall", "grp_platform_admins", "grp_sre"],
      roles: ["tenant_admin"],
      last_synced_at: expect.stringMatching(ISO),
    });
    const byName = await api("GET", "/v1/identity/tenants/tnt_acme_prod/users?q=whitfield", { token: admin });
    expect(byName.body.users.map((u: { email: string }) => u.email)).toEqual(["auditor@acme.example"]);
    const suspended = await api("GET", "/v1/identity/tenants/tnt_acme_prod/users?status=suspended", { token: admin });
    expect(suspended.body.users.map((u: { email: string }) => u.email)).toEqual(["former@acme.example"]);
  });

  it("a tenant's users are reachable as X-Tenant-ID is: own tenant, or the partner's for a partner admin", async () => {
    const denied = await api("GET", "/v1/identity/tenants/tnt_globex/users", { token: admin });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("tenant_access_denied");
    // core-concepts/multi-tenancy: a tenant that does not exist is 404 tenant_not_found.
    const unknown = await api("GET", "/v1/identity/tenants/tnt_made_up/users", { token: partnerAdmin });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("tenant_not_found");
    // A token that reaches no other tenant learns nothing of which exist.
    const probe = await api("GET", "/v1/identity/tenants/tnt_made_up/users", { token: admin });
    expect(probe.status).toBe(403);
    expect(probe.body.error.code).toBe("tenant_access_denied");
    const staging = await api("GET", "/v1/identity/tenants/tnt_acme_staging/users", { token: partnerAdmin });
    expect(staging.body.users.map((u: { email: string }) => u.email)).toEqual(["carol@acme.example"]);
  });

  it("GET groups and GET /v1/identity/groups/{group_id}/members (DIRECT memberships, users and service accounts)", async () => {
    const groups = await api("GET", "/v1/identity/tenants/tnt_acme_prod/groups", { token: admin });
    expect(groups.body.groups.map((g: { identity_id: string }) => g.identity_id)).toEqual([
      "group:automation",
      "group:developers",
      "group:oncall",
      "group:platform-admins",
      "group:sre",
      "group:vault-admins",
    ]);
    const members = await api("GET", "/v1/identity/groups/grp_platform_admins/members", { token: admin });
    expect(members.body.total).toBe(2);
    expect(members.body.members[0]).toEqual({
      user_id: "usr_ops",
      email: "ops@acme.example",
      identity_type: "user",
      identity_id: "user:ops@acme.example",
      membership_type: "DIRECT",
      added_at: expect.stringMatching(ISO),
    });
    const automation = await api("GET", "/v1/identity/groups/group:automation/members", { token: admin });
    expect(automation.body.members.map((m: { identity_id: string }) => m.identity_id)).toEqual([
      "sa:report-runner",
      "sa:billing-worker",
      "sa:web-frontend",
    ]);
    const missing = await api("GET", "/v1/identity/groups/grp_nope/members", { token: admin });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("identity_not_found");
  });

  it("GET /v1/identity/resolve/{identity_type}/{identity_id} with group memberships; 404 identity_not_found", async () => {
    const user = await api("GET", "/v1/identity/resolve/user/user:alice@acme.example", { token: admin });
    expect(user.body).toMatchObject({
      id: "usr_alice",
      type: "user",
      identity_id: "user:alice@acme.example",
      groups: ["group:oncall", "group:platform-admins", "group:sre"],
    });
    expect((await api("GET", "/v1/identity/resolve/user/usr_alice", { token: admin })).body).toEqual(user.body);
    const sa = await api("GET", "/v1/identity/resolve/service_account/sa:report-runner", { token: admin });
    expect(sa.body).toMatchObject({
      type: "service_account",
      identity_id: "sa:report-runner",
      groups: ["group:automation"],
    });
    const group = await api("GET", "/v1/identity/resolve/group/vault-admins", { token: admin });
    expect(group.body).toMatchObject({
      id: "grp_vault_admins",
      type: "group",
      members: ["user:ops@acme.example", "user:partner-admin@acme.example"],
    });
    for (const [type, id] of [
      ["user", "nobody@acme.example"],
      ["service_account", "sa:ghost"],
      ["group", "group:ghosts"],
    ]) {
      const res = await api("GET", `/v1/identity/resolve/${type}/${id}`, { token: admin });
      expect(res.status, `${type}/${id}`).toBe(404);
      expect(res.body.error).toMatchObject({ code: "identity_not_found", details: { identity_type: type } });
    }
    expect((await api("GET", "/v1/identity/resolve/robot/x", { token: admin })).body.error.code).toBe(
      "invalid_request",
    );
  });

  it("needs identity:read (the reader and report-runner tokens lack it)", async () => {
    for (const token of [readOnly, reportRunner]) {
      const res = await api("GET", "/v1/identity/partners", { token });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        code: "insufficient_scope",
        details: { required_scope: "identity:read" },
      });
    }
    expect((await api("GET", "/v1/identity/partners")).body.error.code).toBe("authentication_required");
  });
});

describe("identity cache: sync", () => {
  it("POST /v1/identity/sync answers 202 with sync_id, status and started_at; the history shows it complete", async () => {
    const res = await api("POST", "/v1/identity/sync", { token: partnerAdmin });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      sync_id: expect.stringMatching(/^sync_/),
      status: "running",
      started_at: mock.clock.iso(),
    });
    const running = await api("GET", "/v1/identity/sync/history", { token: partnerAdmin });
    expect(running.body.syncs[0]).toMatchObject({ sync_id: res.body.sync_id, status: "running", completed_at: null });
    expect(running.body.syncs[0].synced).toEqual({ partners: 1, tenants: 2, users: 7, groups: 6 });
    mock.clock.advance("1m");
    const done = await api("GET", "/v1/identity/sync/history", { token: partnerAdmin });
    expect(done.body.syncs[0]).toMatchObject({ status: "completed", completed_at: expect.stringMatching(ISO) });
    expect(done.body.total).toBe(2);
    const users = await api("GET", "/v1/identity/tenants/tnt_acme_staging/users", { token: partnerAdmin });
    expect(users.body.users[0].last_synced_at).toBe(res.body.started_at);
  });

  it("syncs one tenant (tenant_id) or one partner (partner_id) the caller reaches; needs identity:admin", async () => {
    const one = await api("POST", "/v1/identity/sync?tenant_id=tnt_acme_staging", { token: partnerAdmin });
    expect(one.status).toBe(202);
    const history = await api("GET", "/v1/identity/sync/history", { token: partnerAdmin });
    expect(history.body.syncs[0]).toMatchObject({ tenant_id: "tnt_acme_staging", synced: { tenants: 1, users: 1 } });
    expect((await api("POST", "/v1/identity/sync?tenant_id=tnt_globex", { token: partnerAdmin })).status).toBe(403);
    expect((await api("POST", "/v1/identity/sync?partner_id=ptn_globex", { token: admin })).status).toBe(403);
    const scope = await api("POST", "/v1/identity/sync", { token: readOnly });
    expect(scope.body.error).toMatchObject({
      code: "insufficient_scope",
      details: { required_scope: "identity:admin" },
    });
  });
});

describe("identity cache: roles", () => {
  it("GET /v1/identity/roles needs only a token and says which roles the caller may assign", async () => {
    const reader = await api("GET", "/v1/identity/roles", { token: readOnly });
    expect(reader.status).toBe(200);
    expect(reader.body.roles.map((r: { name: string; assignable: boolean }) => [r.name, r.assignable])).toEqual([
      ["super_admin", false],
      ["partner_admin", false],
      ["tenant_admin", false],
    ]);
    const partner = await api("GET", "/v1/identity/roles", { token: partnerAdmin });
    expect(partner.body.roles.map((r: { assignable: boolean }) => r.assignable)).toEqual([false, true, true]);
  });

  it("PUT /v1/identity/users/{user_id}/roles: only super_admin or partner_admin may modify roles", async () => {
    const body = { roles: ["tenant_admin"] };
    const tenantAdmin = await api("PUT", "/v1/identity/users/usr_bob/roles", { token: admin, body });
    expect(tenantAdmin.status).toBe(403);
    expect(tenantAdmin.body.error.code).toBe("forbidden");
    const ok = await api("PUT", "/v1/identity/users/usr_bob/roles", { token: partnerAdmin, body });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ user_id: "usr_bob", email: "bob@acme.example", roles: ["tenant_admin"] });
    expect((await api("GET", "/v1/identity/users/bob@acme.example/roles", { token: admin })).body.roles).toEqual([
      "tenant_admin",
    ]);
  });

  it("only super_admin grants super_admin, and nobody elevates themselves", async () => {
    const grant = await api("PUT", "/v1/identity/users/usr_bob/roles", {
      token: partnerAdmin,
      body: { roles: ["super_admin"] },
    });
    expect(grant.status).toBe(403);
    expect(grant.body.error.message).toMatch(/super_admin/);
    const self = await api("PUT", "/v1/identity/users/usr_partner_admin/roles", {
      token: partnerAdmin,
      body: { roles: ["partner_admin", "tenant_admin"] },
    });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toMatch(/self-elevation/);
    // Dropping one's own role is no elevation; afterwards the token is no partner admin any more.
    const drop = await api("PUT", "/v1/identity/users/usr_partner_admin/roles", {
      token: partnerAdmin,
      body: { roles: [] },
    });
    expect(drop.status).toBe(200);
    const cross = await api("GET", "/v1/secrets", {
      token: partnerAdmin,
      headers: { "X-Tenant-ID": "tnt_acme_staging" },
    });
    expect(cross.body.error.code).toBe("tenant_access_denied");
  });

  it("a super_admin (made so by ScaiKey) grants super_admin; unknown roles are 400 invalid_role", async () => {
    expect(
      (
        await deliver({
          event_type: "user.updated",
          tenant_id: "tnt_acme_prod",
          data: { id: "usr_ops", roles: ["super_admin"] },
        })
      ).body.success,
    ).toBe(true);
    const grant = await api("PUT", "/v1/identity/users/usr_alice/roles", {
      token: admin,
      body: { roles: ["super_admin"] },
    });
    expect(grant.status).toBe(200);
    expect(grant.body.roles).toEqual(["super_admin"]);
    const bad = await api("PUT", "/v1/identity/users/usr_alice/roles", { token: admin, body: { roles: ["root"] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "invalid_role", details: { roles: ["root"] } });
    const missing = await api("PUT", "/v1/identity/users/usr_ghost/roles", { token: admin, body: { roles: [] } });
    expect(missing.body.error.code).toBe("identity_not_found");
  });
});

describe("identity cache: the ScaiKey webhook", () => {
  it("verifies X-ScaiKey-Signature: missing 401, wrong secret or stale 401 token_invalid; nothing applied", async () => {
    const event = {
      event_type: "user.created",
      tenant_id: "tnt_acme_prod",
      data: { id: "usr_eve", email: "eve@acme.example" },
    };
    const unsigned = await api("POST", "/v1/identity/webhooks/scaikey", { body: event });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.code).toBe("authentication_required");
    expect(unsigned.headers.get("x-request-id")).toBe(unsigned.body.error.request_id);
    expect((await deliver(event, { secret: "not-the-secret" })).body.error.code).toBe("token_invalid");
    const stale = await deliver(event, { at: Math.floor(mock.clock.nowMs() / 1000) - 301 });
    expect(stale.status).toBe(401);
    expect(stale.body.error.message).toMatch(/300 s/);
    const tampered = scaikey(event);
    const res = await api("POST", "/v1/identity/webhooks/scaikey", {
      body: tampered.body.replace("eve@", "mallory@"),
      headers: tampered.headers,
    });
    expect(res.body.error.code).toBe("token_invalid");
    const users = await api("GET", "/v1/identity/tenants/tnt_acme_prod/users?q=eve", { token: admin });
    expect(users.body.total).toBe(0);
  });

  it("applies user, group and membership events; a new member gets the group's policies at once", async () => {
    const created = await deliver({
      event_type: "user.created",
      tenant_id: "tnt_acme_prod",
      data: { id: "usr_eve", email: "eve@acme.example", first_name: "Eve", last_name: "Ng", status: "ACTIVE" },
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      success: true,
      message: "Event user.created processed successfully",
      event_id: expect.any(String),
    });
    expect(await mayReadInfra("user:eve@acme.example")).toBe(false);
    await deliver({
      event_type: "group.member_added",
      tenant_id: "tnt_acme_prod",
      data: { group_id: "grp_platform_admins", user_id: "usr_eve" },
    });
    const resolved = await api("GET", "/v1/identity/resolve/user/usr_eve", { token: admin });
    expect(resolved.body).toMatchObject({ display_name: "Eve Ng", groups: ["group:platform-admins"] });
    expect(await mayReadInfra("user:eve@acme.example")).toBe(true);
    await deliver({
      event_type: "group.member_removed",
      tenant_id: "tnt_acme_prod",
      data: { group_id: "grp_platform_admins", user_id: "usr_eve" },
    });
    await deliver({ event_type: "user.suspended", tenant_id: "tnt_acme_prod", data: { id: "usr_eve" } });
    expect((await api("GET", "/v1/identity/resolve/user/usr_eve", { token: admin })).body).toMatchObject({
      status: "SUSPENDED",
      groups: [],
    });
    await deliver({ event_type: "user.deleted", tenant_id: "tnt_acme_prod", data: { id: "usr_eve" } });
    expect((await api("GET", "/v1/identity/resolve/user/usr_eve", { token: admin })).status).toBe(404);
  });

  it("applies partner and tenant lifecycle events; a new tenant is one a partner admin reaches", async () => {
    await deliver({
      event_type: "partner.updated",
      partner_id: "ptn_acme",
      data: { name: "Acme Holdings", status: "ACTIVE" },
    });
    await deliver({
      event_type: "tenant.created",
      partner_id: "ptn_acme",
      data: { id: "tnt_acme_dev", name: "Acme Dev", slug: "acme-dev", status: "ACTIVE" },
    });
    const partners = await api("GET", "/v1/identity/partners", { token: partnerAdmin });
    expect(partners.body.partners[0].name).toBe("Acme Holdings");
    const tenants = await api("GET", "/v1/identity/tenants", { token: partnerAdmin });
    expect(tenants.body.tenants.map((t: { id: string }) => t.id)).toContain("tnt_acme_dev");
    const dev = await api("GET", "/v1/identity/tenants/tnt_acme_dev/users", { token: partnerAdmin });
    expect(dev.body).toMatchObject({ users: [], total: 0 });
    // X-Tenant-ID reaches it too: no policy there yet, so the vault itself refuses, not the tenancy.
    const secrets = await api("GET", "/v1/secrets", {
      token: partnerAdmin,
      headers: { "X-Tenant-ID": "tnt_acme_dev" },
    });
    expect(secrets.body.error.code).not.toBe("tenant_access_denied");
  });

  it("answers 200 success: false for what it cannot apply, and audits every delivery as system:scaikey", async () => {
    const unknownType = await deliver({ event_type: "session.created", data: {} });
    expect(unknownType.status).toBe(200);
    expect(unknownType.body.success).toBe(false);
    const unknownTenant = await deliver({
      event_type: "user.created",
      tenant_id: "tnt_nowhere",
      data: { id: "usr_x", email: "x@y.example" },
    });
    expect(unknownTenant.body).toMatchObject({ success: false, message: expect.stringMatching(/tnt_nowhere/) });
    const badRole = await deliver({
      event_type: "user.updated",
      tenant_id: "tnt_acme_prod",
      data: { id: "usr_bob", roles: ["root"] },
    });
    expect(badRole.body.success).toBe(false);
    const entries = mock.state.audit.events.filter((e) => e.action === "identity_webhook_receive");
    expect(entries).toHaveLength(3);
    expect(entries.every((e) => e.actor === "system:scaikey" && e.status === 200)).toBe(true);
    const notJson = scaikey({});
    const garbage = await api("POST", "/v1/identity/webhooks/scaikey", {
      body: "{nope",
      headers: { ...notJson.headers, "X-ScaiKey-Signature": sign("{nope") },
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.code).toBe("invalid_request");
  });
});

function sign(body: string): string {
  const t = Math.floor(mock.clock.nowMs() / 1000);
  return `t=${t},v1=${createHmac("sha256", DEMO.scaikeyWebhookSecret).update(`${t}.${body}`).digest("hex")}`;
}
