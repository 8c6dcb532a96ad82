import { DEMO } from "../../seed.js";
import type { MockVault } from "../../vault.js";
import type { BindingInput, PolicyInput } from "./store.js";
import { installAccessEvaluator } from "./store.js";

const OPS = "user:ops@acme.example";

/**
 * Demo access policies. sa:report-runner is bound ONLY to read/list on integrations/**, which
 * explains the seeded outage: its reads of infra/db/primary/credentials match no rule.
 */
export function seedAccessPolicies(vault: MockVault): void {
  installAccessEvaluator(vault);
  const store = vault.tenant(DEMO.tenantId).accessPolicies;
  const now = vault.clock.nowMs();
  const seed = (daysAgo: number, id: string, input: PolicyInput, bindings: BindingInput[]) => {
    vault.clock.set(now - daysAgo * 86_400_000);
    store.create(input, OPS, id);
    for (const binding of bindings) store.bind(id, binding, OPS);
  };

  store.setGroup("group:platform-admins", [OPS, "user:alice@acme.example"]);
  store.setGroup("group:automation", ["sa:report-runner", "sa:billing-worker", "sa:web-frontend"]);

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
  vault.clock.set(now);
}
