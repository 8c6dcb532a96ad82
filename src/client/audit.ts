import type { Http } from "./http.js";
import { api, secretUrl } from "./path.js";
import type {
  AuditExport,
  AuditExportList,
  AuditLogs,
  AuditSummary,
  IdentityAuditTrail,
  SecretAuditTrail,
} from "./schemas/audit.js";

export type Outcome = "success" | "denied" | "error";

/** The fields of an entry that say what happened. The docs give `success`; outcome, status_code and error_code are extensions some vaults (the mock) add. */
export interface LogLike {
  timestamp: string;
  action: string;
  identity_id?: string | null | undefined;
  identity_type?: string | null | undefined;
  secret_path?: string | null | undefined;
  success?: boolean | undefined;
  outcome?: string | undefined;
  status_code?: number | undefined;
  error_code?: string | null | undefined;
  source_ip?: string | undefined;
}

const OUTCOMES = new Set<string>(["success", "denied", "error"]);

/** The outcome an entry states, or undefined when it only says success=false (the documented fields). */
export function knownOutcome(entry: LogLike): Outcome | undefined {
  if (entry.outcome !== undefined && OUTCOMES.has(entry.outcome)) return entry.outcome as Outcome;
  if (entry.success === true) return "success";
  if (entry.status_code !== undefined)
    return entry.status_code === 401 || entry.status_code === 403 ? "denied" : "error";
  return undefined;
}

/** Filters of GET /v1/audit/logs (documented), plus `outcome` (success|denied|error), sent as the documented `success`. */
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
  outcome?: Outcome | undefined;
  source_ip?: string | undefined;
  request_id?: string | undefined;
  /** Not documented (the docs list newest first); the mock also answers "asc". */
  order?: "asc" | "desc" | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** POST /v1/audit/export: a window, a format, the list filters, and the object store it goes to. */
export interface ExportBody {
  from: string;
  to: string;
  format?: "jsonl" | "csv" | undefined;
  filters?:
    | Pick<
        AuditQuery,
        "action" | "identity_id" | "identity_type" | "path_prefix" | "success" | "source_ip" | "request_id"
      >
    | undefined;
  destination: {
    type: "s3" | "gcs" | "azure_blob";
    bucket: string;
    prefix?: string | undefined;
    region?: string | undefined;
    /** A ScaiVault secret holding the store's credentials: exports take no inline keys. */
    credentials_path: string;
  };
}

/**
 * /v1/audit: log queries, per-secret trails and summaries, the documented routes only (what the
 * API does not offer, denied-access groups and summaries under a path prefix, the audit tools
 * compute from the logs: tools/audit-aggregate.ts).
 */
export class AuditApi {
  constructor(readonly http: Http) {}

  /**
   * Entries newest first; limit at most 1000, paged by cursor. `outcome` goes out as the documented
   * `success` filter (plus `outcome`, which the mock honours and a vault may ignore); entries that
   * state another outcome are dropped here, so a page can be short while has_more stays true.
   */
  async logs(query: AuditQuery = {}, signal?: AbortSignal): Promise<AuditLogs> {
    const { outcome, ...rest } = query;
    const success = rest.success ?? (outcome === undefined ? undefined : outcome === "success");
    const page = await this.http.request<AuditLogs>("GET", "/v1/audit/logs", {
      query: { ...rest, success, outcome },
      signal,
    });
    if (outcome === undefined) return page;
    return { ...page, logs: page.logs.filter((l) => (knownOutcome(l) ?? outcome) === outcome) };
  }

  /** Counts over a window (default the last 24h): GET /v1/audit/summary documents only from/to. */
  summary(
    query: { from?: string | undefined; to?: string | undefined } = {},
    signal?: AbortSignal,
  ): Promise<AuditSummary> {
    const { from, to } = query;
    return this.http.request("GET", "/v1/audit/summary", { query: { from, to }, signal });
  }

  /** Trail of one secret with a 30-day summary. */
  secretTrail(
    path: string,
    query: Omit<AuditQuery, "path_prefix"> = {},
    signal?: AbortSignal,
  ): Promise<SecretAuditTrail> {
    return this.http.request("GET", secretUrl("/v1/audit/secrets", path), { query: { ...query }, signal });
  }

  /** Trail of one identity (e.g. sa:report-runner) with a 30-day summary of what it did and touched. */
  identityTrail(
    identityId: string,
    query: Omit<AuditQuery, "identity_id"> = {},
    signal?: AbortSignal,
  ): Promise<IdentityAuditTrail> {
    return this.http.request("GET", api`/v1/audit/identities/${identityId}`, { query: { ...query }, signal });
  }

  /** Starts an export (202); poll exportStatus until status is completed (its manifest lists the files) or failed. */
  export(body: ExportBody, signal?: AbortSignal): Promise<AuditExport> {
    return this.http.request("POST", "/v1/audit/export", { body, signal });
  }

  exports(
    query: { limit?: number | undefined; cursor?: string | undefined } = {},
    signal?: AbortSignal,
  ): Promise<AuditExportList> {
    return this.http.request("GET", "/v1/audit/exports", { query: { ...query }, signal });
  }

  exportStatus(exportId: string, signal?: AbortSignal): Promise<AuditExport> {
    return this.http.request("GET", api`/v1/audit/exports/${exportId}`, { signal });
  }
}
