/** The 4 access_policies tools end to end, with the path window applied to rule patterns. */
import { afterEach, describe, expect, it } from "vitest";
import { connect, expectRefused, type Harness, requestsSeen, textOf } from "../helpers/harness.js";

let h: Harness;
afterEach(async () => h?.close());

describe("access_policies tools", () => {
  it("lists, gets, creates with bindings, and tests access", async () => {
    h = await connect();
    const listed = await h.ok("scaivault_list_policies");
    expect(listed.policies.map((p: { name: string }) => p.name)).toContain("reporting-integrations-read");
    const got = await h.ok("scaivault_get_policy", { policy_id: "pol_reporting_read" });
    expect(got.rules).toEqual([{ path_pattern: "integrations/**", permissions: ["read", "list"] }]);

    const created = await h.ok("scaivault_create_policy", {
      name: "runner-db-read",
      description: "let the report runner read the primary DB credentials",
      rules: [{ path_pattern: "infra/db/primary/*", permissions: ["read"] }],
      bindings: [{ identity_type: "service_account", identity_id: "sa:report-runner" }],
    });
    expect(created).toMatchObject({
      id: expect.stringMatching(/^pol_/),
      bindings: [{ identity_id: "sa:report-runner" }],
    });
    const now = await h.ok("scaivault_test_policy", {
      identity_id: "sa:report-runner",
      path: "infra/db/primary/credentials",
      permission: "read",
    });
    expect(now).toMatchObject({ allowed: true, matched_policy: { id: created.id } });
  });

  it("create_policy: a failed binding is reported with the created policy, not hidden behind an error", async () => {
    h = await connect();
    // The first binding request fails at the vault; the policy and the second binding exist.
    h.mock.state.faults.add({ method: "POST", route: /\/bindings$/, status: 500, times: 1 });
    const created = await h.ok("scaivault_create_policy", {
      name: "ci-read",
      rules: [{ path_pattern: "integrations/**", permissions: ["read"] }],
      bindings: [
        { identity_type: "group", identity_id: "group:ci" },
        { identity_type: "service_account", identity_id: "sa:ci", expires_at: "2026-06-01T02:00:00+02:00" },
      ],
    });
    expect(created.bindings).toMatchObject([{ identity_id: "sa:ci", expires_at: "2026-06-01T00:00:00.000Z" }]);
    expect(created.bind_errors).toEqual([
      { identity_type: "group", identity_id: "group:ci", code: "internal_error", message: expect.any(String) },
    ]);
    const stored = await h.ok("scaivault_get_policy", { policy_id: created.id });
    expect(stored.bindings).toHaveLength(1);
    const listed = await h.ok("scaivault_list_policies", { include_inactive: true });
    expect(listed.policies.filter((p: { name: string }) => p.name === "ci-read")).toHaveLength(1);
  });

  it("create_policy: expires_at must be an ISO 8601 time with a zone, refused before the API", async () => {
    h = await connect();
    const before = requestsSeen(h.mock);
    for (const expires_at of ["2026-06-01", "2026-06-01T00:00:00", "next week"]) {
      const result = await h.call("scaivault_create_policy", {
        name: "bad-expiry",
        rules: [{ path_pattern: "integrations/**", permissions: ["read"] }],
        bindings: [{ identity_type: "service_account", identity_id: "sa:ci", expires_at }],
      });
      expect(result.isError, textOf(result)).toBe(true);
      expect(textOf(result)).toMatch(/ISO 8601 time with Z or a UTC offset/);
    }
    expect(requestsSeen(h.mock)).toBe(before);
  });

  it("test_policy explains the seeded outage: denied, no matching rule", async () => {
    h = await connect();
    const result = await h.ok("scaivault_test_policy", {
      identity_id: "sa:report-runner",
      path: "/infra/db/primary/credentials/",
      permission: "read",
    });
    expect(result).toMatchObject({
      path: "infra/db/primary/credentials",
      allowed: false,
      decision: "deny",
      matched_rule: null,
    });
    expect(result.reason).toMatch(/^No matching rule: none of the 2 policies bound to sa:report-runner/);
    const ok = await h.ok("scaivault_test_policy", {
      identity_id: "sa:report-runner",
      path: "integrations/salesforce/oauth",
      permission: "read",
    });
    expect(ok).toMatchObject({ allowed: true, matched_rule: { path_pattern: "integrations/**" } });
  });

  it("READ_ONLY refuses create_policy before the API", async () => {
    h = await connect({ readOnly: true });
    const before = requestsSeen(h.mock);
    expectRefused(
      await h.call("scaivault_create_policy", {
        name: "x",
        rules: [{ path_pattern: "apps/**", permissions: ["read"] }],
      }),
      "read_only",
    );
    expect(requestsSeen(h.mock)).toBe(before);
  });

  it("ALLOWED_PATHS: rule patterns reaching outside the window are refused, inside ones pass", async () => {
    h = await connect({ allowedPaths: ["integrations"] });
    const before = requestsSeen(h.mock);
    for (const pattern of ["infra/**", "**", "**/ssl/*", "integrations-prod/*", "*/salesforce/*"]) {
      const result = await h.call("scaivault_create_policy", {
        name: "x",
        rules: [
          { path_pattern: "integrations/**", permissions: ["read"] },
          { path_pattern: pattern, permissions: ["read"] },
        ],
      });
      expectRefused(result, "path_not_allowed");
      expect(textOf(result)).toContain(pattern);
    }
    expectRefused(
      await h.call("scaivault_test_policy", {
        identity_id: "sa:report-runner",
        path: "infra/db/primary/credentials",
        permission: "read",
      }),
      "path_not_allowed",
    );
    expect(requestsSeen(h.mock)).toBe(before);
    const inside = await h.ok("scaivault_create_policy", {
      name: "sf",
      rules: [{ path_pattern: "integrations/salesforce/*", permissions: ["read"] }],
    });
    expect(inside.rules[0].path_pattern).toBe("integrations/salesforce/*");
  });

  it("DENIED_PATHS: a pattern that can match a denied prefix is refused", async () => {
    h = await connect({ deniedPaths: ["infra/db"] });
    expectRefused(
      await h.call("scaivault_create_policy", {
        name: "x",
        rules: [{ path_pattern: "infra/**", permissions: ["read"] }],
      }),
      "path_denied",
    );
    expectRefused(
      await h.call("scaivault_test_policy", {
        identity_id: "sa:x",
        path: "infra/db/primary/credentials",
        permission: "read",
      }),
      "path_denied",
    );
    expect(
      (await h.ok("scaivault_test_policy", { identity_id: "sa:x", path: "infra/cache/redis", permission: "read" }))
        .allowed,
    ).toBe(false);
  });

  it("reports invalid globs from the vault as error results", async () => {
    h = await connect();
    const result = await h.call("scaivault_create_policy", {
      name: "x",
      rules: [{ path_pattern: "apps/a**", permissions: ["read"] }],
    });
    expect(textOf(result)).toMatch(/^invalid_glob: /);
  });
});
