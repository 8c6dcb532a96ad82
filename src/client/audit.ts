import type { Http } from "./http.js";
import { secretUrl } from "./path.js";
import type { AuditLogs, AuditSummary, SecretAuditTrail, UnauthorizedAccess } from "./schemas/audit.js";

/** Filters of GET /v1/audit/logs (documented), plus `outcome` (success|denied|error). */
export interface AuditQuery {
  /** ISO 8601, inclusive. */
  from?: string | undefined;
  /** ISO 8601, exclusive. */
  to?: string | undefined;
  identity_id?: string | undefined;
  identity_type?: string | undefined;
  /** One action or a comma-separated list. */
  action?: string | undefined;
  path_prefix?: string | undefined;
  success?: boolean | undefined;
  outcome?: "success" | "denied" | "error" | undefined;
  source_ip?: string | undefined;
  request_id?: string | undefined;
  order?: "asc" | "desc" | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** /v1/audit: log queries, summaries, per-secret trails and denied-access groups. */
export class AuditApi {
  constructor(readonly http: Http) {}

  /** Entries newest first; limit at most 1000, paged by cursor. */
  logs(query: AuditQuery = {}, signal?: AbortSignal): Promise<AuditLogs> {
    return this.http.request("GET", "/v1/audit/logs", { query: { ...query }, signal });
  }

  /** Counts over a window (default the last 24h). */
  summary(
    query: Pick<AuditQuery, "from" | "to" | "path_prefix" | "identity_id"> = {},
    signal?: AbortSignal,
  ): Promise<AuditSummary> {
    return this.http.request("GET", "/v1/audit/summary", { query: { ...query }, signal });
  }

  /** Trail of one secret with a 30-day summary. */
  secretTrail(
    path: string,
    query: Omit<AuditQuery, "path_prefix"> = {},
    signal?: AbortSignal,
  ): Promise<SecretAuditTrail> {
    return this.http.request("GET", secretUrl("/v1/audit/secrets", path), { query: { ...query }, signal });
  }

  /** Denied requests grouped by identity and path (default the last 24h). Assumed route: the docs suggest logs?success=false. */
  unauthorized(
    query: Pick<AuditQuery, "from" | "to" | "path_prefix" | "identity_id" | "limit"> = {},
    signal?: AbortSignal,
  ): Promise<UnauthorizedAccess> {
    return this.http.request("GET", "/v1/audit/unauthorized", { query: { ...query }, signal });
  }
}
