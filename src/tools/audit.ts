import { z } from "zod";
import { AuditLogs, AuditSummary, SecretAuditTrail } from "../client/schemas/audit.js";
import { DENIED_GROUPS_LIMIT, deniedAccess, summaryUnder, UnauthorizedAccess } from "./audit-aggregate.js";
import { group, tool } from "./define.js";
import { Cursor, Limit, SecretPath, TenantId, Timestamp, utc } from "./schemas.js";

const From = Timestamp.optional().describe("Start, with Z or an offset, e.g. 2026-05-17T14:30:00Z");
const To = Timestamp.optional().describe("End (exclusive), with Z or an offset");
/** from/to as UTC instants: the vault is never left to guess a zone. */
const window = (from: string | undefined, to: string | undefined) => ({
  from: from === undefined ? undefined : utc(from),
  to: to === undefined ? undefined : utc(to),
});
const PathPrefix = z.string().max(512).optional().describe("Only secret paths under this prefix");
const IdentityId = z.string().max(256).optional().describe("Actor, e.g. sa:report-runner");
/** The vault's summary, or the one computed under a path prefix (PrefixSummary). */
const Summary = AuditSummary.extend({
  path_prefix: z.string().nullable().optional(),
  complete: z.boolean().optional(),
});

/** The audit tools (declared as data; see define.ts). */
export const auditTools = group("audit", [
  tool({
    name: "scaivault_query_audit",
    title: "Query audit log",
    description:
      "Search the audit log (newest first) by time window, actor, action, path prefix and outcome (denied and error are both success=false in the API). Use for 'what happened around 14:30?'.",
    access: "read",
    scopes: ["audit:read"],
    paths: [{ arg: "path_prefix", kind: "prefix" }],
    tenantArg: "tenant_id",
    resultPaths: ["logs[].secret_path"],
    paged: true,
    input: {
      from: From,
      to: To,
      identity_id: IdentityId,
      action: z.string().max(200).optional().describe("e.g. read, or read,write"),
      path_prefix: PathPrefix,
      outcome: z.enum(["success", "denied", "error"]).optional(),
      limit: Limit,
      cursor: Cursor,
      tenant_id: TenantId,
    },
    output: AuditLogs.shape,
    run: (client, { tenant_id: _t, from, to, ...query }, signal) =>
      client.audit.logs({ ...query, ...window(from, to) }, signal),
  }),

  tool({
    name: "scaivault_audit_summary",
    title: "Audit summary",
    description:
      "Counts over a window (default last 24h): totals, denied/failed, by action, top identities and paths. With path_prefix the counts are computed from the log entries under it (complete: false if over 10,000). When paths are restricted, give a path_prefix inside them.",
    access: "read",
    scopes: ["audit:read"],
    paths: [{ arg: "path_prefix", kind: "scope" }],
    tenantArg: "tenant_id",
    resultPaths: ["top_paths[].path"],
    input: { from: From, to: To, path_prefix: PathPrefix, tenant_id: TenantId },
    output: Summary.shape,
    run: (client, { from, to, path_prefix }, signal) =>
      path_prefix
        ? summaryUnder(client, { ...window(from, to), path_prefix }, signal)
        : client.audit.summary(window(from, to), signal),
  }),

  tool({
    name: "scaivault_secret_audit_trail",
    title: "Secret audit trail",
    description: "Who read, wrote or was denied on one secret (newest first), with a 30-day summary.",
    access: "read",
    scopes: ["audit:read"],
    paths: [{ arg: "path", kind: "exact" }],
    tenantArg: "tenant_id",
    input: { path: SecretPath, from: From, to: To, limit: Limit, cursor: Cursor, tenant_id: TenantId },
    output: SecretAuditTrail.shape,
    run: (client, { path, from, to, limit, cursor }, signal) =>
      client.audit.secretTrail(path, { ...window(from, to), limit, cursor }, signal),
  }),

  tool({
    name: "scaivault_find_unauthorized_access",
    title: "Find unauthorized access",
    description:
      "Denied requests (default last 24h) grouped by identity and path, with counts, times and error codes (from the log entries with success=false; complete: false if over 10,000). Start here for access problems.",
    access: "read",
    scopes: ["audit:read"],
    paths: [{ arg: "path_prefix", kind: "prefix" }],
    tenantArg: "tenant_id",
    resultPaths: ["groups[].secret_path"],
    recount: { total_denied: "groups[].count" },
    ranking: { defaultLimit: DENIED_GROUPS_LIMIT },
    input: {
      from: From,
      to: To,
      path_prefix: PathPrefix,
      identity_id: IdentityId,
      limit: z
        .number()
        .int()
        .min(1)
        .max(1000)
        .optional()
        .describe(`Groups to return, most denials first (default ${DENIED_GROUPS_LIMIT}); has_more: there are more`),
      tenant_id: TenantId,
    },
    output: UnauthorizedAccess.shape,
    run: (client, { from, to, path_prefix, identity_id, limit }, signal) =>
      deniedAccess(client, { ...window(from, to), path_prefix, identity_id, limit }, signal),
  }),
]);
