import { scenario } from "../kit.js";

const SEEDED = [
  "pol_reporting_read",
  "pol_billing_worker",
  "pol_web_frontend",
  "pol_platform_admins",
  "pol_automation_guard",
  "pol_vault_admins",
  "pol_auditors",
];

/** Read the seeded policies and dry-run the three ways a decision can go: allow, deny rule, failed condition. */
export const explainDecisions = scenario({
  id: "access-policies.explain-decisions",
  title: "List and read access policies, then dry-run allow, deny-rule and MFA-condition decisions",
  user: "Who can do what on our secrets, and why can't the billing worker touch production SMTP?",
  steps: [
    {
      tool: "scaivault_list_policies",
      args: {},
      expect: {
        ok: true,
        match: { "policies[].id": SEEDED, "policies[].rule_count": [1, 2, 1, 2, 1, 1, 2], has_more: false },
      },
    },
    {
      tool: "scaivault_get_policy",
      args: { policy_id: "pol_platform_admins" },
      expect: {
        ok: true,
        match: {
          name: "platform-admins",
          "rules[].path_pattern": ["infra/**", "environments/**"],
          "rules[].conditions.require_mfa": [true],
          "bindings[].identity_id": ["group:platform-admins"],
        },
      },
    },
    {
      tool: "scaivault_test_policy",
      args: { identity_id: "sa:report-runner", path: "integrations/stripe/api-key", permission: "read" },
      expect: {
        ok: true,
        match: {
          allowed: true,
          decision: "allow",
          "matched_policy.id": "pol_reporting_read",
          "matched_rule.path_pattern": "integrations/**",
        },
      },
    },
    {
      note: "Deny rules win over allows: billing-worker is in group:automation.",
      tool: "scaivault_test_policy",
      args: { identity_id: "sa:billing-worker", path: "environments/production/smtp", permission: "write" },
      expect: {
        ok: true,
        match: {
          allowed: false,
          decision: "deny",
          "matched_policy.id": "pol_automation_guard",
          "matched_rule.effect": "deny",
          "bound_policies[].via": ["sa:billing-worker", "group:automation"],
        },
      },
    },
    {
      tool: "scaivault_test_policy",
      args: { identity_id: "user:alice@acme.example", path: "environments/production/smtp", permission: "read" },
      expect: {
        ok: true,
        match: { allowed: false, failed_condition: "require_mfa", "matched_policy.id": "pol_platform_admins" },
        contains: ["require_mfa condition is not met"],
      },
    },
    {
      tool: "scaivault_test_policy",
      args: {
        identity_id: "user:alice@acme.example",
        path: "environments/production/smtp",
        permission: "read",
        context: { mfa_verified: true },
      },
      expect: {
        ok: true,
        match: { allowed: true, failed_condition: null, "matched_rule.path_pattern": "environments/**" },
      },
    },
    { tool: "scaivault_get_policy", args: { policy_id: "pol_does_not_exist" }, expect: { error: "policy_not_found" } },
  ],
});

/** Create a policy with a binding; it shows up in the listing and changes the dry-run decision. */
export const createAndVerify = scenario({
  id: "access-policies.create-and-verify",
  title: "Create an access policy bound to a service account and verify it with a dry run",
  user: "Let the report runner read the new reports database secret.",
  steps: [
    {
      tool: "scaivault_test_policy",
      args: { identity_id: "sa:report-runner", path: "apps/reports/db", permission: "read" },
      expect: { ok: true, match: { allowed: false, matched_policy: null } },
    },
    {
      tool: "scaivault_create_policy",
      args: {
        name: "reports-db-read",
        description: "The report runner reads its database credentials.",
        rules: [{ path_pattern: "apps/reports/**", permissions: ["read", "list"] }],
        bindings: [{ identity_type: "service_account", identity_id: "sa:report-runner" }],
      },
      expect: {
        ok: true,
        match: {
          name: "reports-db-read",
          "rules[].path_pattern": ["apps/reports/**"],
          "bindings[].identity_id": ["sa:report-runner"],
          is_active: true,
        },
      },
      capture: { policyId: "id" },
    },
    {
      tool: "scaivault_get_policy",
      args: { policy_id: "${policyId}" },
      expect: {
        ok: true,
        match: {
          name: "reports-db-read",
          "rules[].permissions": [["read", "list"]],
          "bindings[].identity_type": ["service_account"],
        },
      },
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
            "reports-db-read",
          ],
        },
      },
    },
    {
      tool: "scaivault_test_policy",
      args: { identity_id: "sa:report-runner", path: "apps/reports/db", permission: "read" },
      expect: {
        ok: true,
        match: {
          allowed: true,
          "matched_policy.name": "reports-db-read",
          "matched_rule.path_pattern": "apps/reports/**",
        },
      },
    },
    {
      note: "The new policy grants read and list, not write.",
      tool: "scaivault_test_policy",
      args: { identity_id: "sa:report-runner", path: "apps/reports/db", permission: "write" },
      expect: { ok: true, match: { allowed: false } },
    },
  ],
});

/** ALLOWED_PATHS: a rule pattern that can reach outside the window is refused before the API. */
export const allowedPathsGuard = scenario({
  id: "access-policies.allowed-paths",
  title: "ALLOWED_PATHS: rule patterns and tested paths must stay inside the allowed window",
  user: "Give the report runner read access to infra as well.",
  profile: { allowedPaths: ["integrations"] },
  steps: [
    {
      tool: "scaivault_create_policy",
      args: {
        name: "report-runner-infra",
        rules: [{ path_pattern: "infra/**", permissions: ["read"] }],
        bindings: [{ identity_type: "service_account", identity_id: "sa:report-runner" }],
      },
      expect: { refused: "path_not_allowed", contains: ["infra/**"] },
    },
    {
      note: "One bad rule refuses the whole policy.",
      tool: "scaivault_create_policy",
      args: {
        name: "mixed",
        rules: [
          { path_pattern: "integrations/**", permissions: ["read"] },
          { path_pattern: "infra/db/**", permissions: ["read"] },
        ],
      },
      expect: { refused: "path_not_allowed", contains: ["infra/db/**"] },
    },
    {
      tool: "scaivault_create_policy",
      args: { name: "everything", rules: [{ path_pattern: "**", permissions: ["read"] }] },
      expect: { refused: "path_not_allowed" },
    },
    {
      note: "A wildcard in the first segment could match integrations-prod/… or any other root.",
      tool: "scaivault_create_policy",
      args: { name: "sneaky", rules: [{ path_pattern: "integrations*/**", permissions: ["read"] }] },
      expect: { refused: "path_not_allowed" },
    },
    {
      tool: "scaivault_create_policy",
      args: { name: "dots", rules: [{ path_pattern: "integrations/../infra/**", permissions: ["read"] }] },
      expect: { refused: "invalid_path" },
    },
    {
      tool: "scaivault_create_policy",
      args: { name: "salesforce-read", rules: [{ path_pattern: "integrations/*/oauth", permissions: ["read"] }] },
      expect: { ok: true, match: { "rules[].path_pattern": ["integrations/*/oauth"] } },
    },
    {
      tool: "scaivault_test_policy",
      args: { identity_id: "sa:report-runner", path: "infra/db/primary/credentials", permission: "read" },
      expect: { refused: "path_not_allowed" },
    },
    {
      tool: "scaivault_test_policy",
      args: { identity_id: "sa:report-runner", path: "integrations/salesforce/oauth", permission: "read" },
      expect: { ok: true, match: { allowed: true } },
    },
  ],
});

/** DENIED_PATHS: a pattern that can match anything under a denied prefix is refused, even inside the allowed window. */
export const deniedPathsGuard = scenario({
  id: "access-policies.denied-paths",
  title: "DENIED_PATHS: rule patterns that can match a denied prefix are refused",
  profile: { allowedPaths: ["integrations", "infra"], deniedPaths: ["infra/db"] },
  steps: [
    {
      tool: "scaivault_create_policy",
      args: { name: "db-read", rules: [{ path_pattern: "infra/db/**", permissions: ["read"] }] },
      expect: { refused: "path_denied" },
    },
    {
      note: "infra/** is inside the allowed window but can match infra/db/…",
      tool: "scaivault_create_policy",
      args: { name: "infra-read", rules: [{ path_pattern: "infra/**", permissions: ["read"] }] },
      expect: { refused: "path_denied", contains: ["infra/db"] },
    },
    {
      tool: "scaivault_create_policy",
      args: { name: "cache-read", rules: [{ path_pattern: "infra/cache/*", permissions: ["read"] }] },
      expect: { ok: true, match: { name: "cache-read", "rules[].path_pattern": ["infra/cache/*"] } },
    },
    {
      tool: "scaivault_test_policy",
      args: { identity_id: "sa:report-runner", path: "infra/db/primary/credentials", permission: "read" },
      expect: { refused: "path_denied" },
    },
  ],
});

/** READ_ONLY: creating a policy is refused; reading and dry runs still work. */
export const readOnlyGuard = scenario({
  id: "access-policies.read-only",
  title: "READ_ONLY: policies can be read and tested, not created",
  profile: { readOnly: true },
  steps: [
    {
      tool: "scaivault_create_policy",
      args: { name: "reports-db-read", rules: [{ path_pattern: "apps/reports/**", permissions: ["read"] }] },
      expect: { refused: "read_only" },
    },
    { tool: "scaivault_list_policies", args: {}, expect: { ok: true, match: { "policies[].id": SEEDED } } },
    {
      tool: "scaivault_test_policy",
      args: { identity_id: "sa:web-frontend", path: "apps/web/session-key", permission: "read" },
      expect: { ok: true, match: { allowed: true, "matched_policy.id": "pol_web_frontend" } },
    },
  ],
});
