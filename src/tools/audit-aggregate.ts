/**
 * The aggregates two audit tools compute from the documented GET /v1/audit/logs, since the API
 * offers no such endpoint: the denied-access groups behind scaivault_find_unauthorized_access (a
 * ranking, most denials first) and the counts of scaivault_audit_summary under a path prefix
 * (GET /v1/audit/summary documents only from/to, so a vault would count every path). The log is
 * scanned page by page within the shared page bound and SCAN_LIMIT entries; past either the
 * result says complete: false.
 */
import { z } from "zod";
import { knownOutcome, type LogLike, type Outcome } from "../client/audit.js";
import type { VaultClient } from "../client/index.js";
import { PageBudget, walkPages } from "../client/page-walk.js";
import { AuditSummary } from "../client/schemas/audit.js";

/** Entries an aggregate reads at most; past this it says complete: false. */
export const SCAN_LIMIT = 10_000;
/** Groups find_unauthorized_access returns when no limit is given, most denials first. */
export const DENIED_GROUPS_LIMIT = 50;
/** The documented page size maximum. */
const PAGE = 1000;
const DAY_MS = 86_400_000;
const TOP = 10;
const TIMESTAMPS_PER_GROUP = 20;

export const DeniedGroup = z.object({
  identity_id: z.string().nullable(),
  identity_type: z.string().nullable(),
  secret_path: z.string().nullable(),
  count: z.number().int(),
  first_seen: z.string(),
  last_seen: z.string(),
  actions: z.array(z.string()),
  error_codes: z.array(z.string()),
  source_ips: z.array(z.string()),
  /** The group's latest timestamps (at most 20), oldest first. */
  timestamps: z.array(z.string()),
});

export const UnauthorizedAccess = z.object({
  from: z.string(),
  to: z.string(),
  total_denied: z.number().int(),
  groups: z.array(DeniedGroup),
  has_more: z.boolean(),
  /** False when more denied entries exist than are read (SCAN_LIMIT): counts cover the newest. */
  complete: z.boolean(),
});

/** GET /v1/audit/summary's counts, computed under a path prefix. */
export const PrefixSummary = AuditSummary.extend({ path_prefix: z.string(), complete: z.boolean() });

export type DeniedGroup = z.infer<typeof DeniedGroup>;
export type UnauthorizedAccess = z.infer<typeof UnauthorizedAccess>;
export type PrefixSummary = z.infer<typeof PrefixSummary>;

interface Window {
  from?: string | undefined;
  to?: string | undefined;
}

/** Counts over a window (default the last 24h) of the log entries under `path_prefix`. */
export async function summaryUnder(
  client: VaultClient,
  query: Window & { path_prefix: string },
  signal?: AbortSignal,
): Promise<PrefixSummary> {
  const { to, path_prefix } = query;
  const window = await windowOf(client, query, signal);
  const { entries, complete } = await scan(client, { from: window.from, to, path_prefix }, signal);
  const scoped = entries.filter((e) => underPrefix(e.secret_path, path_prefix));
  return summarize(scoped, { ...window, path_prefix, complete });
}

/**
 * Denied requests (default the last 24h) grouped by identity and path, largest groups first: the
 * logs query with success=false, where an entry that says only success=false counts as denied and
 * one that states an error does not.
 */
export async function deniedAccess(
  client: VaultClient,
  query: Window & { path_prefix?: string | undefined; identity_id?: string | undefined; limit?: number | undefined },
  signal?: AbortSignal,
): Promise<UnauthorizedAccess> {
  const { to, path_prefix, identity_id, limit } = query;
  const window = await windowOf(client, query, signal);
  const { entries, complete } = await scan(
    client,
    { from: window.from, to, path_prefix, identity_id, outcome: "denied" },
    signal,
  );
  const denied = entries.filter((e) => path_prefix === undefined || underPrefix(e.secret_path, path_prefix));
  return groupDenied(denied, { ...window, limit: limit ?? DENIED_GROUPS_LIMIT, complete });
}

/** The window an aggregate covers: as given, else the 24h up to the vault's own now (GET /v1/health). */
async function windowOf(
  client: VaultClient,
  query: Window,
  signal?: AbortSignal,
): Promise<{ from: string; to: string }> {
  if (query.from !== undefined && query.to !== undefined) return { from: query.from, to: query.to };
  const nowMs = Date.parse((await client.health(signal)).timestamp ?? "");
  const now = Number.isNaN(nowMs) ? new Date() : new Date(nowMs);
  const to = query.to ?? now.toISOString();
  return { from: query.from ?? new Date(Date.parse(to) - DAY_MS).toISOString(), to };
}

/** Every matching entry (newest first), page by page, up to SCAN_LIMIT and the shared page bound. */
async function scan(
  client: VaultClient,
  query: Parameters<VaultClient["audit"]["logs"]>[0],
  signal?: AbortSignal,
): Promise<{ entries: LogLike[]; complete: boolean }> {
  const entries: LogLike[] = [];
  // Bounded by pages read, not entries kept: a vault that ignores a filter must not make one call walk its whole log.
  const { complete } = await walkPages(
    (cursor) => client.audit.logs({ ...query, limit: PAGE, cursor }, signal),
    (page) => {
      entries.push(...page.logs);
      return entries.length < SCAN_LIMIT;
    },
    new PageBudget(signal),
  );
  return { entries, complete };
}

/** For counting: an unsuccessful entry that does not say why counts as denied. */
const outcomeOf = (entry: LogLike): Outcome => knownOutcome(entry) ?? (entry.success === false ? "denied" : "success");

/** Path equal to the prefix or under it on a `/` boundary; entries without a path are not under any prefix. */
const underPrefix = (path: string | null | undefined, prefix: string): boolean =>
  typeof path === "string" && (prefix === "" || path === prefix || path.startsWith(`${prefix}/`));

/** The window scanned, and whether the scan read every matching entry. */
interface Scanned {
  from: string;
  to: string;
  complete: boolean;
}

/** Counts like GET /v1/audit/summary's, over entries already scoped to `pathPrefix`. */
function summarize(entries: readonly LogLike[], window: Scanned & { path_prefix: string }): PrefixSummary {
  const byAction: Record<string, number> = {};
  const identities = new Map<string, { identity_id: string; events: number; denied: number }>();
  const paths = new Map<string, { path: string; events: number; denied: number }>();
  const totals = { success: 0, denied: 0, error: 0 };
  for (const e of entries) {
    const outcome = outcomeOf(e);
    totals[outcome]++;
    byAction[e.action] = (byAction[e.action] ?? 0) + 1;
    const who = e.identity_id ?? "anonymous";
    const id = identities.get(who) ?? { identity_id: who, events: 0, denied: 0 };
    id.events++;
    if (outcome === "denied") id.denied++;
    identities.set(who, id);
    if (typeof e.secret_path === "string") {
      const p = paths.get(e.secret_path) ?? { path: e.secret_path, events: 0, denied: 0 };
      p.events++;
      if (outcome === "denied") p.denied++;
      paths.set(e.secret_path, p);
    }
  }
  const top = <T extends { events: number; denied: number }>(items: Iterable<T>, key: (t: T) => string) =>
    [...items].sort((a, b) => b.events - a.events || b.denied - a.denied || key(a).localeCompare(key(b))).slice(0, TOP);
  return {
    from: window.from,
    to: window.to,
    path_prefix: window.path_prefix,
    total_events: entries.length,
    successful_events: totals.success,
    denied_events: totals.denied,
    failed_events: totals.error,
    unique_identities: identities.size,
    unique_paths: paths.size,
    by_action: byAction,
    top_identities: top(identities.values(), (i) => i.identity_id),
    top_paths: top(paths.values(), (p) => p.path),
    complete: window.complete,
  };
}

/** Denied entries grouped by identity and path, largest groups first (then the most recent). */
function groupDenied(entries: readonly LogLike[], window: Scanned & { limit: number }): UnauthorizedAccess {
  const chronological = [...entries].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  const groups = new Map<string, DeniedGroup>();
  const add = (list: string[], value: string | null | undefined) => {
    if (typeof value === "string" && !list.includes(value)) list.push(value);
  };
  for (const e of chronological) {
    const key = `${e.identity_id ?? ""}\u0000${e.secret_path ?? ""}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        identity_id: e.identity_id ?? null,
        identity_type: e.identity_type ?? null,
        secret_path: e.secret_path ?? null,
        count: 0,
        first_seen: e.timestamp,
        last_seen: e.timestamp,
        actions: [],
        error_codes: [],
        source_ips: [],
        timestamps: [],
      };
      groups.set(key, g);
    }
    g.count++;
    g.last_seen = e.timestamp;
    add(g.actions, e.action);
    add(g.error_codes, e.error_code);
    add(g.source_ips, e.source_ip);
    g.timestamps.push(e.timestamp);
    if (g.timestamps.length > TIMESTAMPS_PER_GROUP) g.timestamps.shift();
  }
  const sorted = [...groups.values()].sort((a, b) => b.count - a.count || b.last_seen.localeCompare(a.last_seen));
  return {
    from: window.from,
    to: window.to,
    total_denied: entries.length,
    groups: sorted.slice(0, window.limit),
    has_more: sorted.length > window.limit || !window.complete,
    complete: window.complete,
  };
}
