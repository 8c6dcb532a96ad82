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

/**
 * Append-only, time-ordered event list. Kept sorted by timestamp (seeded history is inserted in
 * order, live requests only move forward with the clock) so time-window queries can bisect.
 */
export class AuditLog {
  events: AuditEvent[] = [];
  /** Request ids whose entry is dropped on append (a dry run the API documents as not audited). */
  readonly #unaudited = new Set<string>();

  /** Called by a route's resolver: the request it is answering leaves no audit entry. */
  omit(requestId: string): void {
    this.#unaudited.add(requestId);
  }

  append(event: AuditEvent): void {
    if (this.#unaudited.delete(event.request_id)) return;
    const last = this.events[this.events.length - 1];
    if (!last || last.timestamp <= event.timestamp) {
      this.events.push(event);
      return;
    }
    this.events.splice(this.firstAtOrAfter(`${event.timestamp}\uffff`), 0, event);
  }

  /** Index of the first event with timestamp >= iso (binary search). */
  firstAtOrAfter(iso: string): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.events[mid] as AuditEvent).timestamp < iso) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Events in [from, to) for a tenant, oldest first. */
  window(tenantId: string, from?: string, to?: string): AuditEvent[] {
    const start = from ? this.firstAtOrAfter(from) : 0;
    const end = to ? this.firstAtOrAfter(to) : this.events.length;
    const out: AuditEvent[] = [];
    for (let i = start; i < end; i++) {
      const e = this.events[i] as AuditEvent;
      if (e.tenant_id === tenantId) out.push(e);
    }
    return out;
  }
}
