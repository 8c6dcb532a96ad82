/** Access-policy evaluation, table-driven: glob matching, deny wins, principals via groups, no rule -> denied. */
import { describe, expect, it } from "vitest";
import { globMatch } from "../../mock-vault/core/glob.js";
import {
  type EvalInput,
  evaluate,
  failedCondition,
  inCidr,
  type PolicyRecord,
  permits,
  validateGlob,
} from "../../mock-vault/domains/access-policies/evaluate.js";
import { policyRecord } from "../helpers/policy-record.js";

describe("globMatch", () => {
  it.each([
    // documented examples (core-concepts/policies-and-permissions)
    ["app/db", "app/db", true],
    ["app/db", "app/db/password", false],
    ["app/db/*", "app/db/password", true],
    ["app/db/*", "app/db/user", true],
    ["app/db/*", "app/db/primary/password", false],
    ["app/**", "app/db", true],
    ["app/**", "app/db/password", true],
    ["app/**", "other/app/db", false],
    ["**/ssl/*", "app/ssl/cert", true],
    ["**/ssl/*", "service/ssl/key", true],
    ["**/ssl/*", "ssl/cert", false],
    ["secrets/*.key", "secrets/tls.key", true],
    ["secrets/*.key", "secrets/tls.pem", false],
    // * is exactly one segment, ** any number including zero
    ["integrations/*", "integrations/salesforce/oauth", false],
    ["integrations/*/oauth", "integrations/salesforce/oauth", true],
    ["integrations/**", "integrations/salesforce/oauth", true],
    ["integrations/**", "integrations", true],
    ["integrations/**", "integrations-prod/x", false],
    ["a/**/z", "a/z", true],
    ["a/**/z", "a/b/c/z", true],
    ["a/**/z", "a/b/c/y", false],
    ["app/d?", "app/db", true],
    ["app/d?", "app/dbx", false],
    ["**", "anything/at/all", true],
    ["**", "", true],
    // anchored at the start: no substring matches
    ["db/*", "infra/db/primary", false],
  ])("%s matches %s: %s", (pattern, path, expected) => {
    expect(globMatch(pattern, path)).toBe(expected);
  });
});

describe("validateGlob", () => {
  it.each(["/app/db", "app//db", "app/../db", "app/a**", "app/db/", "app/$x", ""])(
    "refuses %j with invalid_glob",
    (pattern) => {
      expect(() => validateGlob(pattern)).toThrow(expect.objectContaining({ code: "invalid_glob", status: 400 }));
    },
  );
  it.each(["app/**", "**/ssl/*", "secrets/*.key", "a/b?/c"])("accepts %j", (pattern) => {
    expect(validateGlob(pattern)).toBe(pattern);
  });
});

describe("conditions", () => {
  it.each([
    ["10.1.2.3", "10.0.0.0/8", true],
    ["11.1.2.3", "10.0.0.0/8", false],
    ["192.168.1.77", "192.168.1.0/24", true],
    ["192.168.2.1", "192.168.1.0/24", false],
    ["127.0.0.1", "127.0.0.1", true],
  ])("inCidr(%s, %s) = %s", (ip, cidr, expected) => {
    expect(inCidr(ip, cidr)).toBe(expected);
  });

  it("names the first failed condition", () => {
    const now = Date.parse("2026-05-17T15:00:00Z");
    expect(failedCondition({ ip_ranges: ["10.0.0.0/8"] }, { source_ip: "10.0.0.5" }, now)).toBeNull();
    expect(failedCondition({ ip_ranges: ["10.0.0.0/8"] }, {}, now)).toBe("ip_ranges");
    expect(failedCondition({ require_mfa: true }, { mfa_verified: false }, now)).toBe("require_mfa");
    expect(failedCondition({ time_window: { start: "08:00", end: "18:00" } }, {}, now)).toBeNull();
    expect(failedCondition({ time_window: { start: "08:00", end: "12:00" } }, {}, now)).toBe("time_window");
    expect(
      failedCondition({ time_window: { start: "22:00", end: "06:00" } }, { timestamp: "2026-05-17T23:30:00Z" }, now),
    ).toBeNull();
  });
});

const policy = policyRecord;

const policies: PolicyRecord[] = [
  policy("reporting", [{ path_pattern: "integrations/**", permissions: ["read", "list"] }], ["sa:report-runner"]),
  policy("admins", [{ path_pattern: "infra/**", permissions: ["admin"] }], ["group:platform-admins"]),
  policy("guard", [{ path_pattern: "infra/db/**", permissions: ["delete"], effect: "deny" }], ["group:automation"]),
  policy(
    "mfa",
    [{ path_pattern: "environments/**", permissions: ["read"], conditions: { require_mfa: true } }],
    ["sa:web-frontend"],
  ),
  policy("inactive", [{ path_pattern: "**", permissions: ["admin"] }], ["sa:report-runner"], { is_active: false }),
];

const input = (
  identityId: string,
  path: string,
  permission: string,
  groups: string[] = [],
  extra: Partial<EvalInput> = {},
): EvalInput => ({
  identityId,
  groups,
  path,
  permission,
  context: {},
  nowMs: Date.parse("2026-05-17T15:00:00Z"),
  ...extra,
});

describe("evaluate", () => {
  it.each([
    ["sa:report-runner", "integrations/salesforce/oauth", "read", [], true, "reporting"],
    ["sa:report-runner", "integrations/salesforce/oauth", "list", [], true, "reporting"],
    ["sa:report-runner", "integrations/salesforce/oauth", "write", [], false, null],
    ["sa:report-runner", "infra/db/primary/credentials", "read", [], false, null],
    ["sa:nobody", "integrations/salesforce/oauth", "read", [], false, null],
    // principal via group; admin grants every permission
    ["sa:ops-bot", "infra/db/primary/credentials", "rotate", ["group:platform-admins"], true, "admins"],
    ["sa:ops-bot", "infra/db/primary/credentials", "admin", ["group:platform-admins"], true, "admins"],
    // deny wins over an allow from another policy
    [
      "sa:ops-bot",
      "infra/db/primary/credentials",
      "delete",
      ["group:platform-admins", "group:automation"],
      false,
      "guard",
    ],
    ["sa:ops-bot", "infra/cache/redis", "delete", ["group:platform-admins", "group:automation"], true, "admins"],
    // a failed condition denies and says which
    ["sa:web-frontend", "environments/production/smtp", "read", [], false, "mfa"],
  ] as const)("%s %s %s (groups %j) -> %s by %s", (who, path, permission, groups, allowed, by) => {
    const decision = evaluate(policies, input(who, path, permission, [...groups]));
    expect(decision.allowed).toBe(allowed);
    // The live check's shortcut decides alike.
    expect(permits(policies, input(who, path, permission, [...groups]))).toBe(allowed);
    expect(decision.decision).toBe(allowed ? "allow" : "deny");
    expect(decision.matched_policy?.id ?? null).toBe(by);
  });

  it("explains a denial with no matching rule and lists what is bound", () => {
    const decision = evaluate(policies, input("sa:report-runner", "infra/db/primary/credentials", "read"));
    expect(decision).toMatchObject({ allowed: false, matched_rule: null, failed_condition: null });
    expect(decision.reason).toMatch(/^No matching rule/);
    expect(decision.bound_policies).toEqual([{ id: "reporting", name: "reporting", via: "sa:report-runner" }]);
  });

  it("explains an identity with no policy at all", () => {
    expect(evaluate(policies, input("sa:nobody", "integrations/x", "read")).reason).toMatch(
      /no active policy is bound to sa:nobody/,
    );
  });

  it("reports the failed condition, and allows once it is met", () => {
    const denied = evaluate(policies, input("sa:web-frontend", "environments/production/smtp", "read"));
    expect(denied.failed_condition).toBe("require_mfa");
    const allowed = evaluate(
      policies,
      input("sa:web-frontend", "environments/production/smtp", "read", [], { context: { mfa_verified: true } }),
    );
    expect(allowed.allowed).toBe(true);
  });

  it("a deny rule whose condition fails does not apply, and is never explained as a grant", () => {
    const guarded = [
      policy(
        "office-only",
        [{ path_pattern: "apps/**", permissions: ["read"], effect: "deny", conditions: { ip_ranges: ["10.0.0.0/8"] } }],
        ["sa:x"],
      ),
    ];
    const outside = evaluate(guarded, input("sa:x", "apps/web", "read", [], { context: { source_ip: "127.0.0.1" } }));
    expect(outside).toMatchObject({ allowed: false, matched_policy: null, matched_rule: null, failed_condition: null });
    expect(outside.reason).toMatch(/^No matching rule/);
    expect(outside.reason).not.toMatch(/would grant/);
    // With an allow rule beside it, the allow decides.
    const both = [...guarded, policy("reader", [{ path_pattern: "apps/**", permissions: ["read"] }], ["sa:x"])];
    expect(
      evaluate(both, input("sa:x", "apps/web", "read", [], { context: { source_ip: "127.0.0.1" } })),
    ).toMatchObject({ allowed: true, matched_policy: { id: "reader" } });
    expect(evaluate(both, input("sa:x", "apps/web", "read", [], { context: { source_ip: "10.1.2.3" } }))).toMatchObject(
      { allowed: false, matched_policy: { id: "office-only" } },
    );
  });

  it("ignores expired bindings", () => {
    const expiring = [policy("temp", [{ path_pattern: "apps/**", permissions: ["read"] }], ["sa:temp"])];
    (expiring[0] as PolicyRecord).bindings[0]!.expires_at = "2026-05-01T00:00:00.000Z";
    expect(evaluate(expiring, input("sa:temp", "apps/web/session-key", "read")).allowed).toBe(false);
    (expiring[0] as PolicyRecord).bindings[0]!.expires_at = "2026-06-01T00:00:00.000Z";
    expect(evaluate(expiring, input("sa:temp", "apps/web/session-key", "read")).allowed).toBe(true);
  });
});
