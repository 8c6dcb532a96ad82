import { scenario } from "../kit.js";

/**
 * Federation: external stores fronted by ScaiVault. The demo vault has hashicorp-production
 * (proxy, external/hashicorp/** -> secret/data/**), aws-prod (sync every 15m, external/aws/** ->
 * prod/**), azure-shared (proxy, external/azure/*) and gcp-analytics (sync every 1h, external/gcp/*),
 * none synced yet.
 */

const MASK = "••••••";

/** The tour: list, inspect, test, sync a sync-mode backend, read through a proxy, add a backend. */
export const tour = scenario({
  id: "federation.sync-and-proxy",
  title: "List, test and sync federation backends; read through a proxy with values masked; add a backend",
  user: "Which external secret stores do we front? Pull the AWS one in, and show me what the HashiCorp app keys look like.",
  profile: { maskValues: true },
  steps: [
    {
      tool: "scaivault_list_federation_backends",
      args: {},
      expect: {
        ok: true,
        match: {
          "data[].name": ["aws-prod", "azure-shared", "gcp-analytics", "hashicorp-production"],
          "data[].mode": ["sync", "proxy", "sync", "proxy"],
          "data[].sync_interval": ["15m", null, "1h", null],
          "data[].last_sync": null,
          "data[].status": "healthy",
        },
      },
    },
    {
      tool: "scaivault_get_federation_backend",
      args: { backend: "hashicorp-production" },
      expect: {
        ok: true,
        match: {
          type: "hashicorp-vault",
          mode: "proxy",
          "config.endpoint": "https://vault.internal:8200",
          "config.auth_method": "approle",
          "path_mapping.external/hashicorp/**": "secret/data/**",
          sync_interval: null,
        },
      },
    },
    {
      tool: "scaivault_test_federation_backend",
      args: { backend: "hashicorp-production" },
      expect: {
        ok: true,
        match: {
          status: "healthy",
          "connection.status": "connected",
          "connection.endpoint": "https://vault.internal:8200",
          "connection.error": null,
        },
      },
    },
    {
      tool: "scaivault_test_federation_backend",
      args: { backend: "aws-prod" },
      expect: {
        ok: true,
        match: {
          mode: "sync",
          last_sync: null,
          secrets_synced: 0,
          "connection.status": "connected",
          "connection.endpoint": "https://secretsmanager.us-east-1.amazonaws.com",
        },
      },
    },
    {
      note: "First sync: the three AWS secrets are copied in under external/aws/.",
      tool: "scaivault_sync_federation_backend",
      args: { backend: "aws-prod" },
      expect: {
        ok: true,
        match: {
          backend: "aws-prod",
          created: 3,
          updated: 0,
          unchanged: 0,
          skipped: 0,
          conflicts: [[]],
          secrets_synced: 3,
        },
      },
    },
    {
      tool: "scaivault_test_federation_backend",
      args: { backend: "aws-prod" },
      expect: { ok: true, match: { last_sync: "2026-05-17T15:00:00.000Z", secrets_synced: 3 } },
    },
    {
      note: "A synced copy is an ordinary local secret (with its origin in metadata), masked like any other.",
      tool: "scaivault_read_secret",
      args: { path: "external/aws/payments/stripe-webhook" },
      expect: {
        ok: true,
        match: {
          version: 1,
          "data.signing_secret": MASK,
          "metadata.federation.backend": "aws-prod",
          "metadata.federation.external_path": "prod/payments/stripe-webhook",
        },
        absent: ["whsec_mock"],
      },
    },
    {
      note: "Nothing changed upstream: a second sync copies nothing.",
      tool: "scaivault_sync_federation_backend",
      args: { backend: "aws-prod" },
      expect: { ok: true, match: { created: 0, updated: 0, unchanged: 3, secrets_synced: 3 } },
    },
    {
      tool: "scaivault_sync_federation_backend",
      args: { backend: "hashicorp-production" },
      expect: { error: "backend_not_sync_mode" },
    },
    {
      tool: "scaivault_proxy_read",
      args: { path: "external/hashicorp/app/api/keys" },
      expect: {
        ok: true,
        match: {
          backend: "hashicorp-production",
          mode: "proxy",
          external_path: "secret/data/app/api/keys",
          "data.*": MASK,
          "data.github_token": MASK,
          "data.sentry_dsn": MASK,
        },
        absent: ["ghp_mock", "sentry.internal"],
      },
    },
    {
      tool: "scaivault_proxy_read",
      args: { path: "external/azure/smtp-relay-password", backend: "azure-shared" },
      expect: {
        ok: true,
        match: { backend: "azure-shared", external_path: "smtp-relay-password", "data.value": MASK },
      },
    },
    {
      tool: "scaivault_proxy_read",
      args: { path: "external/nothing/here" },
      expect: { error: "federation_mapping_not_found" },
    },
    {
      tool: "scaivault_proxy_read",
      args: { path: "external/hashicorp/app/missing" },
      expect: { error: "secret_not_found" },
    },
    {
      note: "An inline token in config is never echoed (redacted by the API, masked by the server).",
      tool: "scaivault_create_federation_backend",
      args: {
        name: "hashicorp-staging",
        type: "hashicorp-vault",
        mode: "proxy",
        config: {
          endpoint: "https://vault-staging.internal:8200",
          auth_method: "token",
          token: "s.mock-staging-token",
        },
        path_mapping: { "external/staging/**": "secret/data/**" },
      },
      expect: {
        ok: true,
        match: {
          name: "hashicorp-staging",
          mode: "proxy",
          status: "healthy",
          "config.token": MASK,
          "config.tls_verify": true,
          last_sync: null,
        },
        absent: ["s.mock-staging-token"],
      },
    },
    {
      tool: "scaivault_proxy_read",
      args: { path: "external/staging/app/config" },
      expect: {
        ok: true,
        match: { backend: "hashicorp-staging", external_path: "secret/data/app/config", "data.api_key": MASK },
      },
    },
    {
      tool: "scaivault_create_federation_backend",
      args: {
        name: "vault-broken",
        type: "hashicorp-vault",
        mode: "proxy",
        config: { endpoint: "https://vault.invalid:8200", auth_method: "token", token: "s.mock" },
        path_mapping: { "external/broken/**": "secret/data/**" },
      },
      expect: { error: "invalid_config" },
    },
    {
      tool: "scaivault_list_federation_backends",
      args: {},
      expect: {
        ok: true,
        match: {
          "data[].name": ["aws-prod", "azure-shared", "gcp-analytics", "hashicorp-production", "hashicorp-staging"],
        },
      },
    },
  ],
});

/** Sync never overwrites a local edit: it reports a conflict. Proxied paths refuse local writes. */
export const syncConflicts = scenario({
  id: "federation.sync-conflicts",
  title: "A locally edited synced secret is reported as a conflict; proxied paths are read-only",
  user: "Someone edited the Looker credentials by hand. What happens on the next GCP sync?",
  steps: [
    {
      tool: "scaivault_sync_federation_backend",
      args: { backend: "gcp-analytics" },
      expect: { ok: true, match: { created: 2, conflicts: [[]], secrets_synced: 2 } },
    },
    {
      tool: "scaivault_write_secret",
      args: { path: "external/gcp/looker-api", data: { client_id: "looker-local", client_secret: "edited-locally" } },
      expect: { ok: true, match: { version: 2 } },
    },
    {
      tool: "scaivault_sync_federation_backend",
      args: { backend: "gcp-analytics" },
      expect: {
        ok: true,
        match: {
          created: 0,
          updated: 0,
          unchanged: 1,
          "conflicts[].path": ["external/gcp/looker-api"],
          "conflicts[].reason": ["modified_locally"],
          "conflicts[].local_version": [2],
        },
      },
    },
    {
      note: "The local edit survived.",
      tool: "scaivault_read_secret",
      args: { path: "external/gcp/looker-api" },
      expect: { ok: true, match: { version: 2, "data.client_secret": "edited-locally" } },
    },
    {
      tool: "scaivault_get_federation_backend",
      args: { backend: "gcp-analytics" },
      expect: { ok: true, match: { conflicts: 1, secrets_synced: 2, last_sync: "2026-05-17T15:00:00.000Z" } },
    },
    {
      note: "hashicorp-production is authoritative for its paths.",
      tool: "scaivault_write_secret",
      args: { path: "external/hashicorp/app/db/password", data: { password: "local-override" } },
      expect: { error: "proxied_path_read_only" },
    },
  ],
});

/** The path guard applies to reads through federation like to any other read. */
export const proxyPathGuard = scenario({
  id: "federation.proxy-path-guard",
  title: "ALLOWED_PATHS / DENIED_PATHS on scaivault_proxy_read",
  profile: {
    maskValues: true,
    allowedPaths: ["external/hashicorp", "external/azure"],
    deniedPaths: ["external/hashicorp/legacy"],
  },
  steps: [
    {
      tool: "scaivault_proxy_read",
      args: { path: "external/hashicorp/app/db/password" },
      expect: { ok: true, match: { backend: "hashicorp-production", "data.password": MASK } },
    },
    {
      tool: "scaivault_proxy_read",
      args: { path: "external/hashicorp/legacy/ldap/bind" },
      expect: { refused: "path_denied" },
    },
    {
      tool: "scaivault_proxy_read",
      args: { path: "external/aws/payments/stripe-webhook" },
      expect: { refused: "path_not_allowed" },
    },
    {
      tool: "scaivault_proxy_read",
      args: { path: "external/hashicorp/../aws/payments/stripe-webhook" },
      expect: { refused: "invalid_path" },
    },
    {
      tool: "scaivault_proxy_read",
      args: { path: "external/azure/teams-webhook-url" },
      expect: { ok: true, match: { backend: "azure-shared", "data.value": MASK }, absent: ["webhook.office.com"] },
    },
  ],
});

/** READ_ONLY: backends can be inspected, tested and read through; sync and create are refused. */
export const readOnly = scenario({
  id: "federation.read-only",
  title: "READ_ONLY: federation reads work, sync and create are refused",
  profile: { readOnly: true },
  steps: [
    {
      tool: "scaivault_test_federation_backend",
      args: { backend: "gcp-analytics" },
      expect: { ok: true, match: { "connection.status": "connected" } },
    },
    {
      tool: "scaivault_proxy_read",
      args: { path: "external/hashicorp/app/db/password" },
      expect: { ok: true, match: { backend: "hashicorp-production" }, contains: ['"password":"mock-'] },
    },
    { tool: "scaivault_sync_federation_backend", args: { backend: "aws-prod" }, expect: { refused: "read_only" } },
    {
      tool: "scaivault_create_federation_backend",
      args: {
        name: "aws-dr",
        type: "aws-secrets-manager",
        mode: "sync",
        sync_interval: "1h",
        config: { region: "us-west-2" },
        path_mapping: { "external/aws-dr/**": "dr/**" },
      },
      expect: { refused: "read_only" },
    },
    {
      tool: "scaivault_get_federation_backend",
      args: { backend: "aws-prod" },
      expect: { ok: true, match: { last_sync: null, secrets_synced: 0 } },
    },
    {
      tool: "scaivault_list_federation_backends",
      args: {},
      expect: {
        ok: true,
        match: { "data[].name": ["aws-prod", "azure-shared", "gcp-analytics", "hashicorp-production"] },
      },
    },
  ],
});
