import { groupDenied, knownOutcome, type LogLike, type Outcome, summarize, underPrefix } from "./audit-aggregate.js";
import type { Http } from "./http.js";
import { PageBudget, walkPages } from "./page-walk.js";
import { api, secretUrl } from "./path.js";
import type {
  AuditExport,
  AuditExportList,
  AuditLogs,
  AuditSummary,
  IdentityAuditTrail,
  SecretAuditTrail,
  UnauthorizedAccess,
} from "./schemas/audit.js";

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

type Window = Pick<AuditQuery, "from" | "to">;

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

/** The documented page size maximum, used when aggregating. */
const PAGE = 1000;
/** Entries an aggregate reads at most; past this it says complete: false. */
export const SCAN_LIMIT = 10_000;
const DAY_MS = 86_400_000;

/** Groups find_unauthorized_access returns when no limit is given, most denials first. */
export const DENIED_GROUPS_LIMIT = 50;

/**
 * /v1/audit: log queries, per-secret trails, summaries, and the denied-access groups. Only the
 * documented routes are called; what the API does not offer (denied groups, summaries under a
 * path prefix) is computed here from GET /v1/audit/logs.
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

  /**
   * Counts over a window (default the last 24h). Without a prefix this is GET /v1/audit/summary,
   * which documents only from/to. With `path_prefix` it is computed from the log entries under
   * the prefix: a vault's summary would count every path, whatever it was asked.
   */
  async summary(
    query: Window & { path_prefix?: string | undefined } = {},
    signal?: AbortSignal,
  ): Promise<AuditSummary & { path_prefix?: string | null | undefined; complete?: boolean | undefined }> {
    const { from, to, path_prefix } = query;
    if (!path_prefix) return this.http.request("GET", "/v1/audit/summary", { query: { from, to }, signal });
    const window = await this.#window(query, signal);
    const { entries, complete } = await this.#scan({ from: window.from, to, path_prefix }, signal);
    const scoped = entries.filter((e) => underPrefix(e.secret_path, path_prefix));
    return summarize(scoped, { ...window, path_prefix, complete });
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

  /**
   * Denied requests (default the last 24h) grouped by identity and path, largest groups first.
   * The API has no endpoint for this: it is the documented logs query with success=false, where
   * an entry that says only success=false counts as denied and one that states an error does not.
   */
  async unauthorized(
    query: Pick<AuditQuery, "from" | "to" | "path_prefix" | "identity_id" | "limit"> = {},
    signal?: AbortSignal,
  ): Promise<UnauthorizedAccess> {
    const { to, path_prefix, identity_id, limit } = query;
    const window = await this.#window(query, signal);
    const { entries, complete } = await this.#scan(
      { from: window.from, to, path_prefix, identity_id, outcome: "denied" },
      signal,
    );
    const denied = entries.filter((e) => path_prefix === undefined || underPrefix(e.secret_path, path_prefix));
    return groupDenied(denied, { ...window, limit: limit ?? DENIED_GROUPS_LIMIT, complete });
  }

  /** The window an aggregate covers: as given, else the 24h up to the vault's own now (GET /v1/health). */
  async #window(query: Window, signal?: AbortSignal): Promise<{ from: string; to: string }> {
    if (query.from !== undefined && query.to !== undefined) return { from: query.from, to: query.to };
    const health = await this.http.request<{ timestamp?: string }>("GET", "/v1/health", { signal });
    const nowMs = Date.parse(health.timestamp ?? "");
    const now = Number.isNaN(nowMs) ? new Date() : new Date(nowMs);
    const to = query.to ?? now.toISOString();
    return { from: query.from ?? new Date(Date.parse(to) - DAY_MS).toISOString(), to };
  }

  /** Every matching entry (newest first), page by page, up to SCAN_LIMIT and the shared page bound. */
  async #scan(query: AuditQuery, signal?: AbortSignal): Promise<{ entries: LogLike[]; complete: boolean }> {
    const entries: LogLike[] = [];
    // Bounded by pages read, not entries kept: a vault that ignores a filter must not make one call walk its whole log.
    const { complete } = await walkPages(
      (cursor) => this.logs({ ...query, limit: PAGE, cursor }, signal),
      (page) => {
        entries.push(...page.logs);
        return entries.length < SCAN_LIMIT;
      },
      new PageBudget(signal),
    );
    return { entries, complete };
  }
}
