/** What the readiness check watches (GET /v1/health/ready), plus the object store (detailed health only). */
export const DEPENDENCIES = ["database", "redis", "encryption", "s3"] as const;
export type Dependency = (typeof DEPENDENCIES)[number];
const HEALTH = "/v1/health";

/** Transient faults injected per route by tests and demos; off unless a rule is added. */
export interface FaultRule {
  /** HTTP method to match; any when omitted. */
  method?: string;
  /** Path prefix (e.g. "/v1/secrets/") or a RegExp tested against the request path. */
  route: string | RegExp;
  /** Answer with this status and an API error envelope (e.g. 500, 503, 429). */
  status?: number;
  /** Error code for the envelope; derived from the status when omitted. */
  code?: string;
  /** Seconds for a Retry-After header (429/503). */
  retryAfter?: number;
  /** Delay before answering (or before the fault). */
  latencyMs?: number;
  /** "reset": connection dropped; "malformed": 200 with a body that is not JSON; "hang": never answers. */
  network?: "reset" | "malformed" | "hang";
  /** "before" (default): the request is not applied; "after": applied, then the fault replaces the answer. */
  phase?: "before" | "after";
  /** How many requests the rule hits before it disappears; unlimited when omitted. */
  times?: number;
  /**
   * A dependency outage: while the rule exists the health endpoints report this dependency as
   * failing, and the other requests the rule matches answer 503 service_unavailable (unless it
   * says otherwise). Route it at /v1/health to take down readiness alone, at /v1/ for the API too.
   */
  dependency?: Dependency;
}

export interface ActiveFault extends FaultRule {
  id: number;
  hits: number;
}

export class Faults {
  #rules: ActiveFault[] = [];
  #next = 1;

  add(rule: FaultRule): number {
    const id = this.#next++;
    // A dependency that is down fails the requests it is routed at, as the real service would.
    const status = rule.status ?? (rule.dependency && !rule.network ? 503 : undefined);
    this.#rules.push({ ...rule, ...(status ? { status } : {}), id, hits: 0 });
    return id;
  }

  remove(id: number): void {
    this.#rules = this.#rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.#rules = [];
  }

  list(): ActiveFault[] {
    return this.#rules.map((r) => ({ ...r }));
  }

  /** The dependencies an active rule takes down, each once, without counting a hit. */
  down(): Dependency[] {
    return DEPENDENCIES.filter((d) => this.#rules.some((r) => r.dependency === d));
  }

  /** The first rule matching this request, counted as a hit (rules with `times` run out). */
  take(method: string, path: string): ActiveFault | undefined {
    const rule = this.#rules.find(
      (r) =>
        (!r.method || r.method.toUpperCase() === method) &&
        (typeof r.route === "string" ? path.startsWith(r.route) : r.route.test(path)) &&
        // The health endpoints report an outage (down()) instead of failing with it.
        !(r.dependency && path.startsWith(HEALTH)),
    );
    if (!rule) return undefined;
    rule.hits++;
    if (rule.times !== undefined && rule.hits >= rule.times) this.remove(rule.id);
    return rule;
  }
}
