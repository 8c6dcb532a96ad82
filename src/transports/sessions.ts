/**
 * The open sessions of one HTTP transport, bounded in number and in idle time, so that clients
 * that vanish without a word (or a flood of bare initialize requests) cannot lock anyone out:
 *
 * - A session is idle from the start or end of its last request. An open stream (the Streamable
 *   HTTP GET stream, the SSE event stream) does not keep it alive: a vanished peer's stream may
 *   never end. Idle sessions are closed by a periodic sweep.
 * - A session is busy while a request of its is in flight; busy sessions are never closed for
 *   idleness or evicted.
 * - At the cap, a new session evicts the longest-idle session that is not busy, of the owner (OAuth
 *   subject) holding the most sessions: one user opening sessions by the hundred closes their own,
 *   not everyone else's. Only when every session is busy is the new one refused.
 */
import { DEFAULT_MAX_SESSIONS, DEFAULT_SESSION_IDLE_S } from "../config.js";
import type { Logger } from "../log.js";

export interface Closable {
  close(): Promise<void>;
}

export interface SessionLimits {
  /** Open sessions at most. */
  max: number;
  /** A session with no request for this long is closed. */
  idleMs: number;
  /** Clock (tests inject one; default Date.now). */
  now?: (() => number) | undefined;
}

interface Entry<S> {
  id: string;
  session: S;
  /** Whose session it is (the OAuth subject); all sessions without one count as one owner. */
  owner: string | undefined;
  lastSeen: number;
  busy: number;
}

export class SessionTable<S extends Closable> {
  readonly #entries = new Map<string, Entry<S>>();
  readonly #now: () => number;
  readonly #timer: NodeJS.Timeout;

  constructor(
    readonly limits: SessionLimits,
    readonly log: Logger,
    readonly transport: string,
  ) {
    this.#now = limits.now ?? Date.now;
    this.#timer = setInterval(() => void this.sweep(), Math.min(limits.idleMs, 60_000));
    this.#timer.unref();
  }

  get size(): number {
    return this.#entries.size;
  }

  get(id: string): S | undefined {
    return this.#entries.get(id)?.session;
  }

  sessions(): S[] {
    return [...this.#entries.values()].map((e) => e.session);
  }

  add(id: string, session: S, owner?: string): void {
    this.#entries.set(id, { id, session, owner, lastSeen: this.#now(), busy: 0 });
    this.log.log("info", "MCP session opened", { transport: this.transport, sessions: this.size });
  }

  /** Forgets a session (its transport closed); true when it was open. */
  delete(id: string): boolean {
    if (!this.#entries.delete(id)) return false;
    this.log.log("info", "MCP session closed", { transport: this.transport, sessions: this.size });
    return true;
  }

  /** Counts as activity now (a stream opening or ending). */
  touch(id: string): void {
    const entry = this.#entries.get(id);
    if (entry) entry.lastSeen = this.#now();
  }

  /** A request of the session starts: busy until the returned function is called (once). */
  begin(id: string): () => void {
    const entry = this.#entries.get(id);
    if (!entry) return () => {};
    entry.busy++;
    entry.lastSeen = this.#now();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      entry.busy--;
      entry.lastSeen = this.#now();
    };
  }

  /** Closes every session idle for longer than the limit. */
  async sweep(): Promise<void> {
    const now = this.#now();
    const stale = [...this.#entries.values()].filter((e) => e.busy === 0 && now - e.lastSeen > this.limits.idleMs);
    if (stale.length === 0) return;
    this.log.log("info", "closing idle MCP sessions", { transport: this.transport, count: stale.length });
    await Promise.all(stale.map((e) => this.#close(e)));
  }

  /**
   * Makes room for one more session: sweeps, then at the cap closes the longest-idle session
   * that is not busy. False when every session is busy (the new one must be refused).
   */
  async admit(): Promise<boolean> {
    await this.sweep();
    if (this.#entries.size < this.limits.max) return true;
    const held = new Map<string | undefined, number>();
    for (const entry of this.#entries.values()) held.set(entry.owner, (held.get(entry.owner) ?? 0) + 1);
    let oldest: Entry<S> | undefined;
    for (const entry of this.#entries.values()) {
      if (entry.busy !== 0) continue;
      const more = oldest ? (held.get(entry.owner) ?? 0) - (held.get(oldest.owner) ?? 0) : 1;
      if (more > 0 || (more === 0 && oldest && entry.lastSeen < oldest.lastSeen)) oldest = entry;
    }
    if (!oldest) return false;
    this.log.log("info", "evicting the longest-idle MCP session", {
      transport: this.transport,
      idle_s: Math.round((this.#now() - oldest.lastSeen) / 1000),
    });
    await this.#close(oldest);
    return true;
  }

  /** Out of the table first, so the slot is free whatever the session's own close does. */
  async #close(entry: Entry<S>): Promise<void> {
    this.delete(entry.id);
    await entry.session.close();
  }

  async closeAll(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.all([...this.#entries.values()].map((e) => this.#close(e)));
  }
}

/** The table for a transport's serve options, with the defaults of MCP_MAX_SESSIONS and MCP_SESSION_IDLE_S. */
export function sessionTable<S extends Closable>(
  options: {
    maxSessions?: number | undefined;
    sessionIdleMs?: number | undefined;
    now?: (() => number) | undefined;
    log: Logger;
  },
  transport: string,
): SessionTable<S> {
  return new SessionTable<S>(
    {
      max: options.maxSessions ?? DEFAULT_MAX_SESSIONS,
      idleMs: options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_S * 1000,
      now: options.now,
    },
    options.log,
    transport,
  );
}
