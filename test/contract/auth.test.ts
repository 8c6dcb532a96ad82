/**
 * Contract: authentication (reference/authentication). whoami answers the reference's fields
 * (identity_id, identity_type, display_name, tenant_id, partner_id, scopes, groups, roles,
 * mfa_verified_at, token_expires_at); introspect needs the admin scope and answers 200
 * { active: false } for invalid or expired tokens; exchange needs no token (the subject token
 * authenticates), its fields are RFC 8693's (the reference's blocks are not readable).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createMockVault, DEMO } from "../../mock-vault/index.js";
import { createClient } from "../../src/client/index.js";
import { WhoAmI } from "../../src/client/schemas/secrets.js";
import { mockApi } from "../helpers/mock-api.js";

const mock = createMockVault({ seed: 42 });
const api = mockApi(mock);
const { admin, readOnly, reportRunner, partnerAdmin, otherTenantAdmin, expired } = mock.tokens;

beforeEach(() => mock.reset());

const jwt = (claims: Record<string, unknown>) =>
  [{ alg: "none" }, claims]
    .map((p) => Buffer.from(JSON.stringify(p)).toString("base64url"))
    .join(".")
    .concat(".sig");
const K8S = {
  iss: "https://kubernetes.default.svc.cluster.local",
  sub: "system:serviceaccount:reporting:report-runner",
  aud: "scaivault",
};

describe("GET /v1/auth/whoami", () => {
  it("answers every field of the reference's example, from the token and the identity cache", async () => {
    const me = WhoAmI.strict().parse(
      await createClient({ baseUrl: mock.baseUrl, token: admin, fetch: mock.fetch }).whoami(),
    );
    expect(me).toEqual({
      identity_id: "user:ops@acme.example",
      identity_type: "user",
      display_name: "Acme Ops",
      tenant_id: "tnt_acme_prod",
      partner_id: "ptn_acme",
      scopes: expect.arrayContaining(["secrets:read", "admin"]),
      groups: ["group:platform-admins", "group:sre", "group:vault-admins"],
      roles: ["tenant_admin"],
      mfa_verified_at: mock.clock.iso(-15 * 60_000),
      token_expires_at: null,
    });
  });

  it("a service account has its groups, no roles and no MFA; a partner admin its role", async () => {
    const sa = await api("GET", "/v1/auth/whoami", { token: reportRunner });
    expect(sa.body).toMatchObject({
      identity_type: "service_account",
      display_name: "report-runner",
      groups: ["group:automation"],
      roles: [],
      mfa_verified_at: null,
    });
    const partner = await api("GET", "/v1/auth/whoami", { token: partnerAdmin });
    expect(partner.body).toMatchObject({ display_name: "Priya Natarajan", roles: ["partner_admin"] });
    const globex = await api("GET", "/v1/auth/whoami", { token: otherTenantAdmin });
    expect(globex.body).toMatchObject({ tenant_id: "tnt_globex", display_name: "Hank Scorpio", groups: [] });
  });

  it("an expired token is 401 token_expired, a missing one 401 authentication_required", async () => {
    expect((await api("GET", "/v1/auth/whoami", { token: expired })).body.error.code).toBe("token_expired");
    expect((await api("GET", "/v1/auth/whoami")).body.error.code).toBe("authentication_required");
  });
});

describe("POST /v1/auth/introspect", () => {
  it("answers the reference's fields for a live token", async () => {
    const res = await api("POST", "/v1/auth/introspect", { token: admin, body: { token: reportRunner } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      active: true,
      identity_id: "sa:report-runner",
      identity_type: "service_account",
      tenant_id: "tnt_acme_prod",
      scopes: ["secrets:read", "secrets:list"],
      expires_at: null,
      issued_at: expect.stringMatching(/^\d{4}-/),
    });
  });

  it("answers 200 { active: false } for unknown, expired and revoked tokens, and other partners' tokens", async () => {
    const key = await api("POST", "/v1/service-accounts/report-runner/keys", { token: admin, body: {} });
    await api("PATCH", "/v1/service-accounts/report-runner", { token: admin, body: { status: "disabled" } });
    for (const token of ["skt_made_up", expired, key.body.key, otherTenantAdmin]) {
      const res = await api("POST", "/v1/auth/introspect", { token: admin, body: { token } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ active: false });
    }
  });

  it("needs the admin scope; a body without token is 422", async () => {
    const res = await api("POST", "/v1/auth/introspect", { token: readOnly, body: { token: admin } });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "insufficient_scope", details: { required_scope: "admin" } });
    expect((await api("POST", "/v1/auth/introspect", { token: admin, body: {} })).status).toBe(422);
  });
});

describe("POST /v1/auth/exchange", () => {
  it("exchanges the demo Kubernetes token for a working token of sa:report-runner, without a bearer token", async () => {
    const res = await api("POST", "/v1/auth/exchange", {
      body: {
        subject_token: DEMO.subjectTokens.reportRunner,
        subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.stringMatching(/^skt_mock_exch_/),
      issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
      token_type: "Bearer",
      expires_in: 3600,
    });
    const me = await api("GET", "/v1/auth/whoami", { token: res.body.access_token });
    expect(me.body).toMatchObject({
      identity_id: "sa:report-runner",
      scopes: ["secrets:read", "secrets:list"],
      token_expires_at: mock.clock.iso(3600_000),
    });
    const read = await api("GET", "/v1/secrets/integrations/stripe/api-key", { token: res.body.access_token });
    expect(read.status).toBe(200);
    mock.clock.advance("61m");
    expect((await api("GET", "/v1/auth/whoami", { token: res.body.access_token })).body.error.code).toBe(
      "token_expired",
    );
  });

  it("grants no more than the trust relationship (scope), and audits the exchange as the identity", async () => {
    const narrow = await api("POST", "/v1/auth/exchange", {
      body: { subject_token: DEMO.subjectTokens.reportRunner, scope: "secrets:read" },
    });
    expect((await api("GET", "/v1/auth/whoami", { token: narrow.body.access_token })).body.scopes).toEqual([
      "secrets:read",
    ]);
    const wide = await api("POST", "/v1/auth/exchange", {
      body: { subject_token: DEMO.subjectTokens.reportRunner, scope: "secrets:read secrets:write" },
    });
    expect(wide.status).toBe(403);
    expect(wide.body.error).toMatchObject({
      code: "insufficient_scope",
      details: { allowed_scopes: ["secrets:read", "secrets:list"] },
    });
    const audited = mock.state.audit.events.filter((e) => e.action === "auth_exchange");
    expect(audited.map((e) => [e.actor, e.status])).toEqual([
      ["sa:report-runner", 200],
      ["sa:report-runner", 403],
    ]);
    expect(JSON.stringify(audited)).not.toContain(narrow.body.access_token);
  });

  it("refuses tokens no trust relationship accepts, expired ones, malformed ones and disabled identities", async () => {
    const cases: [unknown, number, string][] = [
      [{ subject_token: jwt({ ...K8S, iss: "https://evil.example" }) }, 401, "token_invalid"],
      [{ subject_token: jwt({ ...K8S, sub: "system:serviceaccount:other:job" }) }, 401, "token_invalid"],
      [{ subject_token: jwt({ ...K8S, aud: "someone-else" }) }, 401, "token_invalid"],
      [{ subject_token: jwt({ ...K8S, exp: Math.floor(mock.clock.nowMs() / 1000) - 1 }) }, 401, "token_expired"],
      [{ subject_token: "not-a-jwt" }, 400, "invalid_request"],
      [{}, 422, "validation_error"],
    ];
    for (const [body, status, code] of cases) {
      const res = await api("POST", "/v1/auth/exchange", { body });
      expect([res.status, res.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    await api("PATCH", "/v1/service-accounts/report-runner", { token: admin, body: { status: "disabled" } });
    const disabled = await api("POST", "/v1/auth/exchange", {
      body: { subject_token: DEMO.subjectTokens.reportRunner },
    });
    expect([disabled.status, disabled.body.error.code]).toEqual([403, "forbidden"]);
  });
});
