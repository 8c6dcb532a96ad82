/**
 * SCAIVAULT_RATE_LIMIT: token buckets, one per client and one for the process. A call takes a
 * token from both or from neither; when either is empty the call is refused with rate_limited
 * and the seconds until a token is back, before anything reaches the vault. Time comes from an
 * injected clock, so tests step it instead of waiting.
 */
import type { RateLimitSettings, RateSpec } from "../config.js";
import { type Refusal, refuse } from "./refusal.js";

/** Milliseconds since some fixed start (Date.now, or a test's clock). */
export type Now = () => number;

/** Clients kept at most (per OAuth subject); idle full buckets go first, since a new one is the same. */
const MAX_CLIENTS = 10_000;

export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    readonly spec: RateSpec,
    now: number,
  ) {
    this.#tokens = spec.burst;
    this.#at = now;
  }

  /** Milliseconds until one token is there (0: now). */
  wait(now: number): number {
    this.#refill(now);
    if (this.#tokens >= 1) return 0;
    // Rounded to the microsecond first: float noise must not add a whole second to retry_after.
    return Math.ceil(Math.round(((1 - this.#tokens) * 60_000_000) / this.spec.perMinute) / 1000);
  }

  take(now: number): void {
    this.#refill(now);
    this.#tokens -= 1;
  }

  full(now: number): boolean {
    this.#refill(now);
    return this.#tokens >= this.spec.burst;
  }

  #refill(now: number): void {
    // A clock that steps back (a test's, or NTP) adds nothing and takes nothing.
    if (now <= this.#at) return;
    this.#tokens = Math.min(this.spec.burst, this.#tokens + ((now - this.#at) * this.spec.perMinute) / 60_000);
    this.#at = now;
  }
}

/**
 * The limits of one process: built once and handed to every server it makes (ServerOptions.rateLimiter),
 * so the global bucket and an OAuth subject's bucket are shared by all of that subject's sessions.
 */
export class RateLimiter {
  /** The one client of stateless requests without OAuth (forNobody). */
  #nobody: TokenBucket | undefined;
  readonly #global: TokenBucket | undefined;
  readonly #clients = new Map<string, TokenBucket>();

  constructor(
    readonly settings: RateLimitSettings,
    readonly now: Now = Date.now,
  ) {
    this.#global = settings.global ? new TokenBucket(settings.global, now()) : undefined;
  }

  /**
   * The limit a server instance meets: the bucket of `subject` (an OAuth subject, shared by its
   * sessions), or without one a bucket of its own (one session, or one stdio server), and the global one.
   */
  forClient(subject?: string): ClientLimit {
    const spec = this.settings.client;
    const own =
      spec && (subject === undefined ? new TokenBucket(spec, this.now()) : this.#subjectBucket(spec, subject));
    return new ClientLimit(this, own, this.#global);
  }

  /**
   * The limit of a server with no client to name: a stateless HTTP request without OAuth, whose
   * server a later request of anyone may reuse (transports/server-pool.ts). Every such request
   * acts with the one configured token, so together they are one client: one shared bucket.
   */
  forNobody(): ClientLimit {
    const spec = this.settings.client;
    this.#nobody ??= spec && new TokenBucket(spec, this.now());
    return new ClientLimit(this, this.#nobody, this.#global);
  }

  #subjectBucket(spec: RateSpec, subject: string): TokenBucket {
    let bucket = this.#clients.get(subject);
    if (bucket) return bucket;
    if (this.#clients.size >= MAX_CLIENTS) {
      const now = this.now();
      for (const [key, b] of this.#clients) if (b.full(now)) this.#clients.delete(key);
      if (this.#clients.size >= MAX_CLIENTS) this.#clients.delete(this.#clients.keys().next().value as string);
    }
    bucket = new TokenBucket(spec, this.now());
    this.#clients.set(subject, bucket);
    return bucket;
  }
}

/** One client's view of the limits: its own bucket and the process's. */
export class ClientLimit {
  constructor(
    readonly limiter: RateLimiter,
    readonly own: TokenBucket | undefined,
    readonly global: TokenBucket | undefined,
  ) {}

  /** Takes a token from each bucket, or refuses with the wait when either is empty (then takes none). */
  take(): Refusal | undefined {
    const now = this.limiter.now();
    const ownWait = this.own?.wait(now) ?? 0;
    const globalWait = this.global?.wait(now) ?? 0;
    if (ownWait === 0 && globalWait === 0) {
      this.own?.take(now);
      this.global?.take(now);
      return undefined;
    }
    const retryAfter = Math.max(1, Math.ceil(Math.max(ownWait, globalWait) / 1000));
    const which = ownWait >= globalWait ? "this client" : "this server (all clients together)";
    const spec = (ownWait >= globalWait ? this.own : this.global)?.spec as RateSpec;
    return {
      ...refuse(
        "rate_limited",
        `${which} is over SCAIVAULT_RATE_LIMIT (${spec.perMinute}/min, burst ${spec.burst}); nothing was sent to the vault. Retry after ${retryAfter} s.`,
      ),
      retryAfter,
    };
  }
}
