import { SCOPES } from "./tokens.js";
import type { Vault } from "./vault.js";

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
} as const;

/** The demo identities alone: what an empty vault (`demo: false`) still accepts. */
export function seedDemoTokens<S>(vault: Vault<S>): void {
  const { tokens } = DEMO;
  const all = [...SCOPES];
  const today = vault.clock.iso().slice(0, 10);
  vault.addTenant(DEMO.stagingTenantId, DEMO.partnerId);
  vault.addToken({
    token: tokens.admin,
    identity_id: "user:ops@acme.example",
    identity_type: "user",
    tenant_id: DEMO.tenantId,
    partner_id: DEMO.partnerId,
    scopes: all,
  });
  vault.addToken({
    token: tokens.readOnly,
    identity_id: "user:auditor@acme.example",
    identity_type: "user",
    tenant_id: DEMO.tenantId,
    partner_id: DEMO.partnerId,
    scopes: ["secrets:read", "secrets:list", "audit:read", "policies:read"],
  });
  vault.addToken({
    token: tokens.reportRunner,
    identity_id: "sa:report-runner",
    identity_type: "service_account",
    tenant_id: DEMO.tenantId,
    partner_id: DEMO.partnerId,
    scopes: ["secrets:read", "secrets:list"],
  });
  vault.addToken({
    token: tokens.otherTenantAdmin,
    identity_id: "user:admin@globex.example",
    identity_type: "user",
    tenant_id: DEMO.otherTenantId,
    partner_id: "ptn_globex",
    scopes: all,
  });
  vault.addToken({
    token: tokens.partnerAdmin,
    identity_id: "user:partner-admin@acme.example",
    identity_type: "user",
    tenant_id: DEMO.tenantId,
    partner_id: DEMO.partnerId,
    scopes: all,
    partner_admin: true,
  });
  vault.addToken({
    token: tokens.expired,
    identity_id: "user:former@acme.example",
    identity_type: "user",
    tenant_id: DEMO.tenantId,
    partner_id: DEMO.partnerId,
    scopes: all,
    expires_at: `${today}T00:00:00.000Z`,
  });
}
