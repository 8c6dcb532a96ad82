import { z } from "zod";

/**
 * Shapes of the Audit API. Log entries: the documented fields plus outcome/status_code/error_code/
 * method/resource_type, which the mock adds (a documented vault may send only `success`).
 */
export const AuditEntry = z.object({
  id: z.string(),
  timestamp: z.string(),
  action: z.string(),
  resource_type: z.string(),
  identity_id: z.string().nullable(),
  identity_type: z.string().nullable(),
  secret_path: z.string().nullable(),
  success: z.boolean(),
  outcome: z.enum(["success", "denied", "error"]),
  status_code: z.number().int(),
  error_code: z.string().nullable(),
  method: z.string(),
  source_ip: z.string(),
  user_agent: z.string().nullable(),
  duration_ms: z.number().int().nonnegative(),
  request_id: z.string(),
  // In the reference's example, not in the guide's.
  extra_data: z.record(z.string(), z.unknown()).optional(),
});

export const AuditLogs = z.object({ logs: z.array(AuditEntry), cursor: z.string().nullable(), has_more: z.boolean() });

const Counted = z.object({ events: z.number().int(), denied: z.number().int() });

/** GET /v1/audit/summary (from/to only; the audit tools compute one under a prefix: tools/audit-aggregate.ts). */
export const AuditSummary = z.object({
  from: z.string(),
  to: z.string(),
  total_events: z.number().int(),
  successful_events: z.number().int(),
  denied_events: z.number().int(),
  failed_events: z.number().int(),
  unique_identities: z.number().int(),
  unique_paths: z.number().int(),
  by_action: z.record(z.string(), z.number().int()),
  top_identities: z.array(Counted.extend({ identity_id: z.string() })),
  top_paths: z.array(Counted.extend({ path: z.string() })),
});

/** The counts a trail's 30-day summary opens with, whoever or whatever the trail is of. */
const TrailTotals = {
  window: z.string(),
  from: z.string(),
  to: z.string(),
  total_events: z.number().int(),
  denied_events: z.number().int(),
  failed_events: z.number().int(),
  by_action: z.record(z.string(), z.number().int()),
};

export const SecretAuditTrail = AuditLogs.extend({
  path: z.string(),
  summary: z.object({
    ...TrailTotals,
    unique_identities: z.number().int(),
    last_read_at: z.string().nullable(),
    last_read_by: z.string().nullable(),
  }),
});

/** GET /v1/audit/identities/{identity_id}: the reference names it "identity-specific audit trail with summary"; the summary's fields are the mock's. */
export const IdentityAuditTrail = AuditLogs.extend({
  identity_id: z.string(),
  summary: z.object({
    ...TrailTotals,
    unique_paths: z.number().int(),
    secret_paths: z.array(z.string()),
    source_ips: z.array(z.string()),
    first_seen_at: z.string().nullable(),
    last_seen_at: z.string().nullable(),
  }),
});

/** POST /v1/audit/export (202) and GET /v1/audit/exports/{id}: documented export_id, status, estimated_records; a manifest once completed. */
export const AuditExport = z.object({
  export_id: z.string(),
  status: z.enum(["pending", "completed", "failed"]),
  estimated_records: z.number().int(),
  format: z.enum(["jsonl", "csv"]).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  created_at: z.string().optional(),
  completed_at: z.string().nullable().optional(),
  manifest: z
    .object({
      files: z.array(
        z.object({
          name: z.string(),
          url: z.string(),
          records: z.number().int(),
          bytes: z.number().int(),
          sha256: z.string(),
        }),
      ),
      total_records: z.number().int(),
    })
    .nullable()
    .optional(),
  error: z.object({ code: z.string(), message: z.string() }).nullable().optional(),
});

export const AuditExportList = z.object({
  exports: z.array(AuditExport),
  cursor: z.string().nullable(),
  has_more: z.boolean(),
});

export type AuditEntry = z.infer<typeof AuditEntry>;
export type AuditLogs = z.infer<typeof AuditLogs>;
export type AuditSummary = z.infer<typeof AuditSummary>;
export type SecretAuditTrail = z.infer<typeof SecretAuditTrail>;
export type IdentityAuditTrail = z.infer<typeof IdentityAuditTrail>;
export type AuditExport = z.infer<typeof AuditExport>;
export type AuditExportList = z.infer<typeof AuditExportList>;
