/**
 * Aggregates over audit log entries, computed client-side from the documented
 * GET /v1/audit/logs: the denied-access groups (the API has no endpoint for them) and summaries
 * scoped to a path prefix (GET /v1/audit/summary documents only from/to, so a vault would count
 * every path). Pure functions over entries; the AuditApi fetches them.
 */

export type Outcome = "success" | "denied" | "error";

/** The fields an aggregate reads. The docs give `success`; outcome, status_code and error_code are extensions some vaults (the mock) add. */
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
const TOP = 10;
const TIMESTAMPS_PER_GROUP = 20;

/** The outcome an entry states, or undefined when it only says success=false (the documented fields). */
export function knownOutcome(entry: LogLike): Outcome | undefined {
  if (entry.outcome !== undefined && OUTCOMES.has(entry.outcome)) return entry.outcome as Outcome;
  if (entry.success === true) return "success";
  if (entry.status_code !== undefined)
    return entry.status_code === 401 || entry.status_code === 403 ? "denied" : "error";
  return undefined;
}

/** For counting: an unsuccessful entry that does not say why counts as denied. */
export const outcomeOf = (entry: LogLike): Outcome =>
  knownOutcome(entry) ?? (entry.success === false ? "denied" : "success");

/** Path equal to the prefix or under it on a `/` boundary; entries without a path are not under any prefix. */
export const underPrefix = (path: string | null | undefined, prefix: string): boolean =>
  typeof path === "string" && (prefix === "" || path === prefix || path.startsWith(`${prefix}/`));

export interface Window {
  from: string;
  to: string;
  /** False when the scan stopped at its cap: counts then cover the newest entries only. */
  complete: boolean;
}

/** Counts like GET /v1/audit/summary's, over entries already scoped to `pathPrefix`. */
export function summarize(entries: readonly LogLike[], window: Window & { path_prefix: string }) {
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

export interface DeniedGroup {
  identity_id: string | null;
  identity_type: string | null;
  secret_path: string | null;
  count: number;
  first_seen: string;
  last_seen: string;
  actions: string[];
  error_codes: string[];
  source_ips: string[];
  /** The group's latest timestamps (at most 20), oldest first. */
  timestamps: string[];
}

/** Denied entries grouped by identity and path, largest groups first (then the most recent). */
export function groupDenied(entries: readonly LogLike[], window: Window & { limit: number }) {
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
