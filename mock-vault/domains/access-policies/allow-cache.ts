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
  /** An allow rule of `**`: every path no deny rule matches is allowed. */
  everyPath: boolean;
  allows: readonly string[];
  denies: readonly string[];
}

/** A plan, with what it was made for besides the identity and the permission. */
interface Entry {
  groups: readonly string[];
  sourceIp: string | undefined;
  mfa: boolean | undefined;
  plan: Plan;
}

/**
 * The live check's plans, kept per (identity, its groups, permission, context): every API
 * request asks, most of them for a path never asked before (a new secret), and what decides it
 * only changes with the policies. Found by identity and permission, then by comparing the rest,
 * so that a check builds no key. The owner bumps `generation` on each change of its policies; a
 * restored snapshot brings a new state object, which starts the cache over too. When any
 * policy's answer depends on the time (a binding that expires, a rule's time window) nothing is
 * kept and every request is evaluated in full.
 */
export class AllowCache {
  /** identity -> permission -> entries (one per groups and context it was asked in). */
  #plans = new Map<string, Map<string, Entry[]>>();
  #size = 0;
  #state: object | undefined;
  #generation = -1;
  #timeless = false;

  permits(state: { policies: readonly PolicyRecord[] }, generation: number, input: EvalInput): boolean {
    if (state !== this.#state || generation !== this.#generation) {
      this.#clear();
      this.#state = state;
      this.#generation = generation;
      this.#timeless = state.policies.every(independentOfTime);
    }
    if (!this.#timeless) return permits(state.policies, input);
    const plan = this.#planFor(state.policies, input);
    const { path } = input;
    for (const pattern of plan.denies) if (globMatch(pattern, path)) return false;
    if (plan.everyPath) return true;
    for (const pattern of plan.allows) if (globMatch(pattern, path)) return true;
    return false;
  }

  #planFor(policies: readonly PolicyRecord[], input: EvalInput): Plan {
    const { identityId, permission, groups, context } = input;
    let byPermission = this.#plans.get(identityId);
    if (!byPermission) {
      byPermission = new Map();
      this.#plans.set(identityId, byPermission);
    }
    let entries = byPermission.get(permission);
    if (!entries) {
      entries = [];
      byPermission.set(permission, entries);
    }
    for (const entry of entries)
      if (
        entry.sourceIp === context.source_ip &&
        entry.mfa === context.mfa_verified &&
        sameMembers(entry.groups, groups)
      )
        return entry.plan;
    if (this.#size >= MAX_PLANS) {
      this.#clear();
      return this.#planFor(policies, input);
    }
    const plan = planOf(policies, input);
    entries.push({ groups: [...groups], sourceIp: context.source_ip, mfa: context.mfa_verified, plan });
    this.#size += 1;
    return plan;
  }

  #clear(): void {
    this.#plans.clear();
    this.#size = 0;
  }
}

/** The same groups in the same order (an identity's groups come in one order while they do not change). */
function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
