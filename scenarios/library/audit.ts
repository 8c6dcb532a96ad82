import { scenario } from "../kit.js";

const DENIED_AT = ["2026-05-17T14:31:14.000Z", "2026-05-17T14:31:45.000Z", "2026-05-17T14:32:16.000Z"];
const DB = "infra/db/primary/credentials";

/** The product page's outage example: three denied reads of the primary DB credentials. */
export const outageInvestigation = scenario({
  id: "audit.outage-investigation",
  title: "Outage investigation (product page example)",
  user: "Did anything weird happen around 14:30 today?",
  profile: { readOnly: true, maskValues: true },
  steps: [
    {
      tool: "scaivault_query_audit",
      args: { from: "2026-05-17T14:30:00Z", to: "2026-05-17T14:35:00Z" },
      expect: {
        ok: true,
        match: {
          "logs[].timestamp": [...DENIED_AT].reverse(),
          "logs[].identity_id": "sa:report-runner",
          "logs[].secret_path": DB,
          "logs[].action": "read",
          "logs[].outcome": "denied",
          "logs[].error_code": "access_denied",
          has_more: false,
        },
      },
    },
    {
      tool: "scaivault_find_unauthorized_access",
      args: { from: "2026-05-17T14:30:00Z", to: "2026-05-17T14:35:00Z" },
      expect: {
        ok: true,
        match: {
          total_denied: 3,
          "groups[].identity_id": ["sa:report-runner"],
          "groups[].secret_path": [DB],
          "groups[].count": [3],
          "groups[].timestamps": [DENIED_AT],
          "groups[].error_codes": [["access_denied"]],
        },
      },
    },
    {
      note: "Why denied: no policy bound to sa:report-runner grants read there.",
      tool: "scaivault_test_policy",
      args: { identity_id: "sa:report-runner", path: DB, permission: "read" },
      expect: {
        ok: true,
        match: { allowed: false, decision: "deny", matched_policy: null, matched_rule: null },
        contains: ["No matching rule"],
      },
    },
  ],
});

/** From a denied request to the secret's history to the identity that was denied. */
export const deniedAccess = scenario({
  id: "audit.denied-access-investigation",
  title: "Investigate denied access: unauthorized requests -> secret audit trail -> service account",
  user: "Someone is getting access denied errors. Who, on what, and what is that account?",
  profile: { readOnly: true },
  steps: [
    {
      tool: "scaivault_find_unauthorized_access",
      args: {},
      expect: {
        ok: true,
        match: {
          total_denied: 3,
          "groups[].identity_id": ["sa:report-runner"],
          "groups[].secret_path": [DB],
          "groups[].count": [3],
        },
      },
      capture: { who: "groups[].identity_id", path: "groups[].secret_path" },
    },
    {
      tool: "scaivault_secret_audit_trail",
      args: { path: "${path}" },
      expect: {
        ok: true,
        match: {
          path: DB,
          "summary.denied_events": 3,
          "summary.last_read_at": null,
          "logs[].timestamp": [...DENIED_AT].reverse(),
          "logs[].identity_id": "sa:report-runner",
          "logs[].outcome": "denied",
        },
      },
    },
    {
      tool: "scaivault_get_service_account",
      args: { service_account_id: "${who}" },
      expect: {
        ok: true,
        match: {
          name: "report-runner",
          identity_id: "sa:report-runner",
          status: "active",
          scopes: [["secrets:read", "secrets:list"]],
        },
      },
    },
  ],
});

/** A day at a glance, then drill into one actor's failures (background traffic is random: only the outage is asserted exactly). */
export const dailySummary = scenario({
  id: "audit.daily-summary",
  title: "Audit summary of the last 24h, then the denied events of the top offender",
  user: "Give me an overview of vault activity today.",
  profile: { readOnly: true },
  steps: [
    {
      tool: "scaivault_audit_summary",
      args: {},
      expect: {
        ok: true,
        match: { denied_events: 3, failed_events: 0 },
        contains: [`"path":"${DB}","events":3,"denied":3`, '"identity_id":"sa:report-runner"'],
      },
    },
    {
      tool: "scaivault_audit_summary",
      args: { path_prefix: "integrations" },
      expect: {
        ok: true,
        match: { path_prefix: "integrations", denied_events: 0 },
        contains: ['"top_paths":[{"path":"integrations/'],
        absent: ["infra/", "apps/"],
      },
    },
    {
      tool: "scaivault_query_audit",
      args: { identity_id: "sa:report-runner", outcome: "denied" },
      expect: { ok: true, match: { "logs[].timestamp": [...DENIED_AT].reverse(), "logs[].secret_path": DB } },
    },
  ],
});

/** ALLOWED_PATHS: audit results about paths outside the window are dropped or refused. */
export const allowedPaths = scenario({
  id: "audit.allowed-paths-filtering",
  title: "ALLOWED_PATHS: audit results outside the allowed window are filtered out",
  user: "What happened to the integration secrets today?",
  profile: { readOnly: true, allowedPaths: ["integrations"] },
  steps: [
    {
      note: "The day also holds reads of apps/ and infra/ and the 14:31 denials: only integrations/ remain.",
      tool: "scaivault_query_audit",
      args: { from: "2026-05-17T00:00:00Z", to: "2026-05-17T14:35:00Z" },
      expect: {
        ok: true,
        match: { "logs[].outcome": "success" },
        contains: ['"secret_path":"integrations/'],
        absent: ["infra/", "apps/"],
      },
    },
    {
      tool: "scaivault_find_unauthorized_access",
      args: {},
      expect: {
        ok: true,
        match: { "groups[].secret_path": [], total_denied: 0 },
        contains: ['"groups":[]'],
        absent: [DB, "sa:report-runner"],
      },
    },
    {
      note: "Counts cannot be filtered after the fact, so a summary needs a scope inside the window.",
      tool: "scaivault_audit_summary",
      args: {},
      expect: { refused: "path_not_allowed" },
    },
    {
      tool: "scaivault_audit_summary",
      args: { path_prefix: "integrations" },
      expect: {
        ok: true,
        match: { denied_events: 0 },
        contains: ['"top_paths":[{"path":"integrations/'],
        absent: ["infra/", "apps/"],
      },
    },
    { tool: "scaivault_secret_audit_trail", args: { path: DB }, expect: { refused: "path_not_allowed" } },
    { tool: "scaivault_query_audit", args: { path_prefix: "infra/db" }, expect: { refused: "path_not_allowed" } },
    {
      tool: "scaivault_secret_audit_trail",
      args: { path: "integrations/stripe/api-key", limit: 3 },
      expect: {
        ok: true,
        match: {
          path: "integrations/stripe/api-key",
          "logs[].secret_path": "integrations/stripe/api-key",
          "summary.denied_events": 0,
        },
      },
    },
  ],
});
