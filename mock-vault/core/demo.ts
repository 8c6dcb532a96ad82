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
