import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { createMockVault } from "../../mock-vault/index.js";
import type { ConfigInput } from "../../src/config.js";
import { buildServer } from "../../src/server.js";
import { connect, expectRefused, type Harness, requestsSeen, textOf } from "../helpers/harness.js";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const OUTAGE = ["2026-05-17T14:31:14.000Z", "2026-05-17T14:31:45.000Z", "2026-05-17T14:32:16.000Z"];
type Entry = { secret_path: string | null; timestamp: string; identity_id: string | null };

/** One denied read of `path` by sa:prober this morning, `seq` seconds after 10:00. */
function appendDenial(harness: Harness, path: string, seq: number): void {
  harness.mock.state.audit.append({
    id: `aud_rank_${seq}`,
    timestamp: new Date(Date.parse("2026-05-17T10:00:00Z") + seq * 1000).toISOString(),
    tenant_id: harness.mock.tenantId,
    actor: "sa:prober",
    actor_type: "service_account",
    action: "read",
    method: "GET",
    resource_type: "secret",
    path,
    outcome: "denied",
    status: 403,
    error_code: "access_denied",
    request_id: `req_rank_${seq}`,
    source_ip: "10.0.0.9",
  });
}

/** Five groups under apps/ (6-10 denials each) above two under integrations/ (2, 1). */
function seedRanking(harness: Harness): void {
  const denials: [string, number][] = [
    ...[6, 7, 8, 9, 10].map((n, i): [string, number] => [`apps/hidden-${i}/key`, n]),
    ["integrations/stripe/api-key", 2],
    ["integrations/github/token", 1],
  ];
  let seq = 0;
  for (const [path, count] of denials) for (let i = 0; i < count; i++) appendDenial(harness, path, seq++);
}

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

  it("under ALLOWED_PATHS, hidden groups neither crowd out the visible ones nor count", async () => {
    h = await connect({ allowedPaths: ["integrations"] });
    seedRanking(h);
    const top = await h.ok("scaivault_find_unauthorized_access", { identity_id: "sa:prober", limit: 1 });
    expect(top.groups.map((g: Entry) => g.secret_path)).toEqual(["integrations/stripe/api-key"]);
    expect(top).toMatchObject({ total_denied: 3, has_more: true });
    const all = await h.ok("scaivault_find_unauthorized_access", { identity_id: "sa:prober" });
    expect(all.groups.map((g: Entry) => g.secret_path)).toEqual([
      "integrations/stripe/api-key",
      "integrations/github/token",
    ]);
    expect(all).toMatchObject({ total_denied: 3, has_more: false });
  });

  it("under DENIED_PATHS, more hidden groups than any limit allows still leave the visible one", async () => {
    h = await connect({ deniedPaths: ["apps"] });
    // 1,001 hidden groups with 2 denials each, then one visible denial.
    for (let i = 0; i < 1001; i++) for (const k of [0, 1]) appendDenial(h, `apps/many-${i}/key`, 2 * i + k);
    appendDenial(h, "integrations/stripe/api-key", 2002);
    const found = await h.ok("scaivault_find_unauthorized_access", { identity_id: "sa:prober", limit: 1000 });
    expect(found.groups.map((g: Entry) => g.secret_path)).toEqual(["integrations/stripe/api-key"]);
    expect(found).toMatchObject({ total_denied: 1, has_more: false, complete: true });
  });

  it("without a window, the same ranking is cut where asked and counts everything", async () => {
    h = await connect();
    seedRanking(h);
    const top = await h.ok("scaivault_find_unauthorized_access", { identity_id: "sa:prober", limit: 1 });
    expect(top.groups.map((g: Entry) => g.secret_path)).toEqual(["apps/hidden-4/key"]);
    expect(top).toMatchObject({ total_denied: 43, has_more: true });
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

describe("audit tools against a vault that offers only the documented audit API", () => {
  /**
   * The documented API: GET /v1/audit/summary takes only from/to (path_prefix is dropped here),
   * there is no /v1/audit/unauthorized, log entries carry `success` but no outcome or error code.
   */
  async function documentedVault(profile: Partial<ConfigInput>) {
    const mock = createMockVault();
    const seen: string[] = [];
    const fetch = async (request: Request): Promise<Response> => {
      const url = new URL(request.url);
      seen.push(url.pathname);
      url.searchParams.delete("outcome");
      if (url.pathname === "/v1/audit/summary") url.searchParams.delete("path_prefix");
      if (url.pathname === "/v1/audit/unauthorized")
        return Response.json({ error: { code: "not_found" } }, { status: 404 });
      const response = await mock.fetch(new Request(url, request));
      if (url.pathname !== "/v1/audit/logs" || !response.ok) return response;
      const body = (await response.json()) as { logs: Record<string, unknown>[] };
      for (const entry of body.logs) for (const field of ["outcome", "status_code", "error_code"]) delete entry[field];
      return Response.json(body, { headers: response.headers });
    };
    const parts = buildServer({ config: { mock: true, maxRetries: 0, ...profile }, fetch });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await parts.server.connect(serverSide);
    const client = new Client({ name: "documented-vault-test", version: "1.0.0" });
    await client.connect(clientSide);
    const call = async (name: string, args: Record<string, unknown> = {}) =>
      (await client.callTool({ name, arguments: args })) as CallToolResult;
    const ok = async (name: string, args: Record<string, unknown> = {}) => {
      const result = await call(name, args);
      if (result.isError) throw new Error(`${name} failed: ${textOf(result)}`);
      return result.structuredContent as any;
    };
    const close = async () => {
      await client.close();
      await parts.server.close();
    };
    return { seen, ok, close };
  }

  it("a summary under a path window counts only the window, even though the vault's summary ignores path_prefix", async () => {
    const v = await documentedVault({ allowedPaths: ["integrations"] });
    try {
      const summary = await v.ok("scaivault_audit_summary", { path_prefix: "integrations" });
      expect(summary).toMatchObject({ path_prefix: "integrations", denied_events: 0 });
      expect(summary.unique_paths).toBe(2);
      expect(JSON.stringify(summary)).not.toMatch(/infra\/|apps\/|sa:web-frontend/);
      expect(v.seen).not.toContain("/v1/audit/summary");
    } finally {
      await v.close();
    }
  });

  it("find_unauthorized_access and query_audit outcome=denied still find the outage", async () => {
    const v = await documentedVault({ readOnly: true });
    try {
      const found = await v.ok("scaivault_find_unauthorized_access");
      expect(found).toMatchObject({ total_denied: 3, complete: true });
      expect(found.groups).toMatchObject([
        { identity_id: "sa:report-runner", secret_path: "infra/db/primary/credentials", count: 3, timestamps: OUTAGE },
      ]);
      const denied = await v.ok("scaivault_query_audit", { outcome: "denied" });
      expect(denied.logs.map((l: Entry) => l.timestamp)).toEqual([...OUTAGE].reverse());
      expect(v.seen).not.toContain("/v1/audit/unauthorized");
    } finally {
      await v.close();
    }
  });
});

describe("audit times need a zone", () => {
  it("refuses a time without Z or an offset with a clear error, before any request", async () => {
    h = await connect();
    const before = requestsSeen(h.mock);
    for (const [tool, args] of [
      ["scaivault_query_audit", { from: "2026-05-17T14:30:00", to: "2026-05-17T14:35:00Z" }],
      ["scaivault_query_audit", { from: "2026-05-17 14:30" }],
      ["scaivault_audit_summary", { to: "2026-05-17" }],
      ["scaivault_find_unauthorized_access", { from: "yesterday" }],
      ["scaivault_secret_audit_trail", { path: "infra/db/primary/credentials", from: "2026-05-17T14:30" }],
    ] as const) {
      const result = await h.call(tool, args);
      expect(result.isError, `${tool} ${JSON.stringify(args)}`).toBe(true);
      expect(textOf(result)).toMatch(/ISO 8601 time with Z or a UTC offset/);
    }
    expect(requestsSeen(h.mock)).toBe(before);
  });

  it("an offset is honoured: 16:30+02:00 is the 14:30Z outage window", async () => {
    h = await connect();
    const result = await h.ok("scaivault_query_audit", {
      from: "2026-05-17T16:30:00+02:00",
      to: "2026-05-17T16:35:00+02:00",
    });
    expect(result.logs.map((l: Entry) => l.timestamp)).toEqual([...OUTAGE].reverse());
  });
});
