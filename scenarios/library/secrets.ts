import { scenario } from "../kit.js";

/** The product page's first example: what can the reporting service see, values masked. */
export const maskedListing = scenario({
  id: "secrets.masked-listing",
  title: "Read with masking (product page example)",
  user: "What credentials does my reporting service have access to?",
  profile: { maskValues: true, readOnly: true, allowedPaths: ["integrations"] },
  steps: [
    {
      tool: "scaivault_list_secrets",
      args: { prefix: "integrations/" },
      expect: {
        ok: true,
        match: {
          "data[].path": ["integrations/salesforce/oauth", "integrations/stripe/api-key"],
          "data[].version": [3, 1],
        },
      },
    },
    {
      tool: "scaivault_read_secret",
      args: { path: "integrations/stripe/api-key" },
      expect: { ok: true, match: { "data.*": "••••••", version: 1 }, absent: ["sk_test_mock_"] },
    },
    {
      tool: "scaivault_read_secret",
      args: { path: "infra/db/primary/credentials" },
      expect: { refused: "path_not_allowed" },
    },
    {
      tool: "scaivault_write_secret",
      args: { path: "integrations/stripe/api-key", data: { key: "x" } },
      expect: { refused: "read_only" },
    },
  ],
});

export const lifecycle = scenario({
  id: "secrets.lifecycle",
  title: "Write, version, rotate, check expiry and delete a secret",
  user: "Store a new reporting DB password, then rotate it.",
  steps: [
    {
      tool: "scaivault_write_secret",
      args: { path: "apps/reports/db", data: { username: "reports", password: "first-value" }, expires_in: "20d" },
      expect: { ok: true, match: { version: 1 } },
    },
    {
      tool: "scaivault_write_secret",
      args: { path: "apps/reports/db", data: { username: "reports", password: "second-value" } },
      expect: { ok: true, match: { version: 2 } },
    },
    {
      tool: "scaivault_read_secret",
      args: { path: "apps/reports/db" },
      expect: { ok: true, match: { "data.password": "second-value" } },
    },
    {
      tool: "scaivault_get_secret_versions",
      args: { path: "apps/reports/db" },
      expect: { ok: true, match: { "versions[].version": [2, 1] } },
    },
    {
      tool: "scaivault_rotate_secret",
      args: { path: "apps/reports/db" },
      expect: { ok: true, match: { new_version: 3, "data.username": "reports" } },
    },
    {
      tool: "scaivault_check_expiration",
      args: { prefix: "apps/reports", within: "30d" },
      expect: { ok: true, match: { "data[].path": ["apps/reports/db"] } },
    },
    { clock: "21d" },
    {
      tool: "scaivault_check_expiration",
      args: { prefix: "apps/reports" },
      expect: { ok: true, match: { "data[].expired": [true] } },
    },
    {
      tool: "scaivault_delete_secret",
      args: { path: "apps/reports/db" },
      expect: { ok: true, match: { deleted: true, permanent: false } },
    },
    { tool: "scaivault_read_secret", args: { path: "apps/reports/db" }, expect: { error: "secret_not_found" } },
  ],
});

export const readOnly = scenario({
  id: "guardrails.read-only",
  title: "READ_ONLY: reads work, every change is refused before the API",
  profile: { readOnly: true },
  steps: [
    { tool: "scaivault_read_secret", args: { path: "apps/web/session-key" }, expect: { ok: true } },
    {
      tool: "scaivault_write_secret",
      args: { path: "apps/web/session-key", data: { key: "x" } },
      expect: { refused: "read_only" },
    },
    { tool: "scaivault_rotate_secret", args: { path: "apps/web/session-key" }, expect: { refused: "read_only" } },
    { tool: "scaivault_delete_secret", args: { path: "apps/web/session-key" }, expect: { refused: "read_only" } },
  ],
});

export const deniedPaths = scenario({
  id: "guardrails.denied-paths",
  title: "DENIED_PATHS: refused even under an allowed prefix, hidden from listings",
  profile: { allowedPaths: ["infra", "apps"], deniedPaths: ["infra/db"] },
  steps: [
    {
      tool: "scaivault_read_secret",
      args: { path: "infra/db/primary/credentials" },
      expect: { refused: "path_denied" },
    },
    {
      tool: "scaivault_list_secrets",
      args: { prefix: "infra" },
      expect: { ok: true, match: { "data[].path": ["infra/cache/redis"] } },
    },
    { tool: "scaivault_list_secrets", args: { prefix: "infra/db/primary" }, expect: { refused: "path_denied" } },
    { tool: "scaivault_read_secret", args: { path: "infra-legacy/db" }, expect: { refused: "path_not_allowed" } },
    { tool: "scaivault_read_secret", args: { path: "infra/cache/redis" }, expect: { ok: true } },
  ],
});

export const tenantLock = scenario({
  id: "guardrails.tenant-lock",
  title: "TENANT_ID: another tenant is refused, the locked one is used",
  profile: { tenantId: "tnt_acme_prod" },
  steps: [
    {
      tool: "scaivault_read_secret",
      args: { path: "integrations/salesforce/oauth", tenant_id: "tnt_globex" },
      expect: { refused: "tenant_locked" },
    },
    {
      tool: "scaivault_read_secret",
      args: { path: "integrations/salesforce/oauth" },
      expect: { ok: true, match: { version: 3 } },
    },
  ],
});

export const pathTricks = scenario({
  id: "guardrails.path-normalisation",
  title: "Traversal and encoding tricks are rejected; sloppy slashes are normalised",
  profile: { allowedPaths: ["integrations"] },
  steps: [
    {
      tool: "scaivault_read_secret",
      args: { path: "integrations/../infra/db/primary/credentials" },
      expect: { refused: "invalid_path" },
    },
    { tool: "scaivault_read_secret", args: { path: "integrations/%2e%2e/infra" }, expect: { refused: "invalid_path" } },
    { tool: "scaivault_read_secret", args: { path: "integrations/..\\infra" }, expect: { refused: "invalid_path" } },
    { tool: "scaivault_read_secret", args: { path: "integrations-prod/x" }, expect: { refused: "path_not_allowed" } },
    {
      tool: "scaivault_read_secret",
      args: { path: "//integrations//stripe/api-key/" },
      expect: { ok: true, match: { path: "integrations/stripe/api-key" } },
    },
  ],
});
