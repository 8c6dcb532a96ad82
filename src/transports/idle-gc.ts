/**
 * After a burst, V8 keeps the heap it grew to: it runs no collection while nothing allocates, so
 * an idle replica's RSS stays at its peak (measured in npm run loadtest: 171 MB settled against
 * 69 MB at start, with a small live heap). A listener that served requests and then none for
 * `idleMs` runs one full collection, which hands the free heap back to the system. One per idle
 * period, never while a request is in flight: a pause of some milliseconds when nobody waits.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** After this long without an MCP request, a listener that served some collects once. */
export const IDLE_GC_MS = 15_000;

let fullGc: (() => void) | undefined;

/** V8's full collection: `gc` when Node runs with --expose-gc, else exposed for one new context only. */
function collector(): () => void {
  if (fullGc) return fullGc;
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) {
    fullGc = exposed;
    return fullGc;
  }
  setFlagsFromString("--expose-gc");
  fullGc = runInNewContext("gc") as () => void;
  setFlagsFromString("--no-expose-gc");
  return fullGc;
}

export interface IdleCollectorOptions {
  idleMs?: number;
  /** Clock (tests inject one; default performance.now). */
  now?: () => number;
  /** The collection (tests count calls; default V8's full GC). */
  collect?: () => void;
  /** Runs first, to drop what would otherwise survive the collection (a pool of idle servers). */
  before?: () => void;
}

export class IdleCollector {
  readonly #idleMs: number;
  readonly #now: () => number;
  readonly #collect: () => void;
  readonly #timer: ReturnType<typeof setInterval>;
  #inFlight = 0;
  #servedSinceCollect = false;
  #lastEnd = 0;

  constructor(options: IdleCollectorOptions = {}) {
    this.#idleMs = options.idleMs ?? IDLE_GC_MS;
    this.#now = options.now ?? (() => performance.now());
    const collect = options.collect ?? (() => collector()());
    const before = options.before;
    this.#collect = before
      ? () => {
          before();
          collect();
        }
      : collect;
    this.#timer = setInterval(() => this.check(), this.#idleMs / 3);
    this.#timer.unref();
  }

  /** A request starts; call the returned function once when it ends. */
  begin(): () => void {
    this.#inFlight++;
    this.#servedSinceCollect = true;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#inFlight--;
      this.#lastEnd = this.#now();
    };
  }

  /** Collects when requests were served since the last collection and none for idleMs; true when it did. */
  check(): boolean {
    if (!this.#servedSinceCollect || this.#inFlight > 0 || this.#now() - this.#lastEnd < this.#idleMs) return false;
    this.#servedSinceCollect = false;
    this.#collect();
    return true;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
