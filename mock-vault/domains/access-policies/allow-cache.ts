import { type EvalInput, type PolicyRecord, permits } from "./evaluate.js";

/** Decisions kept before the cache starts over: enough for every path a demo or bench touches. */
const MAX_ENTRIES = 10_000;

/**
 * The live check's allows, kept per (identity, its groups, permission, path, context): every API
 * request asks, and the answer only changes with the policies. The owner bumps `generation` on
 * each change of its policies; a restored snapshot brings a new state object, which starts the
 * cache over too. Policies whose answer depends on the time (a binding that expires, a rule's
 * time window) are never cached. Denials are not kept: they are rare, and explained each time.
 */
export class AllowCache {
  #entries = new Map<string, true>();
  #state: object | undefined;
  #generation = -1;
  #timeless = false;

  permits(state: { policies: readonly PolicyRecord[] }, generation: number, input: EvalInput): boolean {
    if (state !== this.#state || generation !== this.#generation) {
      this.#entries.clear();
      this.#state = state;
      this.#generation = generation;
      this.#timeless = state.policies.every(independentOfTime);
    }
    if (!this.#timeless) return permits(state.policies, input);
    const { context } = input;
    const key = `${input.identityId}\n${input.groups.join(",")}\n${input.permission}\n${context.source_ip}\n${context.mfa_verified}\n${input.path}`;
    if (this.#entries.has(key)) return true;
    const allowed = permits(state.policies, input);
    if (allowed) {
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
      this.#entries.set(key, true);
    }
    return allowed;
  }
}

const independentOfTime = (policy: PolicyRecord) =>
  policy.bindings.every((b) => b.expires_at === null) && policy.rules.every((r) => !r.conditions?.time_window);
