/**
 * Contract: the access Policies client against the mock vault, endpoint by endpoint, and the
 * policies deciding live requests (users and service accounts; sa:report-runner and the seeded outage).
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { VaultEvent } from "../../mock-vault/core/events.js";
import { createMockVault } from "../../mock-vault/index.js";
import { createClient } from "../../src/client/index.js";
import {
  AccessPolicy,
  AccessPolicyList,
  PolicyBinding,
  PolicyTestResult,
} from "../../src/client/schemas/access-policies.js";
import { Secret } from "../../src/client/schemas/secrets.js";

const mock = createMockVault({ seed: 42 });
const as = (token: string) => createClient({ baseUrl: mock.baseUrl, token, fetch: mock.fetch, maxRetries: 0 });
const client = as(mock.tokens.admin);
const runner = as(mock.tokens.reportRunner);
beforeEach(() => mock.reset());

const storeState = () => JSON.stringify(mock.state.tenant(mock.tenantId).accessPolicies.state);
const lastAudit = () => mock.state.audit.events[mock.state.audit.events.length - 1];

describe("access policies API contract", () => {
  it("GET /v1/policies lists summaries with counts, pages, include_inactive", async () => {
    const list = AccessPolicyList.parse(await client.accessPolicies.list());
    expect(list.policies.map((p) => p.id)).toEqual([
      "pol_reporting_read",
      "pol_billing_worker",
      "pol_web_frontend",
      "pol_platform_admins",
      "pol_automation_guard",
      "pol_vault_admins",
      "pol_auditors",
    ]);
    expect(list.policies[1]).toMatchObject({
      name: "billing-worker",
      rule_count: 2,
      binding_count: 1,
      is_active: true,
    });
    const page = AccessPolicyList.parse(await client.accessPolicies.list({ limit: 2 }));
    expect(page).toMatchObject({ has_more: true });
    const rest = AccessPolicyList.parse(await client.accessPolicies.list({ limit: 10, cursor: page.cursor as string }));
    expect(rest.policies).toHaveLength(5);
    await client.accessPolicies.update("pol_web_frontend", { is_active: false });
    expect((await client.accessPolicies.list()).policies.map((p) => p.id)).not.toContain("pol_web_frontend");
    expect((await client.accessPolicies.list({ include_inactive: true })).policies.map((p) => p.id)).toContain(
      "pol_web_frontend",
    );
  });

  it("GET /v1/policies/{id} returns rules and bindings; 404 policy_not_found", async () => {
    const policy = AccessPolicy.parse(await client.accessPolicies.get("pol_reporting_read"));
    expect(policy.rules).toEqual([{ path_pattern: "integrations/**", permissions: ["read", "list"] }]);
    expect(policy.bindings).toMatchObject([
      { identity_type: "service_account", identity_id: "sa:report-runner", expires_at: null },
    ]);
    await expect(client.accessPolicies.get("pol_nope")).rejects.toMatchObject({
      status: 404,
      code: "policy_not_found",
    });
  });

  it("POST /v1/policies creates (201) and validates globs and permissions", async () => {
    const created = AccessPolicy.parse(
      await client.accessPolicies.create({
        name: "prod-read",
        description: "read production from VPN",
        rules: [
          {
            path_pattern: "environments/production/**",
            permissions: ["read", "list"],
            conditions: { ip_ranges: ["10.0.0.0/8"] },
          },
        ],
      }),
    );
    expect(created).toMatchObject({
      id: expect.stringMatching(/^pol_/),
      bindings: [],
      is_active: true,
      scope: "tenant",
    });
    await expect(
      client.accessPolicies.create({ name: "bad", rules: [{ path_pattern: "/abs/**", permissions: ["read"] }] }),
    ).rejects.toMatchObject({
      status: 400,
      code: "invalid_glob",
    });
    await expect(
      client.accessPolicies.create({ name: "bad", rules: [{ path_pattern: "a/**b", permissions: ["read"] }] }),
    ).rejects.toMatchObject({
      code: "invalid_glob",
    });
    await expect(
      client.accessPolicies.create({ name: "bad", rules: [{ path_pattern: "a/*", permissions: ["sudo"] }] }),
    ).rejects.toMatchObject({
      status: 400,
      code: "invalid_policy",
      details: { fields: [expect.objectContaining({ field: "rules.0.permissions.0" })] },
    });
    await expect(client.accessPolicies.create({ name: "bad", rules: [] })).rejects.toMatchObject({
      status: 400,
      code: "invalid_policy",
    });
    // Fields outside rules and bindings keep the field-level 422.
    await expect(
      client.accessPolicies.create({ name: "", rules: [{ path_pattern: "a/*", permissions: ["read"] }] }),
    ).rejects.toMatchObject({ status: 422, code: "validation_error", details: { fields: [{ field: "name" }] } });
  });

  it("PUT replaces rules keeping bindings; PATCH updates; bindings can be listed, added and removed", async () => {
    const replaced = AccessPolicy.parse(
      await client.accessPolicies.replace("pol_web_frontend", {
        name: "web-frontend",
        rules: [{ path_pattern: "apps/web/*", permissions: ["read"] }],
      }),
    );
    expect(replaced.rules).toEqual([{ path_pattern: "apps/web/*", permissions: ["read"] }]);
    expect(replaced.bindings).toHaveLength(1);
    const patched = AccessPolicy.parse(
      await client.accessPolicies.update("pol_web_frontend", { description: "patched" }),
    );
    expect(patched).toMatchObject({ description: "patched", name: "web-frontend" });

    const binding = PolicyBinding.parse(
      await client.accessPolicies.bind("pol_web_frontend", {
        identity_type: "user",
        identity_id: "user:alice@acme.example",
        expires_at: "2026-06-01T00:00:00Z",
      }),
    );
    expect(binding).toMatchObject({ id: expect.stringMatching(/^bnd_/), expires_at: "2026-06-01T00:00:00Z" });
    expect((await client.accessPolicies.bindings("pol_web_frontend")).bindings.map((b) => b.identity_id)).toEqual([
      "sa:web-frontend",
      "user:alice@acme.example",
    ]);
    await client.accessPolicies.unbind("pol_web_frontend", binding.id);
    expect((await client.accessPolicies.bindings("pol_web_frontend")).bindings).toHaveLength(1);
    await expect(client.accessPolicies.unbind("pol_web_frontend", "bnd_nope")).rejects.toMatchObject({
      status: 404,
      code: "binding_not_found",
    });
    await expect(
      client.accessPolicies.bind("pol_web_frontend", { identity_type: "robot" as never, identity_id: "x" }),
    ).rejects.toMatchObject({
      status: 400,
      code: "invalid_policy",
    });
  });

  it("DELETE answers 409 policy_in_use while bound, force removes", async () => {
    await expect(client.accessPolicies.delete("pol_billing_worker")).rejects.toMatchObject({
      status: 409,
      code: "policy_in_use",
    });
    await client.accessPolicies.delete("pol_billing_worker", { force: true });
    await expect(client.accessPolicies.get("pol_billing_worker")).rejects.toMatchObject({ code: "policy_not_found" });
  });

  it("emits the documented policy events", async () => {
    const events: VaultEvent[] = [];
    const off = mock.state.bus.on((e) => events.push(e));
    const p = await client.accessPolicies.create({
      name: "evt",
      rules: [{ path_pattern: "apps/**", permissions: ["read"] }],
    });
    const b = await client.accessPolicies.bind(p.id, { identity_type: "group", identity_id: "group:sre" });
    await client.accessPolicies.update(p.id, { description: "x" });
    await client.accessPolicies.unbind(p.id, b.id);
    await client.accessPolicies.delete(p.id);
    off();
    expect(events.map((e) => e.type)).toEqual([
      "policy.created",
      "policy.binding.created",
      "policy.updated",
      "policy.binding.deleted",
      "policy.deleted",
    ]);
  });

  it("needs policies:read / policies:write", async () => {
    const reader = as(mock.tokens.readOnly);
    expect((await reader.accessPolicies.list()).policies.length).toBe(7);
    await expect(
      reader.accessPolicies.create({ name: "x", rules: [{ path_pattern: "a/*", permissions: ["read"] }] }),
    ).rejects.toMatchObject({
      code: "insufficient_scope",
    });
    await expect(runner.accessPolicies.list()).rejects.toMatchObject({ status: 403, code: "insufficient_scope" });
  });
});

describe("POST /v1/policies/test (dry run)", () => {
  it("explains the seeded outage: sa:report-runner has no rule for infra/db/primary/credentials", async () => {
    const result = PolicyTestResult.parse(
      await client.accessPolicies.test({
        identity_id: "sa:report-runner",
        path: "infra/db/primary/credentials",
        permission: "read",
      }),
    );
    expect(result).toMatchObject({
      allowed: false,
      decision: "deny",
      matched_policy: null,
      matched_rule: null,
      failed_condition: null,
    });
    expect(result.reason).toMatch(/^No matching rule/);
    expect(result.bound_policies.map((p) => p.id)).toEqual(["pol_reporting_read", "pol_automation_guard"]);
  });

  it("names the rule that allows", async () => {
    const result = PolicyTestResult.parse(
      await client.accessPolicies.test({
        identity_id: "sa:report-runner",
        path: "integrations/salesforce/oauth",
        permission: "read",
      }),
    );
    expect(result).toMatchObject({
      allowed: true,
      matched_policy: { id: "pol_reporting_read" },
      matched_rule: { path_pattern: "integrations/**", index: 0 },
    });
  });

  it("resolves group bindings, deny rules and conditions from the context", async () => {
    const viaGroup = await client.accessPolicies.test({
      identity_id: "user:alice@acme.example",
      path: "infra/cache/redis",
      permission: "rotate",
    });
    expect(viaGroup).toMatchObject({ allowed: true, matched_policy: { id: "pol_platform_admins" } });
    expect(viaGroup.bound_policies).toContainEqual({
      id: "pol_platform_admins",
      name: "platform-admins",
      via: "group:platform-admins",
    });
    const denied = await client.accessPolicies.test({
      identity_id: "sa:billing-worker",
      path: "environments/production/smtp",
      permission: "write",
    });
    expect(denied).toMatchObject({
      allowed: false,
      matched_policy: { id: "pol_automation_guard" },
      matched_rule: { effect: "deny" },
    });
    const noMfa = await client.accessPolicies.test({
      identity_id: "user:alice@acme.example",
      path: "environments/staging/smtp",
      permission: "read",
    });
    expect(noMfa).toMatchObject({ allowed: false, failed_condition: "require_mfa" });
    const mfa = await client.accessPolicies.test({
      identity_id: "user:alice@acme.example",
      path: "environments/staging/smtp",
      permission: "read",
      context: { mfa_verified: true },
    });
    expect(mfa.allowed).toBe(true);
  });

  it("changes nothing and writes no audit entry (the tested secret's trail is untouched)", async () => {
    const before = storeState();
    const audited = mock.state.audit.events.length;
    const trail = await client.audit.secretTrail("infra/db/primary/credentials");
    const events: VaultEvent[] = [];
    const off = mock.state.bus.on((e) => events.push(e));
    await client.accessPolicies.test({
      identity_id: "sa:report-runner",
      path: "infra/db/primary/credentials",
      permission: "read",
    });
    off();
    expect(storeState()).toBe(before);
    expect(events).toEqual([]);
    // +1: the trail request above; the dry run itself leaves nothing.
    expect(mock.state.audit.events.length).toBe(audited + 1);
    expect(lastAudit()).toMatchObject({ action: "audit_secret_trail" });
    const after = await client.audit.secretTrail("infra/db/primary/credentials");
    expect(after.logs.map((l) => l.action)).not.toContain("policy_test");
    // Only the first trail request itself was added to the trail.
    expect(after.summary.total_events).toBe(trail.summary.total_events + 1);
  });

  it("a refused dry run (missing scope) is still audited, without the tested path", async () => {
    await expect(
      runner.accessPolicies.test({ identity_id: "sa:x", path: "infra/db/primary/credentials", permission: "read" }),
    ).rejects.toMatchObject({ status: 403, code: "insufficient_scope" });
    expect(lastAudit()).toMatchObject({ action: "policy_test", outcome: "denied", path: null });
  });

  it("validates its body", async () => {
    await expect(
      client.accessPolicies.test({ identity_id: "sa:x", path: "a/b", permission: "sudo" }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      client.accessPolicies.test({ identity_id: "sa:x", path: "A B", permission: "read" }),
    ).rejects.toMatchObject({
      status: 400,
      code: "invalid_path",
    });
  });
});

describe("access policies decide live requests of users and service accounts", () => {
  it("sa:report-runner: 403 access_denied on infra/db/primary/credentials, 200 on integrations/salesforce/oauth", async () => {
    const events: VaultEvent[] = [];
    const off = mock.state.bus.on((e) => events.push(e));
    await expect(runner.secrets.read("infra/db/primary/credentials")).rejects.toMatchObject({
      status: 403,
      code: "access_denied",
    });
    expect(lastAudit()).toMatchObject({
      actor: "sa:report-runner",
      path: "infra/db/primary/credentials",
      outcome: "denied",
      status: 403,
      error_code: "access_denied",
    });
    expect(events.map((e) => e.type)).toEqual(["policy.violation"]);
    expect(events[0]?.data).toMatchObject({
      identity_id: "sa:report-runner",
      path: "infra/db/primary/credentials",
      permission: "read",
    });
    off();
    const ok = Secret.parse(await runner.secrets.read("integrations/salesforce/oauth"));
    expect(ok.path).toBe("integrations/salesforce/oauth");
    expect((await runner.secrets.list({ prefix: "integrations" })).data).toHaveLength(2);
    await expect(runner.secrets.list({ prefix: "infra" })).rejects.toMatchObject({ code: "access_denied" });
  });

  it("users are governed by their policies too, and the dry run gives the live answer", async () => {
    const reader = as(mock.tokens.readOnly);
    const asked = { identity_id: "user:auditor@acme.example", path: "infra/db/primary/credentials" };
    expect(await client.accessPolicies.test({ ...asked, permission: "read" })).toMatchObject({ allowed: false });
    await expect(reader.secrets.read(asked.path)).rejects.toMatchObject({ status: 403, code: "access_denied" });
    expect(await client.accessPolicies.test({ ...asked, permission: "list" })).toMatchObject({
      allowed: true,
      matched_policy: { id: "pol_auditors" },
    });
    expect((await reader.audit.secretTrail(asked.path)).path).toBe(asked.path);
    const ops = { identity_id: "user:ops@acme.example", path: "integrations/salesforce/oauth", permission: "read" };
    expect(await client.accessPolicies.test(ops)).toMatchObject({
      allowed: true,
      matched_policy: { id: "pol_vault_admins" },
    });
    expect((await client.secrets.read(ops.path)).path).toBe(ops.path);
  });

  it("every seeded audit entry agrees with what test_policy says of it now", async () => {
    const seeded = mock.state.audit.events.filter((e) => e.tenant_id === mock.tenantId && e.path !== null);
    expect(seeded.length).toBeGreaterThan(60);
    for (const e of seeded) {
      const verdict = await client.accessPolicies.test({
        identity_id: e.actor as string,
        path: e.path as string,
        permission: e.action,
      });
      expect({ ...e, allowed: verdict.allowed }).toMatchObject({ allowed: e.outcome === "success" });
    }
    const outage = seeded.filter((e) => e.outcome === "denied");
    expect(outage.map((e) => [e.timestamp.slice(11, 19), e.actor, e.path])).toEqual([
      ["14:31:14", "sa:report-runner", "infra/db/primary/credentials"],
      ["14:31:45", "sa:report-runner", "infra/db/primary/credentials"],
      ["14:32:16", "sa:report-runner", "infra/db/primary/credentials"],
    ]);
  });

  it("a new binding grants at once, a deny rule revokes at once", async () => {
    const grant = await client.accessPolicies.create({
      name: "runner-db",
      rules: [{ path_pattern: "infra/db/*/credentials", permissions: ["read"] }],
    });
    await expect(runner.secrets.read("infra/db/primary/credentials")).rejects.toMatchObject({ code: "access_denied" });
    await client.accessPolicies.bind(grant.id, { identity_type: "service_account", identity_id: "sa:report-runner" });
    expect((await runner.secrets.read("infra/db/primary/credentials")).version).toBe(1);

    const deny = await client.accessPolicies.create({
      name: "no-salesforce",
      rules: [{ path_pattern: "integrations/salesforce/**", permissions: ["read"], effect: "deny" }],
    });
    await client.accessPolicies.bind(deny.id, { identity_type: "group", identity_id: "group:automation" });
    await expect(runner.secrets.read("integrations/salesforce/oauth")).rejects.toMatchObject({ code: "access_denied" });
    expect((await runner.secrets.read("integrations/stripe/api-key")).path).toBe("integrations/stripe/api-key");
  });

  it("an allow already answered is withdrawn by any later change to the policies, and by a restore", async () => {
    const path = "integrations/salesforce/oauth";
    const readable = async () => (await runner.secrets.read(path)).path === path;
    const denied = () => expect(runner.secrets.read(path)).rejects.toMatchObject({ code: "access_denied" });

    expect(await readable()).toBe(true);
    const before = mock.snapshot();
    await client.accessPolicies.update("pol_reporting_read", { is_active: false });
    await denied();
    await client.accessPolicies.update("pol_reporting_read", { is_active: true });
    expect(await readable()).toBe(true);
    await client.accessPolicies.update("pol_reporting_read", {
      rules: [{ path_pattern: "integrations/stripe/**", permissions: ["read"] }],
    });
    await denied();
    mock.restore(before);
    expect(await readable()).toBe(true);
    const [binding] = (await client.accessPolicies.get("pol_reporting_read")).bindings;
    await client.accessPolicies.unbind("pol_reporting_read", binding?.id as string);
    await denied();
  });

  it("an expired binding stops granting when the clock passes it", async () => {
    const p = await client.accessPolicies.create({
      name: "temp",
      rules: [{ path_pattern: "apps/**", permissions: ["read"] }],
    });
    await client.accessPolicies.bind(p.id, {
      identity_type: "service_account",
      identity_id: "sa:report-runner",
      expires_at: mock.clock.iso(3_600_000),
    });
    expect((await runner.secrets.read("apps/web/session-key")).path).toBe("apps/web/session-key");
    mock.clock.advance("2h");
    await expect(runner.secrets.read("apps/web/session-key")).rejects.toMatchObject({ code: "access_denied" });
  });
});
