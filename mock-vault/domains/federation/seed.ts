import { DEMO } from "../../core/demo.js";
import type { MockVault } from "../stores.js";

const OPS = "user:ops@acme.example";

/**
 * Demo data of the federation domain (deterministic: vault.ids, vault.faker, vault.clock only):
 * the two documented examples (hashicorp-production in proxy mode, aws-prod in sync mode every
 * 15m) plus an Azure Key Vault (proxy) and a GCP Secret Manager (sync) backend, each over a
 * seeded simulated external store. The sync backends have not synced yet: nothing is copied into
 * the local secret store until scaivault_sync_federation_backend runs.
 */
export function seedFederation(vault: MockVault): void {
  const federation = vault.tenant(DEMO.tenantId).federation;
  const ids = vault.ids;
  const pw = (n = 24) => `mock-${ids.chars(n)}`;
  const uuid = () => `${ids.hex(4)}-${ids.hex(2)}-${ids.hex(2)}-${ids.hex(2)}-${ids.hex(6)}`;

  federation.create(
    {
      name: "hashicorp-production",
      type: "hashicorp-vault",
      mode: "proxy",
      config: {
        endpoint: "https://vault.internal:8200",
        auth_method: "approle",
        auth_config_path: "infra/hashicorp/approle-creds",
        tls_verify: true,
      },
      path_mapping: { "external/hashicorp/**": "secret/data/**" },
    },
    OPS,
    {
      "secret/data/app/db/password": { password: pw() },
      "secret/data/app/api/keys": {
        github_token: `ghp_mock${ids.chars(32)}`,
        sentry_dsn: `https://${ids.hex(16)}@sentry.internal/4`,
      },
      "secret/data/legacy/ldap/bind": { bind_dn: "cn=svc-ldap,ou=services,dc=acme,dc=example", password: pw() },
    },
  );

  federation.create(
    {
      name: "aws-prod",
      type: "aws-secrets-manager",
      mode: "sync",
      sync_interval: "15m",
      config: { region: "us-east-1", credentials_path: "infra/aws/sm/reader" },
      path_mapping: { "external/aws/**": "prod/**" },
    },
    OPS,
    {
      "prod/payments/stripe-webhook": { signing_secret: `whsec_mock${ids.chars(32)}` },
      "prod/analytics/snowflake": { account: "acme-eu1", user: "svc_analytics", password: pw() },
      "prod/search/algolia": { app_id: "MOCKAPP123", api_key: pw(32) },
    },
  );

  federation.create(
    {
      name: "azure-shared",
      type: "azure-key-vault",
      mode: "proxy",
      config: {
        vault_url: "https://acme-shared.vault.azure.net",
        tenant_id: uuid(),
        client_id: uuid(),
        credentials_path: "infra/azure/kv-reader",
      },
      path_mapping: { "external/azure/*": "*" },
    },
    OPS,
    {
      "smtp-relay-password": { value: pw() },
      "teams-webhook-url": { value: `https://acme.webhook.office.com/mock/${ids.chars(24)}` },
    },
  );

  federation.create(
    {
      name: "gcp-analytics",
      type: "google-secret-manager",
      mode: "sync",
      sync_interval: "1h",
      config: { project_id: "acme-analytics", credentials_path: "infra/gcp/sm-reader" },
      path_mapping: { "external/gcp/*": "projects/acme-analytics/secrets/*" },
    },
    OPS,
    {
      "projects/acme-analytics/secrets/bigquery-sa": {
        client_email: "bigquery-loader@acme-analytics.iam.gserviceaccount.com",
        private_key: `-----BEGIN PRIVATE KEY-----\nmock${ids.chars(48)}\n-----END PRIVATE KEY-----\n`,
      },
      "projects/acme-analytics/secrets/looker-api": { client_id: `looker-${ids.chars(10)}`, client_secret: pw(32) },
    },
  );
}
