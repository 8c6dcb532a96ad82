import { DEMO } from "../../core/demo.js";
import type { MockVault } from "../stores.js";
import type { BindingInput, PolicyInput } from "./store.js";

const OPS = "user:ops@acme.example";
const AUDITOR = "user:auditor@acme.example";
const PARTNER_ADMIN = "user:partner-admin@acme.example";
const GLOBEX_ADMIN = "user:admin@globex.example";
const VAULT_ADMINS: PolicyInput = {
  name: "vault-admins",
  description: "Tenant administrators manage every secret.",
  rules: [{ path_pattern: "**", permissions: ["admin"] }],
};

/**
 * Demo access policies. Policies govern users as well as service accounts, so every seeded
 * identity is bound to what its seeded traffic does: the admins to everything, the auditor to
 * listing everything and reading integrations/, each service account to its own paths.
 * sa:report-runner is bound ONLY to read/list on integrations/**, which explains the seeded
 * outage: its reads of infra/db/primary/credentials match no rule. Group members are the identity
 * cache's (domains/identity/seed.ts).
 */
export function seedAccessPolicies(vault: MockVault): void {
  const seed = seeder(vault, DEMO.tenantId);

  seed(
    180,
    "pol_reporting_read",
    {
      name: "reporting-integrations-read",
      description: "The reporting service reads third-party integration credentials, nothing else.",
      rules: [{ path_pattern: "integrations/**", permissions: ["read", "list"] }],
    },
    [{ identity_type: "service_account", identity_id: "sa:report-runner" }],
  );
  seed(
    150,
    "pol_billing_worker",
    {
      name: "billing-worker",
      description: "Billing reads the Stripe key and manages its own webhook secret.",
      rules: [
        { path_pattern: "integrations/stripe/*", permissions: ["read"] },
        { path_pattern: "apps/billing/**", permissions: ["read", "write", "list", "rotate"] },
      ],
    },
    [{ identity_type: "service_account", identity_id: "sa:billing-worker" }],
  );
  seed(
    150,
    "pol_web_frontend",
    {
      name: "web-frontend",
      description: "The web frontend reads its session key.",
      rules: [{ path_pattern: "apps/web/**", permissions: ["read", "list"] }],
    },
    [{ identity_type: "service_account", identity_id: "sa:web-frontend" }],
  );
  seed(
    365,
    "pol_platform_admins",
    {
      name: "platform-admins",
      description: "Platform team administers infrastructure and environment secrets.",
      rules: [
        { path_pattern: "infra/**", permissions: ["admin"] },
        { path_pattern: "environments/**", permissions: ["admin"], conditions: { require_mfa: true } },
      ],
    },
    [{ identity_type: "group", identity_id: "group:platform-admins" }],
  );
  seed(
    90,
    "pol_automation_guard",
    {
      name: "automation-production-guard",
      description: "No automation account may change or delete production environment secrets.",
      rules: [{ path_pattern: "environments/production/**", permissions: ["write", "delete"], effect: "deny" }],
    },
    [{ identity_type: "group", identity_id: "group:automation" }],
  );

  seedVaultAdmins(vault);
  seed(
    200,
    "pol_auditors",
    {
      name: "auditors",
      description: "Auditors list every path and its trail, and review the integration credentials.",
      rules: [
        { path_pattern: "**", permissions: ["list"] },
        { path_pattern: "integrations/**", permissions: ["read"] },
      ],
    },
    [{ identity_type: "user", identity_id: AUDITOR }],
  );
}

/**
 * The demo admins' policies alone (vault-admins in every demo tenant): enough for the demo admin
 * tokens to manage every secret, e.g. in an otherwise empty vault.
 */
export function seedVaultAdmins(vault: MockVault): void {
  seeder(vault, DEMO.tenantId)(400, "pol_vault_admins", VAULT_ADMINS, [
    { identity_type: "group", identity_id: "group:vault-admins" },
  ]);
  seeder(vault, DEMO.otherTenantId)(400, "pol_vault_admins", VAULT_ADMINS, [
    { identity_type: "user", identity_id: GLOBEX_ADMIN },
  ]);
  // The partner's second tenant, which only the partner admin reaches.
  seeder(vault, DEMO.stagingTenantId)(400, "pol_vault_admins", VAULT_ADMINS, [
    { identity_type: "user", identity_id: PARTNER_ADMIN },
  ]);
}

/** Creates a policy and its bindings in one tenant as if `daysAgo` days before now (the clock is put back). */
function seeder(vault: MockVault, tenantId: string) {
  const store = vault.tenant(tenantId).accessPolicies;
  return (daysAgo: number, id: string, input: PolicyInput, bindings: BindingInput[]) => {
    const now = vault.clock.nowMs();
    vault.clock.set(now - daysAgo * 86_400_000);
    store.create(input, OPS, id);
    for (const binding of bindings) store.bind(id, binding, OPS);
    vault.clock.set(now);
  };
}
