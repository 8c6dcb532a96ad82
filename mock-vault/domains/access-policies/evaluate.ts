/**
 * Access-policy evaluation, pure: glob matching of rule paths, conditions, and the decision
 * (deny rules win, then any allowing rule, else denied). No state, no side effects, so the
 * live request check and the dry-run `POST /v1/policies/test` share it.
 */
import { badRequest } from "../../core/errors.js";
import { globMatch } from "../../core/glob.js";

export const PERMISSIONS = ["read", "write", "delete", "list", "rotate", "admin"] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface Conditions {
  ip_ranges?: string[] | undefined;
  require_mfa?: boolean | undefined;
  /** Assumed shape (the docs name the condition, not its fields): UTC "HH:MM" bounds, optional weekdays. */
  time_window?: { start: string; end: string; days?: string[] | undefined } | undefined;
}

export interface Rule {
  path_pattern: string;
  permissions: Permission[];
  conditions?: Conditions | undefined;
  /** Extension of the documented rule: "deny" rules override every allow. Default "allow". */
  effect?: "allow" | "deny" | undefined;
}

export interface Binding {
  id: string;
  identity_type: "user" | "service_account" | "group";
  identity_id: string;
  expires_at: string | null;
  created_at: string;
}

export interface PolicyRecord {
  id: string;
  name: string;
  description: string;
  scope: "tenant" | "partner";
  rules: Rule[];
  bindings: Binding[];
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export interface EvalContext {
  source_ip?: string | undefined;
  mfa_verified?: boolean | undefined;
  /** ISO time the check is made at (defaults to the vault clock). */
  timestamp?: string | undefined;
}

export interface Decision {
  allowed: boolean;
  decision: "allow" | "deny";
  reason: string;
  matched_policy: { id: string; name: string } | null;
  matched_rule: (Rule & { index: number }) | null;
  failed_condition: string | null;
  /** Policies bound to the principal (directly or via a group): what it could be granted at all. */
  bound_policies: { id: string; name: string; via: string }[];
}

const GLOB_SEGMENT = /^[A-Za-z0-9_.*?-]+$/;

/** Throws 400 invalid_glob for patterns the API refuses: leading '/', empty or dot segments, stray characters, '**' inside a segment. */
export function validateGlob(pattern: string): string {
  const fail = (why: string) =>
    badRequest("invalid_glob", `Invalid path pattern '${pattern.slice(0, 80)}': ${why}.`, {
      path_pattern: pattern.slice(0, 80),
    });
  if (pattern.length === 0 || pattern.length > 512) throw fail("it must have 1-512 characters");
  if (pattern.startsWith("/")) throw fail("a leading '/' is not permitted");
  const segments = pattern.split("/");
  if (segments.length > 10) throw fail("at most 10 segments");
  for (const s of segments) {
    if (s === "") throw fail("empty segment");
    if (s === "." || s === "..") throw fail("'.' and '..' segments are not permitted");
    if (!GLOB_SEGMENT.test(s)) throw fail("use letters, digits, '_', '-', '.', '*' and '?'");
    if (s.includes("**") && s !== "**") throw fail("'**' must be a whole segment");
  }
  return pattern;
}

function ipv4(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** IPv4 CIDR membership (IPv6 ranges only match the exact address). */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split("/");
  const addr = ipv4(ip);
  const net = ipv4(base ?? "");
  if (addr === undefined || net === undefined) return ip === base;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(addr / size) === Math.floor(net / size);
}

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** The first condition of a rule that the context does not satisfy, or null. */
export function failedCondition(
  conditions: Conditions | undefined,
  context: EvalContext,
  nowMs: number,
): string | null {
  if (!conditions) return null;
  if (conditions.ip_ranges?.length) {
    const ip = context.source_ip;
    if (!ip || !conditions.ip_ranges.some((range) => inCidr(ip, range))) return "ip_ranges";
  }
  if (conditions.require_mfa && context.mfa_verified !== true) return "require_mfa";
  if (conditions.time_window) {
    const at = new Date(context.timestamp ?? nowMs);
    const minutes = at.getUTCHours() * 60 + at.getUTCMinutes();
    const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
    const start = toMin(conditions.time_window.start);
    const end = toMin(conditions.time_window.end);
    const inside = start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
    const days = conditions.time_window.days;
    if (!inside || (days?.length && !days.includes(DAYS[at.getUTCDay()] as string))) return "time_window";
  }
  return null;
}

export interface EvalInput {
  /** The identity checked, e.g. sa:report-runner. */
  identityId: string;
  /** Groups the identity belongs to (group:...), for group bindings. */
  groups: readonly string[];
  path: string;
  permission: string;
  context: EvalContext;
  nowMs: number;
}

/** The active policies bound to any of `principals` (an identity and its groups) by a binding that has not expired. */
export function boundPolicies(
  policies: readonly PolicyRecord[],
  principals: ReadonlySet<string>,
  nowMs: number,
): { policy: PolicyRecord; binding: Binding; via: string }[] {
  const bound: { policy: PolicyRecord; binding: Binding; via: string }[] = [];
  for (const policy of policies) {
    if (!policy.is_active) continue;
    const binding = policy.bindings.find(
      (b) => principals.has(b.identity_id) && (b.expires_at === null || Date.parse(b.expires_at) > nowMs),
    );
    if (binding) bound.push({ policy, binding, via: binding.identity_id });
  }
  return bound;
}

type Match = { policy: PolicyRecord; rule: Rule; index: number };

/** What the rules say about one request: the deciding match, before anything is explained. */
interface Verdict {
  bound: { policy: PolicyRecord; binding: Binding; via: string }[];
  deny?: Match;
  allow?: Match;
  blocked?: Match & { condition: string };
}

/** Deny rules win; otherwise any allowing rule; a rule that would allow but for a condition is kept as the reason. */
function verdictOf(policies: readonly PolicyRecord[], input: EvalInput): Verdict {
  const bound = boundPolicies(policies, new Set([input.identityId, ...input.groups]), input.nowMs);
  let allow: Match | undefined;
  let blocked: (Match & { condition: string }) | undefined;
  for (const { policy } of bound) {
    for (const [index, rule] of policy.rules.entries()) {
      if (!globMatch(rule.path_pattern, input.path)) continue;
      if (!rule.permissions.includes(input.permission as Permission) && !rule.permissions.includes("admin")) continue;
      const condition = failedCondition(rule.conditions, input.context, input.nowMs);
      if (condition) {
        // A deny rule whose condition fails simply does not apply: only an allow rule "would have granted".
        if (rule.effect !== "deny") blocked ??= { policy, rule, index, condition };
        continue;
      }
      if (rule.effect === "deny") return { bound, deny: { policy, rule, index } };
      allow ??= { policy, rule, index };
    }
  }
  return allow ? { bound, allow } : blocked ? { bound, blocked } : { bound };
}

/** Whether the policies allow the request: the live check's answer, without the explanation evaluate() builds. */
export const permits = (policies: readonly PolicyRecord[], input: EvalInput): boolean =>
  verdictOf(policies, input).allow !== undefined;

/** Decides one request against a tenant's policies and explains the decision (the dry run's answer). */
export function evaluate(policies: readonly PolicyRecord[], input: EvalInput): Decision {
  const { bound, deny, allow, blocked } = verdictOf(policies, input);
  const bound_policies = bound.map(({ policy, via }) => ({ id: policy.id, name: policy.name, via }));
  if (deny)
    return {
      allowed: false,
      decision: "deny",
      reason: `Denied by deny rule '${deny.rule.path_pattern}' of policy '${deny.policy.name}' (deny rules win over allows).`,
      matched_policy: { id: deny.policy.id, name: deny.policy.name },
      matched_rule: { ...structuredClone(deny.rule), index: deny.index },
      failed_condition: null,
      bound_policies,
    };
  if (allow)
    return {
      allowed: true,
      decision: "allow",
      reason: `Allowed by rule '${allow.rule.path_pattern}' of policy '${allow.policy.name}'.`,
      matched_policy: { id: allow.policy.id, name: allow.policy.name },
      matched_rule: { ...structuredClone(allow.rule), index: allow.index },
      failed_condition: null,
      bound_policies,
    };
  const who = input.identityId;
  const what = `${input.permission} on '${input.path || "/"}'`;
  if (blocked)
    return {
      allowed: false,
      decision: "deny",
      reason: `Rule '${blocked.rule.path_pattern}' of policy '${blocked.policy.name}' would grant ${what}, but its ${blocked.condition} condition is not met.`,
      matched_policy: { id: blocked.policy.id, name: blocked.policy.name },
      matched_rule: { ...structuredClone(blocked.rule), index: blocked.index },
      failed_condition: blocked.condition,
      bound_policies,
    };
  return {
    allowed: false,
    decision: "deny",
    reason: bound.length
      ? `No matching rule: none of the ${bound.length} policies bound to ${who} (${bound.map((b) => b.policy.name).join(", ")}) grants ${what}.`
      : `No matching rule: no active policy is bound to ${who}.`,
    matched_policy: null,
    matched_rule: null,
    failed_condition: null,
    bound_policies,
  };
}
