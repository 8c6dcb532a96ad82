/**
 * The live check's cache of plans (allow-cache.ts) against the full evaluation: over random
 * policies (allow and deny rules, patterns that overlap, ip and MFA conditions, inactive
 * policies, group bindings) and a random sequence of requests asked through one cache, so that
 * a plan made for one path answers for others, every answer is the one permits() gives. And the
 * cache starts over on a new generation or state, keys on the groups and the context, and keeps
 * nothing while a policy depends on the time.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AllowCache } from "../../mock-vault/domains/access-policies/allow-cache.js";
import {
  type EvalInput,
  type Permission,
  type PolicyRecord,
  permits,
  type Rule,
} from "../../mock-vault/domains/access-policies/evaluate.js";
import { policyRecord } from "../helpers/policy-record.js";

const NOW = Date.parse("2026-05-17T15:00:00Z");
const PRINCIPALS = ["sa:a", "sa:b", "user:c", "group:g1", "group:g2"] as const;
const PATTERNS = ["**", "a/**", "a/*", "a/b", "a/b/**", "**/b", "b/*", "a/?", "*", "a/*/c"] as const;
const PATHS = ["a", "a/b", "a/c", "a/b/c", "b/b", "b", "a/x/c", "c/b", ""] as const;
const PERMISSIONS: Permission[] = ["read", "write", "delete", "list", "rotate", "admin"];
const IPS = ["127.0.0.1", "10.1.2.3"] as const;

const rule: fc.Arbitrary<Rule> = fc.record({
  path_pattern: fc.constantFrom(...PATTERNS),
  permissions: fc.subarray(PERMISSIONS, { minLength: 1, maxLength: 3 }),
  conditions: fc.option(
    fc.record({
      ip_ranges: fc.option(fc.constant(["10.0.0.0/8"]), { nil: undefined }),
      require_mfa: fc.option(fc.boolean(), { nil: undefined }),
    }),
    { nil: undefined },
  ),
  effect: fc.option(fc.constantFrom("allow" as const, "deny" as const), { nil: undefined }),
});

const policy = (id: string, rules: Rule[], principals: readonly string[], is_active = true): PolicyRecord =>
  policyRecord(id, rules, principals, { is_active });

const policies = fc
  .array(
    fc.record({
      rules: fc.array(rule, { minLength: 1, maxLength: 4 }),
      principals: fc.subarray([...PRINCIPALS], { minLength: 1, maxLength: 2 }),
      is_active: fc.boolean(),
    }),
    { maxLength: 5 },
  )
  .map((ps) => ps.map((p, i) => policy(`pol_${i}`, p.rules, p.principals, p.is_active)));

const request: fc.Arbitrary<EvalInput> = fc.record({
  identityId: fc.constantFrom("sa:a", "sa:b", "user:c"),
  groups: fc.subarray(["group:g1", "group:g2"]),
  path: fc.constantFrom(...PATHS),
  permission: fc.constantFrom(...PERMISSIONS),
  context: fc.record({ source_ip: fc.constantFrom(...IPS), mfa_verified: fc.boolean() }),
  nowMs: fc.constant(NOW),
});

const ask = (identityId: string, path: string, extra: Partial<EvalInput> = {}): EvalInput => ({
  identityId,
  groups: [],
  path,
  permission: "read",
  context: { source_ip: "127.0.0.1", mfa_verified: false },
  nowMs: NOW,
  ...extra,
});

describe("the allow cache", () => {
  it("answers every request as the full evaluation does, plans reused across paths", () => {
    fc.assert(
      fc.property(policies, fc.array(request, { minLength: 1, maxLength: 40 }), (ps, requests) => {
        const cache = new AllowCache();
        const state = { policies: ps };
        for (const r of requests) expect(cache.permits(state, 0, r)).toBe(permits(ps, r));
      }),
      { numRuns: 300 },
    );
  });

  it("a plan that allows one path denies another its deny rule matches", () => {
    const state = {
      policies: [
        policy("all", [{ path_pattern: "**", permissions: ["admin"] }], ["sa:a"]),
        policy("guard", [{ path_pattern: "a/b/*", permissions: ["write"], effect: "deny" }], ["group:g1"]),
      ],
    };
    const cache = new AllowCache();
    const groups = ["group:g1"];
    expect(cache.permits(state, 0, ask("sa:a", "a/c", { permission: "write", groups }))).toBe(true);
    expect(cache.permits(state, 0, ask("sa:a", "a/b/c", { permission: "write", groups }))).toBe(false);
    expect(cache.permits(state, 0, ask("sa:a", "a/b/c", { permission: "read", groups }))).toBe(true);
    // Out of the group, the deny no longer applies.
    expect(cache.permits(state, 0, ask("sa:a", "a/b/c", { permission: "write" }))).toBe(true);
  });

  it("keys on the context: an ip range or MFA condition is met or not per request", () => {
    const state = {
      policies: [
        policy(
          "office",
          [
            {
              path_pattern: "a/**",
              permissions: ["read"],
              conditions: { ip_ranges: ["10.0.0.0/8"], require_mfa: true },
            },
          ],
          ["sa:a"],
        ),
      ],
    };
    const cache = new AllowCache();
    const inside = { source_ip: "10.1.2.3", mfa_verified: true };
    expect(cache.permits(state, 0, ask("sa:a", "a/b", { context: inside }))).toBe(true);
    expect(cache.permits(state, 0, ask("sa:a", "a/c", { context: { ...inside, source_ip: "127.0.0.1" } }))).toBe(false);
    expect(cache.permits(state, 0, ask("sa:a", "a/c", { context: { ...inside, mfa_verified: false } }))).toBe(false);
    expect(cache.permits(state, 0, ask("sa:a", "a/c", { context: inside }))).toBe(true);
  });

  it("starts over on a new generation, and on a new state object (a restore)", () => {
    const policies = [policy("p", [{ path_pattern: "a/**", permissions: ["read"] }], ["sa:a"])];
    const state = { policies };
    const cache = new AllowCache();
    expect(cache.permits(state, 0, ask("sa:a", "a/b"))).toBe(true);
    // Changed in place, as the store's update() does, with the generation bumped.
    (policies[0] as PolicyRecord).rules = [{ path_pattern: "b/**", permissions: ["read"] }];
    expect(cache.permits(state, 1, ask("sa:a", "a/c"))).toBe(false);
    expect(cache.permits(state, 1, ask("sa:a", "b/c"))).toBe(true);
    // A restored snapshot: another state at the same generation.
    const restored = { policies: [policy("p", [{ path_pattern: "a/**", permissions: ["read"] }], ["sa:a"])] };
    expect(cache.permits(restored, 1, ask("sa:a", "b/c"))).toBe(false);
    expect(cache.permits(restored, 1, ask("sa:a", "a/c"))).toBe(true);
  });

  it("keeps nothing while a policy depends on the time", () => {
    const windowed = policy(
      "office-hours",
      [{ path_pattern: "**", permissions: ["read"], conditions: { time_window: { start: "08:00", end: "18:00" } } }],
      ["sa:a"],
    );
    const expiring = policy("temp", [{ path_pattern: "**", permissions: ["read"] }], ["sa:b"]);
    (expiring.bindings[0] as PolicyRecord["bindings"][number]).expires_at = "2026-05-17T16:00:00.000Z";
    const state = { policies: [windowed, expiring] };
    const cache = new AllowCache();
    const evening = NOW + 4 * 3_600_000;
    expect(cache.permits(state, 0, ask("sa:a", "a"))).toBe(true);
    expect(cache.permits(state, 0, ask("sa:a", "b", { nowMs: evening }))).toBe(false);
    expect(cache.permits(state, 0, ask("sa:b", "a"))).toBe(true);
    expect(cache.permits(state, 0, ask("sa:b", "b", { nowMs: evening }))).toBe(false);
  });
});
