/**
 * Contract: the error-code table of the reference (reference/error-codes), row by row, against
 * the mock: each code the mock has the concept for, with a request that earns it, its HTTP
 * status and the documented envelope ({ error: { code, message, details?, request_id } }, the
 * request id equal to X-Request-ID). docs/mock-vault.md ("Error codes") lists the codes the
 * mock never answers and why.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createMockVault } from "../../mock-vault/index.js";

const mock = createMockVault({ seed: 42 });
beforeEach(() => mock.reset());

type Call = {
  method?: string;
  path: string;
  body?: unknown;
  raw?: string;
  token?: string | null;
  headers?: Record<string, string>;
};

async function call({ method = "GET", path, body, raw, token = mock.tokens.admin, headers = {} }: Call) {
  const res = await mock.fetch(
    new Request(`${mock.baseUrl}${path}`, {
      method,
      headers: {
        ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
        ...(body !== undefined || raw !== undefined ? { "Content-Type": "application/json" } : {}),
        ...headers,
      },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    }),
  );
  const text = await res.text();
  return { status: res.status, requestId: res.headers.get("x-request-id"), body: text ? JSON.parse(text) : null };
}

/** Asserts the documented envelope and returns its error. */
async function expectError(request: Call, status: number, code: string) {
  const res = await call(request);
  expect(res.status, `${request.method ?? "GET"} ${request.path}`).toBe(status);
  expect(res.body.error).toMatchObject({ code, message: expect.any(String), request_id: res.requestId });
  return res.body.error as { code: string; details?: Record<string, unknown> };
}

function token(id: string, extra: Record<string, unknown> = {}) {
  return mock.state.addToken({
    token: `skt_mock_test_${id.replace(/\W/g, "_")}`,
    identity_id: id,
    identity_type: id.startsWith("sa:") ? "service_account" : "user",
    tenant_id: mock.tenantId,
    partner_id: "ptn_acme",
    scopes: ["secrets:read", "secrets:write", "secrets:list"],
    ...extra,
  }).token;
}

/** A policy bound to `identity` with one rule on `pattern` under `conditions`. */
async function policyWith(identity: string, pattern: string, conditions: Record<string, unknown>) {
  const policy = await call({
    method: "POST",
    path: "/v1/policies",
    body: { name: `cond-${identity}`, rules: [{ path_pattern: pattern, permissions: ["read"], conditions }] },
  });
  await call({
    method: "POST",
    path: `/v1/policies/${policy.body.id}/bindings`,
    body: { identity_type: "service_account", identity_id: identity },
  });
}

describe("authentication / authorization (401, 403)", () => {
  it.each([
    ["authentication_required", { path: "/v1/secrets", token: null }],
    ["token_invalid", { path: "/v1/secrets", token: "skt_mock_unknown" }],
    ["token_expired", { path: "/v1/secrets", token: mock.tokens.expired }],
  ] as const)("401 %s", async (code, request) => {
    await expectError(request, 401, code);
  });

  it("401 token_revoked", async () => {
    await expectError(
      { path: "/v1/secrets", token: token("user:gone@acme.example", { revoked: true }) },
      401,
      "token_revoked",
    );
  });

  it("403 access_denied (no matching rule) and insufficient_scope (token too narrow)", async () => {
    const denied = await expectError(
      { path: "/v1/secrets/infra/db/primary/credentials", token: mock.tokens.reportRunner },
      403,
      "access_denied",
    );
    expect(denied.details).toEqual({ path: "infra/db/primary/credentials" });
    const scope = await expectError(
      { method: "PUT", path: "/v1/secrets/integrations/x", body: { data: {} }, token: mock.tokens.reportRunner },
      403,
      "insufficient_scope",
    );
    expect(scope.details).toEqual({ required_scope: "secrets:write" });
  });

  it("403 mfa_required when the only granting rule needs MFA; the token's MFA satisfies it", async () => {
    // group:platform-admins (alice) administers environments/** with require_mfa.
    const write = { method: "PUT", path: "/v1/secrets/environments/staging/new-key", body: { data: { a: "1" } } };
    const error = await expectError({ ...write, token: token("user:alice@acme.example") }, 403, "mfa_required");
    expect(error.details).toMatchObject({ failed_condition: "require_mfa", path: "environments/staging/new-key" });
    const verified = token("user:alice@acme.example", {
      token: "skt_mock_alice_mfa",
      mfa_verified_at: mock.clock.iso(),
    });
    expect((await call({ ...write, token: verified })).status).toBe(201);
  });

  it("403 ip_not_allowed outside the rule's ip_ranges; X-Forwarded-For names the caller's address", async () => {
    await call({ method: "PUT", path: "/v1/secrets/apps/vpn/key", body: { data: { k: "v" } } });
    await policyWith("sa:vpn-only", "apps/vpn/**", { ip_ranges: ["10.0.0.0/8"] });
    const vpn = token("sa:vpn-only");
    const error = await expectError({ path: "/v1/secrets/apps/vpn/key", token: vpn }, 403, "ip_not_allowed");
    expect(error.details).toMatchObject({ failed_condition: "ip_ranges" });
    const inside = await call({
      path: "/v1/secrets/apps/vpn/key",
      token: vpn,
      headers: { "X-Forwarded-For": "10.1.2.3" },
    });
    expect(inside.status).toBe(200);
    const entry = mock.state.audit.events.find((e) => e.request_id === inside.requestId);
    expect(entry).toMatchObject({ source_ip: "10.1.2.3", outcome: "success" });
  });

  it("403 time_window_violation outside the rule's window (UTC); inside it the read passes", async () => {
    await call({ method: "PUT", path: "/v1/secrets/apps/office/key", body: { data: { k: "v" } } });
    const weekdays = ["mon", "tue", "wed", "thu", "fri"];
    await policyWith("sa:office-hours", "apps/office/**", {
      time_window: { start: "09:00", end: "17:00", days: weekdays },
    });
    const office = token("sa:office-hours");
    // The demo clock starts on Sunday 2026-05-17 at 15:00 UTC.
    const error = await expectError(
      { path: "/v1/secrets/apps/office/key", token: office },
      403,
      "time_window_violation",
    );
    expect(error.details).toMatchObject({ failed_condition: "time_window" });
    mock.clock.set("2026-05-18T10:00:00Z");
    expect((await call({ path: "/v1/secrets/apps/office/key", token: office })).status).toBe(200);
  });

  it("403 forbidden: deleting another identity's subscription, though the token has the scope", async () => {
    const dev = token("user:dev@acme.example", { scopes: ["subscriptions:read", "subscriptions:write"] });
    const listed = await call({ path: "/v1/subscriptions", token: dev });
    const theirs = (listed.body.data as { id: string; identity_id: string }[]).find(
      (s) => s.identity_id !== "user:dev@acme.example",
    );
    expect(theirs, "a seeded subscription of another identity").toBeDefined();
    await expectError({ method: "DELETE", path: `/v1/subscriptions/${theirs?.id}`, token: dev }, 403, "forbidden");
  });

  it("404 tenant_not_found for a partner admin naming a tenant that does not exist", async () => {
    await expectError(
      { path: "/v1/secrets", token: mock.tokens.partnerAdmin, headers: { "X-Tenant-ID": "tnt_nowhere" } },
      404,
      "tenant_not_found",
    );
  });

  it("403 tenant_access_denied across tenants without partner admin", async () => {
    await expectError(
      { path: "/v1/secrets", token: mock.tokens.readOnly, headers: { "X-Tenant-ID": "tnt_globex" } },
      403,
      "tenant_access_denied",
    );
  });
});

describe("validation (400, 422)", () => {
  it.each([
    ["invalid_request", { method: "PUT", path: "/v1/secrets/apps/x", raw: "{not json" }],
    ["invalid_request", { method: "PUT", path: "/v1/secrets/apps/x", body: ["a JSON array"] }],
    ["invalid_path", { path: "/v1/secrets/Apps/X" }],
    ["invalid_secret_type", { method: "PUT", path: "/v1/secrets/apps/x", body: { data: {}, secret_type: "yaml" } }],
    [
      "invalid_duration",
      { method: "PUT", path: "/v1/secrets/apps/x", body: { data: {}, options: { expires_in: "soon" } } },
    ],
    ["invalid_cursor", { path: "/v1/secrets?cursor=not-a-cursor" }],
    ["invalid_policy", { method: "POST", path: "/v1/policies", body: { name: "p", rules: [] } }],
    [
      "invalid_policy",
      {
        method: "POST",
        path: "/v1/policies/pol_web_frontend/bindings",
        body: { identity_type: "robot", identity_id: "x" },
      },
    ],
    [
      "invalid_glob",
      {
        method: "POST",
        path: "/v1/policies",
        body: { name: "p", rules: [{ path_pattern: "/a", permissions: ["read"] }] },
      },
    ],
    ["invalid_role", { method: "POST", path: "/v1/pki/roles", body: { name: "Not A Name", ca_id: "ca_acme_root" } }],
    [
      "invalid_config",
      { method: "POST", path: "/v1/dynamic/engines", body: { name: "pg", type: "database", config: "x" } },
    ],
    [
      "invalid_config",
      {
        method: "POST",
        path: "/v1/federation/backends",
        body: {
          name: "aws-moon",
          type: "aws-secrets-manager",
          mode: "proxy",
          config: { region: "moon" },
          path_mapping: { "external/aws/**": "prod/**" },
        },
      },
    ],
    [
      "invalid_config",
      {
        method: "POST",
        path: "/v1/secret-policies",
        body: {
          name: "digits-with-upper",
          policy_type: "password",
          fields: [{ name: "p", generator: "random", config: { charset: "numeric", require_upper: true } }],
        },
      },
    ],
  ] as const)("400 %s", async (code, request) => {
    await expectError(request as Call, 400, code);
  });

  it("422 validation_error lists the failing fields in details.fields", async () => {
    const error = await expectError(
      { method: "PUT", path: "/v1/secrets/apps/x", body: { data: "nope" } },
      422,
      "validation_error",
    );
    expect(error.details).toEqual({ fields: [{ field: "data", message: expect.any(String) }] });
  });
});

describe("not found (404)", () => {
  it.each([
    ["secret_not_found", "/v1/secrets/apps/nothing/here"],
    ["version_not_found", "/v1/secrets/integrations/stripe/api-key?version=99"],
    ["policy_not_found", "/v1/policies/pol_nope"],
    ["rotation_policy_not_found", "/v1/rotation/policies/rot_nope"],
    ["secret_policy_not_found", "/v1/secret-policies/sp_nope"],
    ["ca_not_found", "/v1/pki/ca/ca_nope"],
    ["certificate_not_found", "/v1/pki/certificates/cert_nope"],
    ["role_not_found", "/v1/pki/roles/nope"],
    ["acme_account_not_found", "/v1/pki/acme/accounts/acct_nope"],
    ["acme_order_not_found", "/v1/pki/acme/orders/order_nope"],
    ["engine_not_found", "/v1/dynamic/engines/nope"],
    ["lease_not_found", "/v1/dynamic/leases/lease_nope"],
    ["subscription_not_found", "/v1/subscriptions/sub_nope"],
    ["dns_provider_not_found", "/v1/dns/providers/dnsp_nope"],
    ["identity_not_found", "/v1/identity/resolve/user/user:nobody@acme.example"],
    ["webhook_not_found", "/v1/webhooks/wh_nope"],
  ])("404 %s", async (code, path) => {
    await expectError({ path }, 404, code);
  });

  it("404 binding_not_found", async () => {
    await expectError(
      { method: "DELETE", path: "/v1/policies/pol_web_frontend/bindings/bnd_nope" },
      404,
      "binding_not_found",
    );
  });
});

describe("conflicts and transient errors (409, 429, 5xx)", () => {
  it("409 secret_exists for a soft-deleted path in retention; 409 policy_in_use while bound", async () => {
    await call({ method: "DELETE", path: "/v1/secrets/integrations/stripe/api-key" });
    await expectError(
      { method: "PUT", path: "/v1/secrets/integrations/stripe/api-key", body: { data: { key: "x" } } },
      409,
      "secret_exists",
    );
    await expectError({ method: "DELETE", path: "/v1/policies/pol_billing_worker" }, 409, "policy_in_use");
  });

  it.each([
    [429, "rate_limited"],
    [503, "service_unavailable"],
    [500, "internal_error"],
  ])("%i %s (injected faults)", async (status, code) => {
    mock.fault({ route: "/v1/secrets", status, retryAfter: status === 429 ? 2 : undefined, times: 1 });
    await expectError({ path: "/v1/secrets" }, status, code);
  });
});
