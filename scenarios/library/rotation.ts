import { scenario } from "../kit.js";

const DUE_NOW = [
  "infra/db/primary/credentials",
  "infra/db/replica/credentials",
  "infra/cache/redis",
  "apps/billing/webhook-secret",
  "apps/web/session-key",
  "integrations/stripe/api-key",
];

/** The seeded schedules and what is overdue, due and upcoming at the demo "now". */
export const overview = scenario({
  id: "rotation.overview",
  title: "List rotation policies and the secrets due, overdue and upcoming",
  user: "Which secrets are overdue for rotation?",
  steps: [
    {
      tool: "scaivault_list_rotation_policies",
      args: {},
      expect: {
        ok: true,
        match: {
          "data[].id": ["rot_quarterly", "rot_monthly", "rot_weekly"],
          "data[].interval": ["90d", "30d", "7d"],
          "data[].secrets_count": [3, 3, 1],
          "data[].auto_generate": [false, true, true],
        },
      },
    },
    {
      tool: "scaivault_get_secrets_due_rotation",
      args: {},
      expect: {
        ok: true,
        match: {
          "data[].path": DUE_NOW,
          "data[].status": ["overdue", "overdue", "overdue", "overdue", "due", "due"],
          within_hours: 24,
        },
      },
    },
    {
      note: "Only what falls due in the window, without the overdue backlog.",
      tool: "scaivault_get_secrets_due_rotation",
      args: { within_hours: 240, include_overdue: false },
      expect: {
        ok: true,
        match: { "data[].path": ["apps/web/session-key", "integrations/stripe/api-key"], "data[].status": "due" },
      },
    },
    {
      tool: "scaivault_get_secrets_due_rotation",
      args: { within_hours: 720, policy_id: "rot_monthly" },
      expect: {
        ok: true,
        match: {
          "data[].path": ["infra/cache/redis", "apps/web/session-key", "integrations/salesforce/oauth"],
          "data[].status": ["overdue", "due", "upcoming"],
          "data[].rotation_policy_id": "rot_monthly",
        },
      },
    },
  ],
});

/** Create a schedule, attach secrets (one missing: reported, not fatal) and watch it fall due. */
export const createAndAttach = scenario({
  id: "rotation.create-and-attach",
  title: "Create a rotation policy with attachments, then see its secret fall due as time passes",
  user: "Put the billing webhook secret on a two-week rotation.",
  steps: [
    {
      tool: "scaivault_create_rotation_policy",
      args: {
        name: "biweekly-webhooks",
        interval: "14d",
        grace_period: "24h",
        warn_before: "2d",
        auto_generate: true,
        secret_policy_id: "sp_webhook_secrets",
        secret_paths: ["apps/billing/webhook-secret", "apps/billing/missing"],
      },
      expect: {
        ok: true,
        match: {
          name: "biweekly-webhooks",
          interval: "14d",
          grace_period: "24h",
          auto_generate: true,
          secret_policy_id: "sp_webhook_secrets",
          secrets_count: 1,
          "attached[]": ["apps/billing/webhook-secret"],
          "attach_errors[].secret_path": ["apps/billing/missing"],
          "attach_errors[].code": ["secret_not_found"],
        },
      },
      capture: { rotId: "id" },
    },
    {
      tool: "scaivault_list_rotation_policies",
      args: {},
      expect: {
        ok: true,
        match: {
          "data[].name": ["quarterly", "monthly", "weekly-webhooks", "biweekly-webhooks"],
          "data[].secrets_count": [3, 3, 0, 1],
        },
      },
    },
    {
      note: "Last rotated 20 days ago on a 14d schedule: already overdue under the new policy.",
      tool: "scaivault_get_secrets_due_rotation",
      args: { policy_id: "${rotId}" },
      expect: {
        ok: true,
        match: {
          "data[].path": ["apps/billing/webhook-secret"],
          "data[].status": ["overdue"],
          "data[].rotation_policy_name": ["biweekly-webhooks"],
        },
      },
    },
    {
      tool: "scaivault_rotate_secret",
      args: { path: "apps/billing/webhook-secret" },
      expect: { ok: true, match: { old_version: 1, new_version: 2, auto_generated: true } },
    },
    {
      tool: "scaivault_get_secrets_due_rotation",
      args: { policy_id: "${rotId}", within_hours: 24 },
      expect: { ok: true, match: { "data[].path": [] } },
    },
    { clock: "13d12h" },
    {
      tool: "scaivault_get_secrets_due_rotation",
      args: { policy_id: "${rotId}", within_hours: 24 },
      expect: {
        ok: true,
        match: {
          "data[].path": ["apps/billing/webhook-secret"],
          "data[].status": ["upcoming"],
          "data[].hours_until_due": [12],
        },
      },
    },
  ],
});

/** ALLOWED_PATHS filters the due list to the window; attaching outside it is refused. */
export const allowedPathsFilter = scenario({
  id: "rotation.allowed-paths",
  title: "ALLOWED_PATHS: due rotations are filtered to the window; attaching outside it is refused",
  user: "What does the reporting integration need to rotate this month?",
  profile: { allowedPaths: ["integrations"] },
  steps: [
    {
      tool: "scaivault_get_secrets_due_rotation",
      args: { within_hours: 720 },
      expect: {
        ok: true,
        match: { "data[].path": ["integrations/stripe/api-key", "integrations/salesforce/oauth"] },
        absent: ["infra/", "apps/"],
      },
    },
    {
      tool: "scaivault_get_secrets_due_rotation",
      args: {},
      expect: { ok: true, match: { "data[].path": ["integrations/stripe/api-key"] } },
    },
    {
      tool: "scaivault_create_rotation_policy",
      args: { name: "db-weekly", interval: "7d", secret_paths: ["infra/db/primary/credentials"] },
      expect: { refused: "path_not_allowed" },
    },
    {
      tool: "scaivault_create_rotation_policy",
      args: { name: "stripe-monthly", interval: "30d", secret_paths: ["integrations/stripe/api-key"] },
      expect: { ok: true, match: { "attached[]": ["integrations/stripe/api-key"], secrets_count: 1 } },
    },
  ],
});

/** DENIED_PATHS hides the denied subtree from the due list even inside the allowed window. */
export const deniedPathsFilter = scenario({
  id: "rotation.denied-paths",
  title: "DENIED_PATHS: the denied subtree disappears from due rotations",
  profile: { allowedPaths: ["infra", "apps"], deniedPaths: ["infra/db"] },
  steps: [
    {
      tool: "scaivault_get_secrets_due_rotation",
      args: {},
      expect: {
        ok: true,
        match: { "data[].path": ["infra/cache/redis", "apps/billing/webhook-secret", "apps/web/session-key"] },
        absent: ["infra/db"],
      },
    },
    {
      tool: "scaivault_create_rotation_policy",
      args: { name: "db-weekly", interval: "7d", secret_paths: ["infra/db/replica/credentials"] },
      expect: { refused: "path_denied" },
    },
  ],
});

/** READ_ONLY: schedules and due lists are readable; creating a schedule is refused. */
export const readOnlyGuard = scenario({
  id: "rotation.read-only",
  title: "READ_ONLY: rotation schedules can be read, not created",
  profile: { readOnly: true },
  steps: [
    {
      tool: "scaivault_create_rotation_policy",
      args: { name: "weekly", interval: "7d" },
      expect: { refused: "read_only" },
    },
    {
      tool: "scaivault_list_rotation_policies",
      args: { active_only: true },
      expect: { ok: true, match: { "data[].id": ["rot_quarterly", "rot_monthly", "rot_weekly"] } },
    },
    {
      tool: "scaivault_get_secrets_due_rotation",
      args: { include_overdue: false },
      expect: { ok: true, match: { "data[].path": ["apps/web/session-key", "integrations/stripe/api-key"] } },
    },
  ],
});
