import { afterEach, describe, expect, it } from "vitest";
import { connect, expectRefused, type Harness, requestsSeen } from "../helpers/harness.js";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const OUTAGE = ["2026-05-17T14:31:14.000Z", "2026-05-17T14:31:45.000Z", "2026-05-17T14:32:16.000Z"];
type Entry = { secret_path: string | null; timestamp: string; identity_id: string | null };

describe("audit tools", () => {
  it("the 14:30 outage: query_audit over 14:30-14:35 returns exactly the three denied reads", async () => {
    h = await connect({ readOnly: true, maskValues: true });
    const result = await h.ok("scaivault_query_audit", { from: "2026-05-17T14:30:00Z", to: "2026-05-17T14:35:00Z" });
    expect(result.has_more).toBe(false);
    expect(result.logs.map((l: Entry) => l.timestamp).sort()).toEqual(OUTAGE);
    for (const entry of result.logs)
      expect(entry).toMatchObject({
        identity_id: "sa:report-runner",
        action: "read",
        secret_path: "infra/db/primary/credentials",
        outcome: "denied",
        error_code: "access_denied",
      });
  });

  it("find_unauthorized_access surfaces the outage as one group", async () => {
    h = await connect({ readOnly: true });
    const found = await h.ok("scaivault_find_unauthorized_access");
    expect(found.total_denied).toBe(3);
    expect(found.groups[0]).toMatchObject({
      identity_id: "sa:report-runner",
      secret_path: "infra/db/primary/credentials",
      count: 3,
      timestamps: OUTAGE,
      error_codes: ["access_denied"],
    });
  });

  it("audit_summary and secret_audit_trail", async () => {
    h = await connect();
    const summary = await h.ok("scaivault_audit_summary", { path_prefix: "infra" });
    expect(summary.denied_events).toBe(3);
    expect(summary.top_paths).toContainEqual({ path: "infra/db/primary/credentials", events: 3, denied: 3 });
    expect(summary.top_paths.every((p: { path: string }) => p.path.startsWith("infra/"))).toBe(true);
    const trail = await h.ok("scaivault_secret_audit_trail", { path: "/infra/db/primary/credentials/" });
    expect(trail.path).toBe("infra/db/primary/credentials");
    expect(trail.logs).toHaveLength(3);
    expect(trail.summary).toMatchObject({ denied_events: 3, window: "30d" });
  });

  it("filters entries to ALLOWED_PATHS; entries without a path stay", async () => {
    h = await connect({ allowedPaths: ["integrations"] });
    await h.ok("scaivault_list_service_accounts");
    const all = await h.ok("scaivault_query_audit", { limit: 1000 });
    const paths = all.logs.map((l: Entry) => l.secret_path);
    expect(paths.filter((p: string | null) => p !== null).length).toBeGreaterThan(0);
    expect(paths.every((p: string | null) => p === null || p.startsWith("integrations/"))).toBe(true);
    expect(paths).toContain(null);
    const denied = await h.ok("scaivault_query_audit", { from: "2026-05-17T14:30:00Z", to: "2026-05-17T14:35:00Z" });
    expect(denied.logs).toEqual([]);
    const unauthorized = await h.ok("scaivault_find_unauthorized_access");
    expect(unauthorized).toMatchObject({ groups: [], total_denied: 0 });
    // Counts cannot be filtered after the fact: a summary needs a scope inside the window.
    expectRefused(await h.call("scaivault_audit_summary"), "path_not_allowed");
    const summary = await h.ok("scaivault_audit_summary", { path_prefix: "integrations" });
    expect(summary.denied_events).toBe(0);
    expect(summary.top_paths.every((p: { path: string }) => p.path.startsWith("integrations/"))).toBe(true);
    expect(JSON.stringify(summary.top_identities)).not.toContain('"denied":3');
  });

  it("refuses path arguments outside the window before any request", async () => {
    h = await connect({ allowedPaths: ["integrations"], deniedPaths: ["integrations/stripe"] });
    const before = requestsSeen(h.mock);
    expectRefused(await h.call("scaivault_query_audit", { path_prefix: "infra" }), "path_not_allowed");
    expectRefused(await h.call("scaivault_audit_summary", { path_prefix: "infra/db" }), "path_not_allowed");
    expectRefused(await h.call("scaivault_find_unauthorized_access", { path_prefix: "apps" }), "path_not_allowed");
    expectRefused(
      await h.call("scaivault_secret_audit_trail", { path: "infra/db/primary/credentials" }),
      "path_not_allowed",
    );
    expectRefused(await h.call("scaivault_secret_audit_trail", { path: "integrations/stripe/api-key" }), "path_denied");
    expectRefused(await h.call("scaivault_secret_audit_trail", { path: "integrations/../infra/db" }), "invalid_path");
    expect(requestsSeen(h.mock)).toBe(before);
  });

  it("DENIED_PATHS removes entries from every audit listing", async () => {
    h = await connect({ deniedPaths: ["infra"] });
    const all = await h.ok("scaivault_query_audit", { limit: 1000 });
    expect(all.logs.some((l: Entry) => l.secret_path?.startsWith("infra/"))).toBe(false);
    expect(all.logs.some((l: Entry) => l.secret_path?.startsWith("integrations/"))).toBe(true);
    expect((await h.ok("scaivault_find_unauthorized_access")).groups).toEqual([]);
  });

  it("tenant lock refuses another tenant's audit", async () => {
    h = await connect({ tenantId: "tnt_acme_prod" });
    expectRefused(await h.call("scaivault_query_audit", { tenant_id: "tnt_globex" }), "tenant_locked");
  });
});
