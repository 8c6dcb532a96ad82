import { SCOPES } from "./tokens.js";
import type { Vault } from "./vault.js";

/**
 * An unsigned JWT of the shape a workload identity provider issues (the mock checks no
 * signatures, only issuer, subject, audience and expiry against its trust relationships).
 */
const workloadToken = (claims: Record<string, unknown>) =>
  [{ alg: "none", typ: "JWT" }, claims]
    .map((part) => Buffer.from(JSON.stringify(part)).toString("base64url"))
    .concat("mock-signature")
    .join(".");

/** Demo identities. Token strings are obviously fake on purpose: never real-looking keys. */
export const DEMO = {
  tenantId: "tnt_acme_prod",
  partnerId: "ptn_acme",
  otherTenantId: "tnt_globex",
  /** A second tenant of partner ptn_acme, reachable with the partner admin token. */
  stagingTenantId: "tnt_acme_staging",
  tokens: {
    admin: "skt_mock_demo_admin",
    readOnly: "skt_mock_demo_reader",
    reportRunner: "skt_mock_sa_report_runner",
    otherTenantAdmin: "skt_mock_globex_admin",
    partnerAdmin: "skt_mock_partner_admin",
    expired: "skt_mock_expired",
  },
  /** Shared secret ScaiKey signs its webhook with (POST /v1/identity/webhooks/scaikey, X-ScaiKey-Signature). */
  scaikeyWebhookSecret: "mock-scaikey-webhook-secret",
  /** Foreign tokens a seeded trust relationship accepts (POST /v1/auth/exchange). */
  subjectTokens: {
    /** A Kubernetes service-account token of the reporting job: exchanged for a token of sa:report-runner. */
    reportRunner: workloadToken({
      iss: "https://kubernetes.default.svc.cluster.local",
      sub: "system:serviceaccount:reporting:report-runner",
      aud: ["scaivault"],
      iat: 1767225600,
      exp: 4102444800,
    }),
  },
} as const;

/** The demo identities alone: what an empty vault (`demo: false`) still accepts. */
export function seedDemoTokens<S>(vault: Vault<S>): void {
  const { tokens } = DEMO;
  const all = [...SCOPES];
  const today = vault.clock.iso().slice(0, 10);
  // Personal access tokens, minted a month before the demo's today (the expired one 90 days before it ran out).
  const issued_at = vault.clock.iso(-30 * 86_400_000);
  vault.addTenant(DEMO.stagingTenantId, DEMO.partnerId);
  vault.addToken({
    token: tokens.admin,
    identity_id: "user:ops@acme.example",
    identity_type: "user",
    tenant_id: DEMO.tenantId,
    partner_id: DEMO.partnerId,
    scopes: all,
    issued_at,
  });
  vault.addToken({
    token: tokens.readOnly,
    identity_id: "user:auditor@acme.example",
    identity_type: "user",
    tenant_id: DEMO.tenantId,
    partner_id: DEMO.partnerId,
    scopes: ["secrets:read", "secrets:list", "audit:read", "policies:read"],
    issued_at,
  });
  vault.addToken({
    token: tokens.reportRunner,
    identity_id: "sa:report-runner",
    identity_type: "service_account",
    tenant_id: DEMO.tenantId,
    partner_id: DEMO.partnerId,
    scopes: ["secrets:read", "secrets:list"],
    issued_at,
  });
  vault.addToken({
    token: tokens.otherTenantAdmin,
    identity_id: "user:admin@globex.example",
    identity_type: "user",
    tenant_id: DEMO.otherTenantId,
    partner_id: "ptn_globex",
    scopes: all,
    issued_at,
  });
  vault.addToken({
    token: tokens.partnerAdmin,
    identity_id: "user:partner-admin@acme.example",
    identity_type: "user",
    tenant_id: DEMO.tenantId,
    partner_id: DEMO.partnerId,
    scopes: all,
    partner_admin: true,
    issued_at,
  });
  vault.addToken({
    token: tokens.expired,
    identity_id: "user:former@acme.example",
    identity_type: "user",
    tenant_id: DEMO.tenantId,
    partner_id: DEMO.partnerId,
    scopes: all,
    expires_at: `${today}T00:00:00.000Z`,
    issued_at: new Date(Date.parse(`${today}T00:00:00.000Z`) - 90 * 86_400_000).toISOString(),
  });
}
