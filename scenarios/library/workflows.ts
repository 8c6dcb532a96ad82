import { scenario } from "../kit.js";

const OAUTH = "integrations/salesforce/oauth";

/** End to end, masked: the agent never sees the old or the new OAuth values, only versions. */
export const rotateOauthCredential = scenario({
  id: "workflows.rotate-oauth-credential",
  title: "Rotate the Salesforce OAuth credential end to end (masked)",
  user: "Put the Salesforce OAuth client on a 60-day rotation with generated values, and rotate it when it falls due.",
  profile: { maskValues: true },
  steps: [
    {
      tool: "scaivault_read_secret",
      args: { path: OAUTH },
      expect: {
        ok: true,
        match: {
          secret_type: "json",
          version: 3,
          rotation_policy_id: "rot_monthly",
          secret_policy_id: null,
          "metadata.owner": "team:integrations",
          "data.*": "••••••",
        },
        absent: ["mock-"],
      },
    },
    {
      tool: "scaivault_get_secret_versions",
      args: { path: OAUTH },
      expect: {
        ok: true,
        match: { current_version: 3, "versions[].version": [3, 2, 1], "versions[].is_rotation": [false, false, false] },
      },
    },
    {
      tool: "scaivault_list_secret_policies",
      args: { policy_type: "oauth_client" },
      expect: { ok: true, match: { "data[].id": ["sp_oauth_clients"] } },
    },
    {
      tool: "scaivault_get_secret_policy",
      args: { policy_id: "sp_oauth_clients" },
      expect: { ok: true, match: { policy_type: "oauth_client", "fields[].name": ["client_id", "client_secret"] } },
    },
    {
      note: "What the recipe would generate, masked.",
      tool: "scaivault_generate_secret_preview",
      args: { policy_id: "sp_oauth_clients" },
      expect: { ok: true, match: { "data.client_id": "••••••", "data.client_secret": "••••••" } },
    },
    {
      tool: "scaivault_create_rotation_policy",
      args: {
        name: "oauth-60d",
        description: "OAuth clients, every 60 days, generated values",
        interval: "60d",
        grace_period: "48h",
        warn_before: "7d,1d",
        auto_generate: true,
        secret_policy_id: "sp_oauth_clients",
        secret_paths: [OAUTH],
      },
      expect: {
        ok: true,
        match: {
          interval: "60d",
          auto_generate: true,
          secret_policy_id: "sp_oauth_clients",
          secrets_count: 1,
          "attached[]": [OAUTH],
          "attach_errors[]": [],
        },
      },
      capture: { rotId: "id" },
    },
    {
      note: "Last written 10 days ago: not due yet on a 60-day schedule.",
      tool: "scaivault_get_secrets_due_rotation",
      args: { policy_id: "${rotId}", within_hours: 24 },
      expect: { ok: true, match: { "data[].path": [] } },
    },
    { clock: "49d12h", note: "Due in 12 hours: rotate it now rather than leave it to the scheduler." },
    {
      tool: "scaivault_get_secrets_due_rotation",
      args: { policy_id: "${rotId}", within_hours: 24 },
      expect: {
        ok: true,
        match: {
          "data[].path": [OAUTH],
          "data[].status": ["upcoming"],
          "data[].hours_until_due": [12],
          "data[].rotation_policy_name": ["oauth-60d"],
          "data[].auto_generate": [true],
        },
      },
    },
    {
      tool: "scaivault_rotate_secret",
      args: { path: OAUTH },
      expect: {
        ok: true,
        match: { path: OAUTH, old_version: 3, new_version: 4, auto_generated: true, "data.*": "••••••" },
        absent: ["mock-"],
      },
    },
    {
      tool: "scaivault_get_secret_versions",
      args: { path: OAUTH },
      expect: {
        ok: true,
        match: {
          current_version: 4,
          "versions[].version": [4, 3, 2, 1],
          "versions[].is_rotation": [true, false, false, false],
        },
      },
    },
    {
      note: "With values requested, every version's data is still masked.",
      tool: "scaivault_get_secret_versions",
      args: { path: OAUTH, include_data: true },
      expect: { ok: true, match: { "versions[].data.*": "••••••" }, absent: ["mock-"] },
    },
    {
      note: "Rotated: nothing due on the new schedule any more.",
      tool: "scaivault_get_secrets_due_rotation",
      args: { policy_id: "${rotId}", within_hours: 24 },
      expect: { ok: true, match: { "data[].path": [] } },
    },
  ],
});

const ENV = [
  "# legacy app settings (fake values)",
  "DATABASE_URL=postgres://legacy:fake-db-pass-000@db.example.invalid:5432/legacy",
  "STRIPE_KEY=sk_test_mock_FAKEFAKEFAKE0000",
  "EMPTY_ONE=",
].join("\n");

/** The migrate-from-env prompt, then the writes it asks for, then a check of what landed. */
export const migrateFromEnv = scenario({
  id: "workflows.migrate-from-env",
  title: "Migrate a .env file into ScaiVault with the migrate-from-env prompt",
  user: "Move my legacy app's .env into the vault under apps/legacy.",
  steps: [
    {
      prompt: "migrate-from-env",
      args: { env: ENV, prefix: "apps/legacy" },
      expect: {
        ok: true,
        match: { messages: 2 },
        contains: [
          "under the prefix `apps/legacy`",
          "- DATABASE_URL -> `apps/legacy/database-url`",
          "- STRIPE_KEY -> `apps/legacy/stripe-key`",
          "- EMPTY_ONE: skip (empty value)",
          "Never echo, quote, summarise, partially show or log any value",
          "scaivault_write_secret",
        ],
      },
    },
    {
      tool: "scaivault_list_secrets",
      args: { prefix: "apps/legacy" },
      expect: { ok: true, match: { "data[].path": [] } },
    },
    {
      tool: "scaivault_write_secret",
      args: {
        path: "apps/legacy/database-url",
        data: { value: "postgres://legacy:fake-db-pass-000@db.example.invalid:5432/legacy" },
        metadata: { source: ".env", env_key: "DATABASE_URL" },
      },
      expect: { ok: true, match: { path: "apps/legacy/database-url", version: 1 }, absent: ["fake-db-pass-000"] },
    },
    {
      tool: "scaivault_write_secret",
      args: {
        path: "apps/legacy/stripe-key",
        data: { value: "sk_test_mock_FAKEFAKEFAKE0000" },
        metadata: { source: ".env", env_key: "STRIPE_KEY" },
      },
      expect: { ok: true, match: { path: "apps/legacy/stripe-key", version: 1 }, absent: ["FAKEFAKE"] },
    },
    {
      tool: "scaivault_list_secrets",
      args: { prefix: "apps/legacy" },
      expect: {
        ok: true,
        match: {
          "data[].path": ["apps/legacy/database-url", "apps/legacy/stripe-key"],
          "data[].metadata.source": ".env",
        },
        absent: ["FAKEFAKE", "fake-db-pass"],
      },
    },
    {
      tool: "scaivault_read_secret",
      args: { path: "apps/legacy/stripe-key" },
      expect: { ok: true, match: { "data.value": "sk_test_mock_FAKEFAKEFAKE0000", "metadata.env_key": "STRIPE_KEY" } },
    },
  ],
});

/** The same migration on a masked server: writes go through, reads never show the values. */
export const migrateFromEnvMasked = scenario({
  id: "workflows.migrate-from-env-masked",
  title: "Migrate from .env under MASK_VALUES: values written, never shown back",
  user: "Same migration, but our assistant runs with masking on.",
  profile: { maskValues: true, allowedPaths: ["apps/legacy"] },
  steps: [
    {
      prompt: "migrate-from-env",
      args: {
        env: "DATABASE_URL=postgres://legacy:fake-db-pass-000@db.example.invalid/legacy\nSTRIPE_KEY=sk_test_mock_FAKEFAKEFAKE0000\n",
        prefix: "apps/legacy",
      },
      expect: {
        ok: true,
        contains: [
          "- DATABASE_URL -> `apps/legacy/database-url`",
          "- STRIPE_KEY -> `apps/legacy/stripe-key`",
          "Never echo",
        ],
      },
    },
    {
      note: "A prefix outside the allowed window is refused by the prompt itself.",
      prompt: "migrate-from-env",
      args: { env: "STRIPE_KEY=sk_test_mock_FAKEFAKEFAKE0000\n", prefix: "apps/web" },
      expect: { refused: "path_not_allowed" },
    },
    {
      tool: "scaivault_write_secret",
      args: {
        path: "apps/legacy/database-url",
        data: { value: "postgres://legacy:fake-db-pass-000@db.example.invalid/legacy" },
        metadata: { source: ".env", env_key: "DATABASE_URL" },
      },
      expect: { ok: true, match: { version: 1 } },
    },
    {
      tool: "scaivault_write_secret",
      args: {
        path: "apps/legacy/stripe-key",
        data: { value: "sk_test_mock_FAKEFAKEFAKE0000" },
        metadata: { source: ".env", env_key: "STRIPE_KEY" },
      },
      expect: { ok: true, match: { version: 1 } },
    },
    {
      tool: "scaivault_list_secrets",
      args: { prefix: "apps/legacy" },
      expect: { ok: true, match: { "data[].path": ["apps/legacy/database-url", "apps/legacy/stripe-key"] } },
    },
    {
      tool: "scaivault_read_secret",
      args: { path: "apps/legacy/database-url" },
      expect: {
        ok: true,
        match: { "data.value": "••••••", "metadata.env_key": "DATABASE_URL" },
        absent: ["fake-db-pass-000", "postgres://"],
      },
    },
    {
      tool: "scaivault_read_secret",
      args: { path: "apps/legacy/stripe-key" },
      expect: { ok: true, match: { "data.*": "••••••" }, absent: ["FAKEFAKE"] },
    },
  ],
});

/** The product page's outage: why sa:report-runner was denied infra/db/primary/credentials. */
export const investigateDeniedAccess = scenario({
  id: "workflows.investigate-denied-access",
  title: "Explain why sa:report-runner cannot read infra/db/primary/credentials",
  user: "The report runner started failing at 14:31. Why can't it read the primary DB credentials?",
  profile: { readOnly: true },
  steps: [
    {
      prompt: "audit-investigation",
      args: { path: "infra/db/primary/credentials", window: "1h" },
      expect: {
        ok: true,
        contains: [
          "`infra/db/primary/credentials` in the last 1h",
          "scaivault_test_policy",
          "do not read or print secret values",
        ],
      },
    },
    {
      tool: "scaivault_test_policy",
      args: { identity_id: "sa:report-runner", path: "infra/db/primary/credentials", permission: "read" },
      expect: {
        ok: true,
        match: {
          allowed: false,
          decision: "deny",
          matched_policy: null,
          matched_rule: null,
          failed_condition: null,
          "bound_policies[].id": ["pol_reporting_read", "pol_automation_guard"],
          "bound_policies[].via": ["sa:report-runner", "group:automation"],
        },
        contains: ["No matching rule"],
      },
    },
    {
      note: "Control: the same identity may read its integrations.",
      tool: "scaivault_test_policy",
      args: { identity_id: "sa:report-runner", path: "integrations/salesforce/oauth", permission: "read" },
      expect: { ok: true, match: { allowed: true, "matched_policy.id": "pol_reporting_read" } },
    },
    {
      tool: "scaivault_list_policies",
      args: {},
      expect: {
        ok: true,
        match: {
          "policies[].name": [
            "reporting-integrations-read",
            "billing-worker",
            "web-frontend",
            "platform-admins",
            "automation-production-guard",
            "vault-admins",
            "auditors",
          ],
        },
      },
    },
    {
      tool: "scaivault_get_policy",
      args: { policy_id: "pol_reporting_read" },
      expect: {
        ok: true,
        match: {
          "rules[].path_pattern": ["integrations/**"],
          "rules[].permissions": [["read", "list"]],
          "bindings[].identity_id": ["sa:report-runner"],
        },
      },
    },
    {
      note: "Who does hold the grant: platform-admins, on infra/**.",
      tool: "scaivault_get_policy",
      args: { policy_id: "pol_platform_admins" },
      expect: {
        ok: true,
        match: {
          "rules[].path_pattern": ["infra/**", "environments/**"],
          "bindings[].identity_id": ["group:platform-admins"],
        },
      },
    },
    {
      note: "The fix (a new binding) is a change: refused on this read-only server, to be proposed to the user.",
      tool: "scaivault_create_policy",
      args: {
        name: "report-runner-db-read",
        rules: [{ path_pattern: "infra/db/primary/*", permissions: ["read"] }],
        bindings: [{ identity_type: "service_account", identity_id: "sa:report-runner" }],
      },
      expect: { refused: "read_only" },
    },
  ],
});

/** Secret resources under masking, and the access-policy resource. */
export const resourceReads = scenario({
  id: "workflows.resource-reads",
  title: "Read secrets and policies as MCP resources (values masked)",
  profile: { maskValues: true, allowedPaths: ["integrations"] },
  steps: [
    {
      resource: "scaivault://secrets/tnt_acme_prod/integrations/stripe/api-key",
      expect: {
        ok: true,
        match: {
          path: "integrations/stripe/api-key",
          version: 1,
          secret_policy_id: "sp_stripe_keys",
          rotation_policy_id: "rot_quarterly",
          "data.*": "••••••",
        },
        absent: ["sk_test_mock_"],
      },
    },
    {
      resource: "scaivault://secrets/tnt_acme_prod/integrations/salesforce/oauth",
      expect: { ok: true, match: { version: 3, "data.*": ["••••••", "••••••"] }, absent: ["mock-"] },
    },
    {
      resource: "scaivault://secrets/tnt_acme_prod/infra/db/primary/credentials",
      expect: { refused: "path_not_allowed" },
    },
    {
      resource: "scaivault://secrets/tnt_acme_prod/integrations/does-not-exist",
      expect: { error: "secret_not_found" },
    },
    {
      resource: "scaivault://policies/pol_reporting_read",
      expect: {
        ok: true,
        match: {
          id: "pol_reporting_read",
          "rules[].path_pattern": ["integrations/**"],
          "bindings[].identity_id": ["sa:report-runner"],
        },
      },
    },
  ],
});

/** TENANT_ID lock applies to resource URIs too. */
export const resourceTenantLock = scenario({
  id: "workflows.resource-tenant-lock",
  title: "TENANT_ID: a resource of another tenant is refused, the locked tenant's is served",
  profile: { tenantId: "tnt_acme_prod" },
  steps: [
    { resource: "scaivault://secrets/tnt_globex/integrations/salesforce/oauth", expect: { refused: "tenant_locked" } },
    {
      resource: "scaivault://secrets/tnt_acme_prod/integrations/salesforce/oauth",
      expect: { ok: true, match: { path: OAUTH, version: 3 } },
    },
  ],
});

/** The audit-investigation and rotate-credential prompts: guarded paths, canonical paths, the right tools. */
export const prompts = scenario({
  id: "workflows.prompts",
  title: "Prepared prompts: audit-investigation and rotate-credential",
  steps: [
    {
      prompt: "audit-investigation",
      args: { path: "infra/db/primary/credentials", start: "2026-05-17T14:00:00Z", end: "2026-05-17T15:00:00Z" },
      expect: {
        ok: true,
        match: { messages: 1 },
        contains: [
          "Investigate access to the ScaiVault secret `infra/db/primary/credentials` from 2026-05-17T14:00:00Z to 2026-05-17T15:00:00Z",
          "scaivault_query_audit",
          "scaivault_find_unauthorized_access",
          "scaivault_test_policy",
          "Ask before changing anything",
        ],
      },
    },
    {
      prompt: "audit-investigation",
      args: { path: "infra/db/primary/credentials", window: "yesterday" },
      expect: { refused: "invalid_request" },
    },
    {
      note: "Sloppy slashes come back canonical.",
      prompt: "rotate-credential",
      args: { path: "/integrations//salesforce/oauth/" },
      expect: {
        ok: true,
        contains: [
          "Rotate the ScaiVault secret `integrations/salesforce/oauth` end to end",
          "Never print, repeat or log the old or the new value",
          "scaivault_rotate_secret",
          "scaivault_get_secret_versions",
          "grace_period_ends",
        ],
        absent: ["//"],
      },
    },
    {
      prompt: "rotate-credential",
      args: { path: "integrations/../infra/db/primary/credentials" },
      expect: { refused: "invalid_path" },
    },
  ],
});

/** Prompts that lead to changes are refused on a read-only server; the investigation prompt still works. */
export const promptsReadOnly = scenario({
  id: "workflows.prompts-read-only",
  title: "READ_ONLY: rotate-credential and migrate-from-env are refused, audit-investigation is not",
  profile: { readOnly: true },
  steps: [
    { prompt: "rotate-credential", args: { path: OAUTH }, expect: { refused: "read_only" } },
    {
      prompt: "migrate-from-env",
      args: { env: "STRIPE_KEY=sk_test_mock_FAKEFAKEFAKE0000\n", prefix: "apps/legacy" },
      expect: { refused: "read_only" },
    },
    {
      prompt: "audit-investigation",
      args: { path: OAUTH },
      expect: { ok: true, contains: ["in the last 24h (ending now)"] },
    },
  ],
});
