import type { AuditEvent } from "../../core/audit-log.js";

/** An audit entry as the API documents it (log fields), plus outcome/status/error code of the request. */
export function logView(e: AuditEvent) {
  return {
    id: e.id,
    timestamp: e.timestamp,
    action: e.action,
    resource_type: e.resource_type,
    identity_id: e.actor,
    identity_type: e.actor_type,
    secret_path: e.path,
    success: e.outcome === "success",
    outcome: e.outcome,
    status_code: e.status,
    error_code: e.error_code,
    method: e.method,
    source_ip: e.source_ip,
    user_agent: e.user_agent ?? null,
    duration_ms: e.duration_ms ?? 0,
    request_id: e.request_id,
    extra_data: e.extra_data ?? {},
  };
}

export type LogView = ReturnType<typeof logView>;
