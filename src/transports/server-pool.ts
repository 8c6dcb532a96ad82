/**
 * Stateless mode's built servers, reused across POSTs. Building one (67 tool registrations,
 * resources, prompts, the guard and its cursor key) cost about a fifth of a replica's CPU per
 * call and most of its garbage, for an object that after a stateless request is as it was built.
 *
 * A server goes back to the pool only when that is provably so:
 * - every message of the POST was a request whose method changes nothing in the server
 *   (REUSABLE_METHODS). `initialize` records the client's capabilities and version,
 *   `logging/setLevel` the level its log is sent at: a server that answered either is closed and
 *   dropped, so nothing one client said can reach another client's request;
 * - its transport is closed (the SDK's Protocol then holds no handler, timer or response of that
 *   request) and the answer was written whole: a request whose client went away may still be
 *   running in its handler, so that server is dropped too.
 * Idle servers are bounded in number (about a busy replica's requests in flight: fewer, and the
 * ups and downs of the load have it build servers all the time) and in idle time, so memory
 * follows the load back down.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";

/** Requests that read or act through the vault and leave the server instance unchanged. */
export const REUSABLE_METHODS: ReadonlySet<string> = new Set([
  "ping",
  "tools/list",
  "tools/call",
  "resources/list",
  "resources/templates/list",
  "resources/read",
  "prompts/list",
  "prompts/get",
  "completion/complete",
]);

/** True when answering `body` (a JSON-RPC message or batch) cannot change the server's state. */
export function leavesServerAsBuilt(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return (
    messages.length > 0 &&
    messages.every((m) => {
      if (typeof m !== "object" || m === null) return false;
      const { id, method } = m as { id?: unknown; method?: unknown };
      return id !== undefined && id !== null && typeof method === "string" && REUSABLE_METHODS.has(method);
    })
  );
}

export interface PoolBounds {
  /** Idle servers kept at most: about the most requests a replica has in flight at once. */
  idle: number;
  /** An idle server unused this long is dropped, so memory follows the load back down. */
  idleMs: number;
  /** Clock (tests inject one; default performance.now). */
  now?: () => number;
}

export class ServerPool {
  /** Idle servers, the least recently used first. */
  readonly #idle: { server: McpServer; since: number }[] = [];
  readonly #now: () => number;
  readonly #sweeper: ReturnType<typeof setInterval>;

  constructor(
    private readonly build: () => McpServer,
    private readonly bounds: PoolBounds,
  ) {
    this.#now = bounds.now ?? (() => performance.now());
    // Sweeping needs no request to come: an idle replica lets its servers go too.
    this.#sweeper = setInterval(() => this.sweep(), bounds.idleMs);
    this.#sweeper.unref();
  }

  /** An idle server (the most recently used, so the fewest stay warm), or a new one. */
  take(): McpServer {
    return this.#idle.pop()?.server ?? this.build();
  }

  /** Hands a closed server back; beyond the bound it is dropped. */
  give(server: McpServer): void {
    if (this.#idle.length < this.bounds.idle) this.#idle.push({ server, since: this.#now() });
  }

  get size(): number {
    return this.#idle.length;
  }

  /** Drops the servers idle longer than idleMs. */
  sweep(): void {
    const oldest = this.#now() - this.bounds.idleMs;
    const stale = this.#idle.findIndex((entry) => entry.since > oldest);
    this.#idle.splice(0, stale === -1 ? this.#idle.length : stale);
  }

  /** Drops every idle server (they are closed already: nothing to wait for). */
  drain(): void {
    this.#idle.length = 0;
  }

  /** Drops every idle server and stops sweeping. */
  clear(): void {
    clearInterval(this.#sweeper);
    this.drain();
  }
}
