import { globMatch } from "../../core/glob.js";
import { type EvalInput, failedCondition, type Permission, type PolicyRecord, permits } from "./evaluate.js";

/** Plans kept before the cache starts over: far more principals and contexts than a demo has. */
const MAX_PLANS = 10_000;

/**
 * The rules that decide one principal's requests for one permission in one context: those of
 * its bound policies that grant the permission and whose conditions the context meets. A request
 * is allowed when an allow rule matches its path and no deny rule does (verdictOf's answer,
 * whatever the order of the rules), so the path is all that is left to look at.
 */
interface Plan {
  /** An allow rule of `**` and no deny rule: every path is allowed. */
  everyPath: boolean;
  allows: readonly string[];
  denies: readonly string[];
}

/**
 * The live check's plans, kept per (identity, its groups, permission, context): every API
 * request asks, most of them for a path never asked before (a new secret), and what decides it
 * only changes with the policies. The owner bumps `generation` on each change of its policies;
 * a restored snapshot brings a new state object, which starts the cache over too. When any
 * policy's answer depends on the time (a binding that expires, a rule's time window) nothing is
 * kept and every request is evaluated in full.
 */
export class AllowCache {
  #plans = new Map<string, Plan>();
  #state: object | undefined;
  #generation = -1;
  #timeless = false;

  permits(state: { policies: readonly PolicyRecord[] }, generation: number, input: EvalInput): boolean {
    if (state !== this.#state || generation !== this.#generation) {
      this.#plans.clear();
      this.#state = state;
      this.#generation = generation;
      this.#timeless = state.policies.every(independentOfTime);
    }
    if (!this.#timeless) return permits(state.policies, input);
    const { context } = input;
    const key = `${input.identityId}\n${input.groups.join(",")}\n${input.permission}\n${context.source_ip}\n${context.mfa_verified}`;
    let plan = this.#plans.get(key);
    if (!plan) {
      if (this.#plans.size >= MAX_PLANS) this.#plans.clear();
      plan = planOf(state.policies, input);
      this.#plans.set(key, plan);
    }
    const { path } = input;
    for (const pattern of plan.denies) if (globMatch(pattern, path)) return false;
    if (plan.everyPath) return true;
    for (const pattern of plan.allows) if (globMatch(pattern, path)) return true;
    return false;
  }
}

/** The plan of a request's principal, permission and context, from policies that do not depend on the time. */
function planOf(policies: readonly PolicyRecord[], input: EvalInput): Plan {
  const principals = new Set([input.identityId, ...input.groups]);
  const allows: string[] = [];
  const denies: string[] = [];
  for (const policy of policies) {
    if (!policy.is_active || !policy.bindings.some((b) => principals.has(b.identity_id))) continue;
    for (const rule of policy.rules) {
      if (!rule.permissions.includes(input.permission as Permission) && !rule.permissions.includes("admin")) continue;
      if (failedCondition(rule.conditions, input.context, input.nowMs) !== null) continue;
      (rule.effect === "deny" ? denies : allows).push(rule.path_pattern);
    }
  }
  return { everyPath: allows.includes("**"), allows, denies };
}

const independentOfTime = (policy: PolicyRecord) =>
  policy.bindings.every((b) => b.expires_at === null) && policy.rules.every((r) => !r.conditions?.time_window);
