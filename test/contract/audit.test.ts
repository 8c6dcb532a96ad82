import { beforeEach, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../mock-vault/core/audit-log.js";
import { createMockVault, DEMO, type MockVaultHandle } from "../../mock-vault/index.js";
import { createClient, type VaultError } from "../../src/client/index.js";
import { AuditLogs, AuditSummary, IdentityAuditTrail, SecretAuditTrail } from "../../src/client/schemas/audit.js";
import {
  deniedAccess,
  PrefixSummary,
  SCAN_LIMIT,
  summaryUnder,
  UnauthorizedAccess,
} from "../../src/tools/audit-aggregate.js";

let mock: MockVaultHandle;
const client = (token: string) => createClient({ baseUrl: mock.baseUrl, token, fetch: mock.fetch, maxRetries: 0 });
const auditor = () => client(mock.tokens.readOnly);
const fail = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail("expected an error"),
    (e: unknown) => e as VaultError,
  );
const TODAY = "2026-05-17";
const OUTAGE = [`${TODAY}T14:31:14.000Z`, `${TODAY}T14:31:45.000Z`, `${TODAY}T14:32:16.000Z`];

beforeEach(() => {
  mock = createMockVault();
});

describe("GET /v1/audit/logs", () => {
  it("finds the seeded outage: exactly three denied reads between 14:30 and 14:35", async () => {
    const page = AuditLogs.parse(await auditor().audit.logs({ from: `${TODAY}T14:30:00Z`, to: `${TODAY}T14:35:00Z` }));
    expect(page.has_more).toBe(false);
    expect(page.logs.map((l) => l.timestamp)).toEqual([...OUTAGE].reverse());
    for (const entry of page.logs)
      expect(entry).toMatchObject({
        action: "read",
        identity_id: "sa:report-runner",
        identity_type: "service_account",
        secret_path: "infra/db/primary/credentials",
        success: false,
        outcome: "denied",
        status_code: 403,
        error_code: "access_denied",
      });
    const asc = await auditor().audit.logs({ from: `${TODAY}T14:30:00Z`, to: `${TODAY}T14:35:00Z`, order: "asc" });
    expect(asc.logs.map((l) => l.timestamp)).toEqual(OUTAGE);
  });

  it("filters by identity, action, path prefix (on / boundaries) and outcome", async () => {
    const byActor = await auditor().audit.logs({ identity_id: "sa:report-runner", limit: 1000 });
    expect(byActor.logs.length).toBeGreaterThan(3);
    expect(new Set(byActor.logs.map((l) => l.identity_id))).toEqual(new Set(["sa:report-runner"]));
    const denied = await auditor().audit.logs({ outcome: "denied" });
    expect(denied.logs.map((l) => l.timestamp)).toEqual([...OUTAGE].reverse());
    expect((await auditor().audit.logs({ success: false })).logs).toHaveLength(3);
    const under = await auditor().audit.logs({ path_prefix: "integrations", limit: 1000 });
    expect(under.logs.length).toBeGreaterThan(0);
    expect(under.logs.every((l) => l.secret_path?.startsWith("integrations/"))).toBe(true);
    expect((await auditor().audit.logs({ path_prefix: "integ" })).logs).toEqual([]);
    expect((await auditor().audit.logs({ action: "write,delete" })).logs).toEqual([]);
  });

  it("pages with limit and cursor; the pages add up to the whole result", async () => {
    const all = await auditor().audit.logs({ to: `${TODAY}T15:00:00Z`, limit: 1000 });
    expect(all.logs).toHaveLength(63);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await auditor().audit.logs({ to: `${TODAY}T15:00:00Z`, limit: 10, cursor });
      seen.push(...page.logs.map((l) => l.id));
      cursor = page.cursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.logs.map((l) => l.id));
  });

  it("rejects bad input: limit over 1000, malformed cursor, times, outcome", async () => {
    expect(await fail(auditor().audit.logs({ limit: 1001 }))).toMatchObject({ code: "invalid_request", status: 400 });
    expect(await fail(auditor().audit.logs({ cursor: "bogus" }))).toMatchObject({
      code: "invalid_cursor",
      status: 400,
    });
    expect(await fail(auditor().audit.logs({ from: "yesterday" }))).toMatchObject({ code: "invalid_request" });
    expect(await fail(auditor().audit.logs({ from: `${TODAY}T15:00:00Z`, to: `${TODAY}T14:00:00Z` }))).toMatchObject({
      code: "invalid_request",
    });
    expect(
      await fail(auditor().audit.http.request("GET", "/v1/audit/logs", { query: { outcome: "meh" } })),
    ).toMatchObject({ code: "invalid_request" });
  });

  it("records live requests, denials included, and keeps tenants apart", async () => {
    await fail(client(mock.tokens.reportRunner).secrets.write("apps/x", { data: { a: "1" } }));
    const [latest] = (await auditor().audit.logs({ limit: 1 })).logs;
    expect(latest).toMatchObject({
      identity_id: "sa:report-runner",
      action: "write",
      secret_path: "apps/x",
      outcome: "denied",
      error_code: "insufficient_scope",
      timestamp: mock.clock.iso(),
    });
    const other = await client(mock.tokens.otherTenantAdmin).audit.logs({ limit: 1000 });
    expect(other.logs.some((l) => l.identity_id === "sa:report-runner")).toBe(false);
  });

  it("needs audit:read", async () => {
    expect(await fail(client(mock.tokens.reportRunner).audit.logs())).toMatchObject({
      code: "insufficient_scope",
      status: 403,
    });
  });

  it("answers a narrow window over a million events by bisecting, not scanning", async () => {
    const N = 1_000_000;
    mock = createMockVault({ auditRetention: 2 * N });
    const start = Date.parse("2026-05-11T00:00:00Z");
    let touched = 0;
    const extra: AuditEvent[] = [];
    const synth = (i: number): AuditEvent => ({
      id: `aud_${i}`,
      timestamp: new Date(start + i * 500).toISOString(),
      tenant_id: mock.tenantId,
      actor: i % 2 ? "sa:billing-worker" : "user:ops@acme.example",
      actor_type: i % 2 ? "service_account" : "user",
      action: "read",
      method: "GET",
      resource_type: "secret",
      path: "apps/billing/webhook-secret",
      outcome: "success",
      status: 200,
      error_code: null,
      request_id: `req_${i}`,
      source_ip: "10.0.0.1",
    });
    mock.state.audit.events = new Proxy([] as AuditEvent[], {
      get(target, prop) {
        if (prop === "length") return N + extra.length;
        if (prop === "push") return (e: AuditEvent) => extra.push(e);
        if (typeof prop === "string" && /^\d+$/.test(prop)) {
          touched++;
          const i = Number(prop);
          return i < N ? synth(i) : extra[i - N];
        }
        return Reflect.get(target, prop);
      },
    });
    const page = await auditor().audit.logs({
      from: "2026-05-15T10:00:00Z",
      to: "2026-05-15T10:00:10Z",
      identity_id: "sa:billing-worker",
    });
    expect(page.logs).toHaveLength(10);
    expect(page.logs[0]?.timestamp).toBe("2026-05-15T10:00:09.500Z");
    expect(touched).toBeLessThan(200);
    touched = 0;
    const latest = await auditor().audit.logs({ limit: 5 });
    expect(latest.logs).toHaveLength(5);
    expect(touched).toBeLessThan(50);
  });
});

describe("GET /v1/audit/summary", () => {
  it("counts the last 24h by default: outcomes, actions, top identities and paths", async () => {
    const s = AuditSummary.parse(await auditor().audit.summary());
    expect(s.total_events).toBe(63);
    expect(s).toMatchObject({ successful_events: 60, denied_events: 3, failed_events: 0 });
    expect(s.by_action).toEqual({ read: 63 });
    expect(s.top_paths.find((p) => p.path === "infra/db/primary/credentials")).toEqual({
      path: "infra/db/primary/credentials",
      events: 3,
      denied: 3,
    });
    expect(s.top_identities.find((i) => i.identity_id === "sa:report-runner")?.denied).toBe(3);
    expect(s.to > s.from).toBe(true);
  });

  it("takes only from/to, as documented: a path_prefix sent to the vault changes nothing", async () => {
    const asked = AuditSummary.parse(
      await auditor().audit.http.request("GET", "/v1/audit/summary", { query: { path_prefix: "apps" } }),
    );
    expect(asked.denied_events).toBe(3);
    expect(asked.top_paths.some((p) => !p.path.startsWith("apps/"))).toBe(true);
  });

  it("a prefix's summary is computed from the log entries under it (tools/audit-aggregate.ts), never from /v1/audit/summary", async () => {
    mock.state.journal = [];
    const s = PrefixSummary.parse(
      await summaryUnder(auditor(), { path_prefix: "infra", from: `${TODAY}T14:30:00Z`, to: `${TODAY}T14:35:00Z` }),
    );
    expect(s).toMatchObject({
      total_events: 3,
      denied_events: 3,
      unique_paths: 1,
      path_prefix: "infra",
      from: `${TODAY}T14:30:00Z`,
      complete: true,
    });
    expect(s.top_paths.every((p) => p.path.startsWith("infra/"))).toBe(true);
    expect(mock.state.journal.map((j) => j.path)).toEqual(["/v1/audit/logs"]);
    // Without a window: the 24h up to the vault's own clock (GET /v1/health), not the host's.
    const day = await summaryUnder(auditor(), { path_prefix: "integrations" });
    expect(day).toMatchObject({ to: mock.clock.iso(), from: "2026-05-16T15:00:00.000Z", denied_events: 0 });
    expect(day.total_events).toBeGreaterThan(0);
    expect(day.top_paths.every((p) => p.path.startsWith("integrations/"))).toBe(true);
  });
});

describe("GET /v1/audit/secrets/{path}", () => {
  it("returns one secret's trail with a 30-day summary", async () => {
    const trail = SecretAuditTrail.parse(await auditor().audit.secretTrail("infra/db/primary/credentials"));
    expect(trail.path).toBe("infra/db/primary/credentials");
    expect(trail.logs.map((l) => l.timestamp)).toEqual([...OUTAGE].reverse());
    expect(trail.summary).toMatchObject({
      window: "30d",
      total_events: 3,
      denied_events: 3,
      unique_identities: 1,
      last_read_at: null,
    });
    await client(mock.tokens.admin).secrets.read("infra/db/primary/credentials");
    const after = await auditor().audit.secretTrail("infra/db/primary/credentials");
    expect(after.summary).toMatchObject({ last_read_by: "user:ops@acme.example", last_read_at: mock.clock.iso() });
    expect(after.logs[0]).toMatchObject({ action: "read", outcome: "success" });
  });

  it("is exact (children are not included) and validates the path", async () => {
    expect((await auditor().audit.secretTrail("infra/db")).logs).toEqual([]);
    expect(await fail(auditor().audit.http.request("GET", "/v1/audit/secrets/Infra/DB"))).toMatchObject({
      code: "invalid_path",
      status: 400,
    });
  });
});

describe("denied-access groups (computed by the audit tool from GET /v1/audit/logs?success=false)", () => {
  it("the vault has no /v1/audit/unauthorized route: the API does not document one", async () => {
    expect(await fail(auditor().audit.http.request("GET", "/v1/audit/unauthorized"))).toMatchObject({ status: 404 });
  });

  it("groups denied requests by identity and path", async () => {
    mock.state.journal = [];
    const found = UnauthorizedAccess.parse(await deniedAccess(auditor(), {}));
    // Only documented routes: the logs query, and the health endpoint for the vault's own "now".
    expect(new Set(mock.state.journal.map((j) => j.path))).toEqual(new Set(["/v1/health", "/v1/audit/logs"]));
    expect(found).toMatchObject({ to: mock.clock.iso(), complete: true, has_more: false });
    expect(found.total_denied).toBe(3);
    expect(found.groups).toEqual([
      {
        identity_id: "sa:report-runner",
        identity_type: "service_account",
        secret_path: "infra/db/primary/credentials",
        count: 3,
        first_seen: OUTAGE[0],
        last_seen: OUTAGE[2],
        actions: ["read"],
        error_codes: ["access_denied"],
        source_ips: ["10.20.0.14"],
        timestamps: OUTAGE,
      },
    ]);
  });

  it("includes live denials of the tenant and honours filters", async () => {
    await fail(client(mock.tokens.reportRunner).secrets.write("apps/x", { data: { a: "1" } }));
    // An unknown token belongs to no tenant, so no tenant's finder reports it.
    await fail(client("skt_mock_nonexistent").secrets.read("apps/x"));
    const all = await deniedAccess(auditor(), {});
    expect(all.total_denied).toBe(4);
    expect(all.groups[0]?.count).toBe(3);
    const apps = await deniedAccess(auditor(), { path_prefix: "apps", identity_id: "sa:report-runner" });
    expect(apps.groups).toHaveLength(1);
    expect(apps.groups[0]).toMatchObject({ secret_path: "apps/x", error_codes: ["insufficient_scope"] });
    const limited = await deniedAccess(auditor(), { limit: 1 });
    expect(limited).toMatchObject({ has_more: true });
    expect(limited.groups).toHaveLength(1);
  });
});

describe("against a vault that offers only the documented audit API", () => {
  /** Drops the mock's extensions: the `outcome` filter, and outcome/status_code/error_code in entries. */
  const documentedOnly = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    url.searchParams.delete("outcome");
    const response = await mock.fetch(new Request(url, request));
    if (url.pathname !== "/v1/audit/logs" || !response.ok) return response;
    const body = (await response.json()) as { logs: Record<string, unknown>[] };
    for (const entry of body.logs) for (const field of ["outcome", "status_code", "error_code"]) delete entry[field];
    return Response.json(body, { headers: response.headers });
  };
  const documented = () =>
    createClient({ baseUrl: mock.baseUrl, token: mock.tokens.readOnly, fetch: documentedOnly, maxRetries: 0 });

  it("still finds the outage, the denied entries and a prefix's counts", async () => {
    const found = await deniedAccess(documented(), {});
    expect(found.total_denied).toBe(3);
    expect(found.groups).toMatchObject([
      { identity_id: "sa:report-runner", secret_path: "infra/db/primary/credentials", count: 3, timestamps: OUTAGE },
    ]);
    const denied = await documented().audit.logs({ outcome: "denied" });
    expect(denied.logs.map((l) => l.timestamp)).toEqual([...OUTAGE].reverse());
    const ok = await documented().audit.logs({ outcome: "success", limit: 1000 });
    expect(ok.logs.every((l) => l.success)).toBe(true);
    const infra = await summaryUnder(documented(), { path_prefix: "infra" });
    expect(infra).toMatchObject({ denied_events: 3, path_prefix: "infra" });
    const integrations = await summaryUnder(documented(), { path_prefix: "integrations" });
    expect(integrations.denied_events).toBe(0);
    expect(JSON.stringify(integrations)).not.toContain("infra/");
  });
});

describe("aggregates over many entries", () => {
  /** `count` entries of one actor, 100 ms apart from 10:00 on the mock's day. */
  const flood = (count: number, actor: string, outcome: "denied" | "error") => {
    const start = Date.parse(`${TODAY}T10:00:00Z`);
    for (let i = 0; i < count; i++)
      mock.state.audit.append({
        id: `aud_${actor.slice(3)}_${i}`,
        timestamp: new Date(start + i * 100).toISOString(),
        tenant_id: mock.tenantId,
        actor,
        actor_type: "service_account",
        action: "read",
        method: "GET",
        resource_type: "secret",
        path: "apps/web/session-key",
        outcome,
        status: outcome === "denied" ? 403 : 500,
        error_code: outcome === "denied" ? "access_denied" : "internal_error",
        request_id: `req_${actor.slice(3)}_${i}`,
        source_ip: "10.0.0.9",
      });
  };

  it("read at most SCAN_LIMIT entries and say so (complete: false, has_more)", async () => {
    flood(SCAN_LIMIT + 500, "sa:flood", "denied");
    const found = await deniedAccess(auditor(), { identity_id: "sa:flood" });
    expect(found).toMatchObject({ total_denied: SCAN_LIMIT, complete: false, has_more: true });
    const counted = await summaryUnder(auditor(), { path_prefix: "apps" });
    expect(counted).toMatchObject({ complete: false });
  });

  it("read a bounded number of pages even when the vault's pages hold nothing the filter keeps", async () => {
    // Errors, not denials: a vault that honours only success=false sends them, the client drops them.
    flood(SCAN_LIMIT + 2500, "sa:flaky", "error");
    let pages = 0;
    const counting = async (request: Request) => {
      const url = new URL(request.url);
      if (url.pathname === "/v1/audit/logs") {
        pages++;
        url.searchParams.delete("outcome");
      }
      return mock.fetch(new Request(url, request));
    };
    const c = createClient({ baseUrl: mock.baseUrl, token: mock.tokens.readOnly, fetch: counting, maxRetries: 0 });
    const found = await deniedAccess(c, {
      identity_id: "sa:flaky",
      from: `${TODAY}T00:00:00Z`,
      to: `${TODAY}T23:59:59Z`,
    });
    expect(found).toMatchObject({ total_denied: 0, complete: false });
    expect(pages).toBe(10);
  });
});

describe("times without a zone", () => {
  it("are read as UTC by the vault, whatever the host's time zone", async () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ["UTC", "America/New_York", "Asia/Kolkata"]) {
        process.env.TZ = tz;
        const page = await auditor().audit.logs({ from: `${TODAY}T14:30:00`, to: `${TODAY} 14:35` });
        expect(
          page.logs.map((l) => l.timestamp),
          tz,
        ).toEqual([...OUTAGE].reverse());
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    const offset = await auditor().audit.logs({ from: `${TODAY}T16:30:00+02:00`, to: `${TODAY}T16:35:00+0200` });
    expect(offset.logs).toHaveLength(3);
  });
});

describe("audit entries carry the documented request fields", () => {
  it("user_agent, duration_ms and extra_data, as the reference's example entry has them", async () => {
    const res = await mock.fetch(
      new Request(`${mock.baseUrl}/v1/secrets/integrations/stripe/api-key`, {
        headers: { Authorization: `Bearer ${mock.tokens.reportRunner}`, "User-Agent": "scaivault-python/1.0" },
      }),
    );
    const requestId = res.headers.get("x-request-id") ?? "";
    const [entry] = (await auditor().audit.logs({ request_id: requestId })).logs;
    expect(AuditLogs.shape.logs.element.parse(entry)).toMatchObject({
      id: expect.stringMatching(/^log_/), // the reference's example id is log_abc
      action: "read",
      identity_id: "sa:report-runner",
      secret_path: "integrations/stripe/api-key",
      user_agent: "scaivault-python/1.0",
      success: true,
      duration_ms: expect.any(Number),
      request_id: requestId,
      extra_data: { version: 1 },
    });
    // No User-Agent: null, not a made-up client.
    await client(mock.tokens.admin).secrets.list();
    const [listed] = (await auditor().audit.logs({ action: "list", limit: 1 })).logs;
    expect(listed?.user_agent).toBeNull();
  });

  it("requests that authenticate themselves (a token exchange) are audited with the same fields", async () => {
    const res = await mock.fetch(
      new Request(`${mock.baseUrl}/v1/auth/exchange`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "User-Agent": "scaivault-cli/2.0" },
        body: JSON.stringify({ subject_token: DEMO.subjectTokens.reportRunner, scope: "secrets:read" }),
      }),
    );
    expect(res.status).toBe(200);
    const requestId = res.headers.get("x-request-id") ?? "";
    const [entry] = (await auditor().audit.logs({ request_id: requestId })).logs;
    expect(AuditLogs.shape.logs.element.parse(entry)).toMatchObject({
      action: "auth_exchange",
      identity_id: "sa:report-runner",
      success: true,
      user_agent: "scaivault-cli/2.0",
      duration_ms: expect.any(Number),
      extra_data: {},
    });
  });

  it("a denial keeps what was missing in extra_data (the scope, or the failed condition)", async () => {
    await fail(client(mock.tokens.reportRunner).secrets.write("integrations/x", { data: {} }));
    const [entry] = (await auditor().audit.logs({ action: "write", limit: 1 })).logs;
    expect(entry).toMatchObject({
      outcome: "denied",
      error_code: "insufficient_scope",
      extra_data: { required_scope: "secrets:write" },
    });
  });

  it("seeded history has them too, the same for the same seed", async () => {
    const a = (await auditor().audit.logs({ to: `${TODAY}T15:00:00Z`, limit: 5 })).logs;
    expect(a.every((l) => l.user_agent !== null && l.duration_ms > 0)).toBe(true);
    const other = createMockVault();
    const b = await createClient({
      baseUrl: other.baseUrl,
      token: other.tokens.readOnly,
      fetch: other.fetch,
    }).audit.logs({
      to: `${TODAY}T15:00:00Z`,
      limit: 5,
    });
    expect(b.logs).toEqual(a);
  });
});

describe("GET /v1/audit/identities/{identity_id}", () => {
  it("is one identity's trail (newest first) with a 30-day summary of what it did and touched", async () => {
    const trail = IdentityAuditTrail.parse(await auditor().audit.identityTrail("sa:report-runner", { limit: 5 }));
    expect(trail.identity_id).toBe("sa:report-runner");
    expect(trail.logs).toHaveLength(5);
    expect(trail.logs.every((l) => l.identity_id === "sa:report-runner")).toBe(true);
    expect(trail.has_more).toBe(true);
    expect(trail.summary).toMatchObject({
      window: "30d",
      denied_events: 3,
      by_action: { read: trail.summary.total_events },
      source_ips: ["10.20.0.14"],
      last_seen_at: OUTAGE[2],
    });
    // Only what it read successfully counts as touched: the denied infra path is not among them.
    expect(trail.summary.secret_paths).toEqual(["integrations/salesforce/oauth", "integrations/stripe/api-key"]);
    expect(trail.summary.unique_paths).toBe(2);
    const all = await auditor().audit.identityTrail("sa:report-runner", { limit: 1000 });
    expect(all.logs).toHaveLength(trail.summary.total_events);
  });

  it("takes the list's filters and pages; an unknown identity has an empty trail; needs audit:read", async () => {
    const denied = await auditor().audit.identityTrail("sa:report-runner", { success: false });
    expect(denied.logs.map((l) => l.timestamp)).toEqual([...OUTAGE].reverse());
    const first = await auditor().audit.identityTrail("sa:report-runner", { limit: 2 });
    const next = await auditor().audit.identityTrail("sa:report-runner", { limit: 2, cursor: first.cursor ?? "" });
    expect(next.logs[0]?.id).not.toBe(first.logs[0]?.id);
    const nobody = await auditor().audit.identityTrail("sa:nobody");
    expect(nobody).toMatchObject({ logs: [], has_more: false, summary: { total_events: 0, last_seen_at: null } });
    expect(await fail(client(mock.tokens.reportRunner).audit.identityTrail("sa:report-runner"))).toMatchObject({
      status: 403,
      code: "insufficient_scope",
    });
  });
});
