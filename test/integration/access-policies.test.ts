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
