/** One audited request: every call to the mock is recorded, denials and errors included. */
export interface AuditEvent {
  id: string;
  timestamp: string;
  tenant_id: string | null;
  actor: string | null;
  actor_type: string | null;
  action: string;
  method: string;
  resource_type: string;
  path: string | null;
  outcome: "success" | "denied" | "error";
  status: number;
  error_code: string | null;
  request_id: string;
  source_ip: string;
  /** The caller's User-Agent header (null when it sent none). */
  user_agent?: string | null;
  /** Wall-clock time the vault spent on the request. */
  duration_ms?: number;
  /** Request-specific context: a read's version, a denial's failed condition or missing scope, a batch's counts. */
  extra_data?: Record<string, unknown>;
}

/** Entries an audit log keeps by default: a long demo session's worth (about 25 MB at most). */
export const DEFAULT_AUDIT_RETENTION = 100_000;

/**
 * Time-ordered event list, bounded: it keeps the newest `retention` entries and drops the oldest
 * first. Kept sorted by timestamp (seeded history is inserted in order, live requests only move
 * forward with the clock) so time-window queries can bisect. `events` stays a plain array,
 * oldest first: when the log is full it drops a batch of 1/64th of its entries at once, so
 * dropping costs O(1) per entry on average and the log holds from 63/64 of `retention` to all of it.
 */
export class AuditLog {
  #events: AuditEvent[] = [];
  readonly retention: number;
  /** Request ids whose entry is dropped on append (a dry run the API documents as not audited). */
  readonly #unaudited = new Set<string>();

  constructor(retention = DEFAULT_AUDIT_RETENTION) {
    if (!Number.isInteger(retention) || retention < 1)
      throw new RangeError(`audit retention must be a whole number of entries, at least 1 (got ${retention})`);
    this.retention = retention;
  }

  /** The retained entries, oldest first. */
  get events(): AuditEvent[] {
    return this.#events;
  }

  /** Replaces the log with entries in time order (a restore); only the newest `retention` are kept. */
  set events(events: AuditEvent[]) {
    this.#events = events;
    this.#trim();
  }

  /** Called by a route's resolver: the request it is answering leaves no audit entry. */
  omit(requestId: string): void {
    this.#unaudited.add(requestId);
  }

  append(event: AuditEvent): void {
    if (this.#unaudited.delete(event.request_id)) return;
    const events = this.#events;
    const last = events[events.length - 1];
    if (!last || last.timestamp <= event.timestamp) events.push(event);
    else events.splice(this.firstAtOrAfter(`${event.timestamp}\uffff`), 0, event);
    if (events.length > this.retention)
      events.splice(0, events.length - this.retention + Math.floor(this.retention / 64));
  }

  /**
   * Adds many entries at once (bulk seeding), in one merge: O(n + m) however old they are, where
   * appending old entries one by one would insert each in the middle. Equal timestamps keep the
   * log's entries first, as append() does.
   */
  merge(events: readonly AuditEvent[]): void {
    const incoming = [...events].sort(byTime);
    const log = this.#events;
    if (
      log.length === 0 ||
      incoming.length === 0 ||
      (log[log.length - 1] as AuditEvent).timestamp <= (incoming[0] as AuditEvent).timestamp
    ) {
      for (const e of incoming) log.push(e);
    } else {
      const merged: AuditEvent[] = new Array(log.length + incoming.length);
      let i = 0;
      let j = 0;
      for (let k = 0; k < merged.length; k++)
        merged[k] =
          j >= incoming.length ||
          (i < log.length && (log[i] as AuditEvent).timestamp <= (incoming[j] as AuditEvent).timestamp)
            ? (log[i++] as AuditEvent)
            : (incoming[j++] as AuditEvent);
      this.#events = merged;
    }
    this.#trim();
  }

  /** Keeps the newest `retention` entries. */
  #trim(): void {
    if (this.#events.length > this.retention) this.#events.splice(0, this.#events.length - this.retention);
  }

  /** Index of the first event with timestamp >= iso (binary search). */
  firstAtOrAfter(iso: string): number {
    const events = this.#events;
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((events[mid] as AuditEvent).timestamp < iso) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

const byTime = (a: AuditEvent, b: AuditEvent) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0);
