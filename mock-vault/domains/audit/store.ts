import type { AuditEvent } from "../../core/audit-log.js";
import { badRequest } from "../../core/errors.js";
import type { StoreEnv } from "../../core/vault.js";
import { AuditExports, type ExportRecord } from "./exports.js";
import { logView } from "./log-view.js";

export type Outcome = AuditEvent["outcome"];

export interface LogFilter {
  /** Inclusive ISO start; exclusive ISO end (already normalised with toISOString). */
  from?: string | undefined;
  to?: string | undefined;
  identity_id?: string | undefined;
  identity_type?: string | undefined;
  actions?: string[] | undefined;
  path_prefix?: string | undefined;
  /** Exact secret path (per-secret trail). */
  path?: string | undefined;
  outcomes?: Outcome[] | undefined;
  source_ip?: string | undefined;
  request_id?: string | undefined;
}

const DAY_MS = 86_400_000;
const TOP = 10;
/** Secret paths an identity's trail summary names at most (unique_paths counts them all). */
const TOUCHED = 100;

const under = (path: string, prefix: string) => prefix === "" || path === prefix || path.startsWith(`${prefix}/`);

/**
 * Queries over the vault-wide audit log (vault.audit) for one tenant. The log is sorted by
 * timestamp, so every query bisects to its time window first and stops as soon as a page is full:
 * a narrow window over a million events costs two binary searches.
 */
export class AuditStore {
  /** The log itself is vault-wide (vault.audit); the tenant's own state is its export jobs. */
  state: { exports?: ExportRecord[] } = { exports: [] };

  readonly exports: AuditExports;

  constructor(readonly env: StoreEnv) {
    this.exports = new AuditExports(env, this);
  }

  #matches(e: AuditEvent, f: LogFilter): boolean {
    if (e.tenant_id !== this.env.tenantId) return false;
    if (f.identity_id !== undefined && e.actor !== f.identity_id) return false;
    if (f.identity_type !== undefined && e.actor_type !== f.identity_type) return false;
    if (f.outcomes && !f.outcomes.includes(e.outcome)) return false;
    if (f.actions && !f.actions.includes(e.action)) return false;
    if (f.path !== undefined && e.path !== f.path) return false;
    if (f.path_prefix !== undefined && (e.path === null || !under(e.path, f.path_prefix))) return false;
    if (f.source_ip !== undefined && e.source_ip !== f.source_ip) return false;
    if (f.request_id !== undefined && e.request_id !== f.request_id) return false;
    return true;
  }

  /** Index range [start, end) of the time window. */
  #bounds(f: LogFilter): [number, number] {
    const log = this.env.vault.audit;
    return [f.from ? log.firstAtOrAfter(f.from) : 0, f.to ? log.firstAtOrAfter(f.to) : log.events.length];
  }

  /** Matching events in the window, oldest first. */
  *#scan(f: LogFilter): Generator<AuditEvent> {
    const [start, end] = this.#bounds(f);
    const events = this.env.vault.audit.events;
    for (let i = start; i < end; i++) {
      const e = events[i] as AuditEvent;
      if (this.#matches(e, f)) yield e;
    }
  }

  /** Every matching entry of the window, oldest first (an export's content). */
  entries(f: LogFilter): Iterable<AuditEvent> {
    return this.#scan(f);
  }

  /**
   * One page of entries, newest first (or oldest first with order "asc"). The cursor names the last
   * entry returned (timestamp + id), so entries appended meanwhile do not shift the pages.
   */
  query(f: LogFilter, limit: number, cursor?: string, order: "asc" | "desc" = "desc") {
    const log = this.env.vault.audit;
    const events = log.events;
    let [start, end] = this.#bounds(f);
    if (cursor !== undefined) {
      const at = this.#locate(cursor);
      if (order === "desc") end = Math.min(end, at);
      else start = Math.max(start, at + 1);
    }
    const out: AuditEvent[] = [];
    let has_more = false;
    const step = order === "desc" ? -1 : 1;
    for (let i = order === "desc" ? end - 1 : start; i >= start && i < end; i += step) {
      const e = events[i] as AuditEvent;
      if (!this.#matches(e, f)) continue;
      if (out.length === limit) {
        has_more = true;
        break;
      }
      out.push(e);
    }
    const last = out[out.length - 1];
    return { logs: out.map(logView), cursor: has_more && last ? `${last.timestamp}|${last.id}` : null, has_more };
  }

  #locate(cursor: string): number {
    const [ts, id] = cursor.split("|");
    const events = this.env.vault.audit.events;
    if (ts && id)
      for (
        let i = this.env.vault.audit.firstAtOrAfter(ts);
        i < events.length && (events[i] as AuditEvent).timestamp === ts;
        i++
      )
        if ((events[i] as AuditEvent).id === id) return i;
    throw badRequest("invalid_cursor", "The cursor is malformed or expired.");
  }

  /** Counts over a window (default the last 24h), every path of the tenant: the documented summary. */
  summary(f: Pick<LogFilter, "from" | "to">) {
    const window = this.#defaultWindow(f, DAY_MS);
    const byAction: Record<string, number> = {};
    const identities = new Map<string, { identity_id: string; events: number; denied: number }>();
    const paths = new Map<string, { path: string; events: number; denied: number }>();
    let total = 0;
    let ok = 0;
    let denied = 0;
    let failed = 0;
    for (const e of this.#scan(window)) {
      total++;
      if (e.outcome === "success") ok++;
      else if (e.outcome === "denied") denied++;
      else failed++;
      byAction[e.action] = (byAction[e.action] ?? 0) + 1;
      const who = e.actor ?? "anonymous";
      const id = identities.get(who) ?? { identity_id: who, events: 0, denied: 0 };
      id.events++;
      if (e.outcome === "denied") id.denied++;
      identities.set(who, id);
      if (e.path !== null) {
        const p = paths.get(e.path) ?? { path: e.path, events: 0, denied: 0 };
        p.events++;
        if (e.outcome === "denied") p.denied++;
        paths.set(e.path, p);
      }
    }
    const top = <T extends { events: number; denied: number }>(items: Iterable<T>, key: (t: T) => string) =>
      [...items]
        .sort((a, b) => b.events - a.events || b.denied - a.denied || key(a).localeCompare(key(b)))
        .slice(0, TOP);
    return {
      from: window.from as string,
      to: window.to as string,
      total_events: total,
      successful_events: ok,
      denied_events: denied,
      failed_events: failed,
      unique_identities: identities.size,
      unique_paths: paths.size,
      by_action: byAction,
      top_identities: top(identities.values(), (i) => i.identity_id),
      top_paths: top(paths.values(), (p) => p.path),
    };
  }

  /** Totals over a window: events, denied, failed, by action; `visit` sees each event too. */
  #tally(window: LogFilter, visit: (e: AuditEvent) => void) {
    const byAction: Record<string, number> = {};
    let total = 0;
    let denied = 0;
    let failed = 0;
    for (const e of this.#scan(window)) {
      total++;
      if (e.outcome === "denied") denied++;
      if (e.outcome === "error") failed++;
      byAction[e.action] = (byAction[e.action] ?? 0) + 1;
      visit(e);
    }
    return {
      window: "30d",
      from: window.from as string,
      to: window.to as string,
      total_events: total,
      denied_events: denied,
      failed_events: failed,
      by_action: byAction,
    };
  }

  /** The trail of one secret (newest first) with a summary of its last 30 days. */
  secretTrail(path: string, f: LogFilter, limit: number, cursor?: string) {
    const window = this.#defaultWindow({ path }, 30 * DAY_MS);
    const identities = new Set<string>();
    let lastRead: AuditEvent | undefined;
    const totals = this.#tally(window, (e) => {
      if (e.actor) identities.add(e.actor);
      if (e.action === "read" && e.outcome === "success") lastRead = e;
    });
    return {
      path,
      summary: {
        ...totals,
        unique_identities: identities.size,
        last_read_at: lastRead?.timestamp ?? null,
        last_read_by: lastRead?.actor ?? null,
      },
      ...this.query({ ...f, path }, limit, cursor),
    };
  }

  /**
   * The trail of one identity (newest first) with a summary of its last 30 days: what it did,
   * which secrets it touched and from where (the offboarding question: what must be rotated).
   */
  identityTrail(identityId: string, f: LogFilter, limit: number, cursor?: string) {
    const window = this.#defaultWindow({ identity_id: identityId }, 30 * DAY_MS);
    const paths = new Set<string>();
    const ips = new Set<string>();
    let first: AuditEvent | undefined;
    let last: AuditEvent | undefined;
    const totals = this.#tally(window, (e) => {
      if (e.path !== null && e.outcome === "success") paths.add(e.path);
      ips.add(e.source_ip);
      first ??= e;
      last = e;
    });
    const touched = [...paths].sort();
    return {
      identity_id: identityId,
      summary: {
        ...totals,
        unique_paths: touched.length,
        secret_paths: touched.slice(0, TOUCHED),
        source_ips: [...ips].sort(),
        first_seen_at: first?.timestamp ?? null,
        last_seen_at: last?.timestamp ?? null,
      },
      ...this.query({ ...f, identity_id: identityId }, limit, cursor),
    };
  }

  /** Fills in a window ending now when from/to are missing. */
  #defaultWindow(f: LogFilter, spanMs: number): LogFilter {
    const to = f.to ?? this.env.vault.clock.iso(1);
    const from = f.from ?? new Date(Date.parse(to) - spanMs).toISOString();
    return { ...f, from, to };
  }
}
