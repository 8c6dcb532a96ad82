/**
 * The mock vault at scale: a bounded audit log (retention by count, the oldest dropped first)
 * and bulk seeds (many secrets or audit entries in one call, in-process and over /_mock/seed/).
 * Behaviour only: what is kept, in which order, and what a seed writes. Timings belong in
 * `npm run bench`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockVault, type MockVaultHandle, SeedError, type ServedVault } from "../../mock-vault/index.js";
import { createClient } from "../../src/client/index.js";

const clientOf = (mock: MockVaultHandle, token: string = mock.tokens.admin) =>
  createClient({ baseUrl: mock.baseUrl, token, fetch: mock.fetch, maxRetries: 0 });

/** One whoami per call (audited as auth_whoami); its request id. */
async function whoami(mock: MockVaultHandle): Promise<string> {
  const res = await mock.fetch(
    new Request(`${mock.baseUrl}/v1/auth/whoami`, { headers: { Authorization: `Bearer ${mock.tokens.admin}` } }),
  );
  expect(res.status).toBe(200);
  return res.headers.get("x-request-id") as string;
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

const oldestFirst = (mock: MockVaultHandle) => clientOf(mock).audit.logs({ order: "asc", limit: 1000 });

describe("audit log retention", () => {
  it("keeps the newest entries, at most its retention, dropping the oldest first", async () => {
    const mock = createMockVault({ demo: false, auditRetention: 64 });
    const sent: string[] = [];
    for (let i = 0; i < 200; i++) sent.push(await whoami(mock));
    const { logs } = await oldestFirst(mock);
    // Full, it drops a batch of 1/64th (here one entry) to make room: 63 or 64 kept.
    expect(logs.length).toBeGreaterThanOrEqual(63);
    expect(logs.length).toBeLessThanOrEqual(64);
    expect(logs.map((l) => l.request_id)).toEqual(sent.slice(-logs.length));
    expect(mock.state.audit.events.length).toBeLessThanOrEqual(64);
  });

  it("stays within its bound however many requests come, and the newest request is always kept", async () => {
    const mock = createMockVault({ demo: false, auditRetention: 640 });
    let last = "";
    for (let i = 0; i < 2000; i++) {
      last = await whoami(mock);
      expect(mock.state.audit.events.length).toBeLessThanOrEqual(640);
    }
    expect(mock.state.audit.events.length).toBeGreaterThanOrEqual(630);
    expect(mock.state.audit.events.at(-1)?.request_id).toBe(last);
  });

  it("keeps only the newest entries of a larger restored snapshot", async () => {
    const big = createMockVault({ demo: false, auditRetention: 1000 });
    for (let i = 0; i < 300; i++) await whoami(big);
    const small = createMockVault({ demo: false, auditRetention: 100 });
    small.restore(big.snapshot());
    expect(small.state.audit.events.map((e) => e.id)).toEqual(big.state.audit.events.slice(-100).map((e) => e.id));
  });

  it("answers invalid_cursor for a page whose entry was dropped", async () => {
    const mock = createMockVault({ demo: false, auditRetention: 64 });
    for (let i = 0; i < 10; i++) await whoami(mock);
    const first = await clientOf(mock).audit.logs({ order: "asc", limit: 2 });
    expect(first.has_more).toBe(true);
    for (let i = 0; i < 100; i++) await whoami(mock);
    await expect(
      clientOf(mock).audit.logs({ order: "asc", limit: 2, cursor: first.cursor ?? undefined }),
    ).rejects.toMatchObject({ status: 400, code: "invalid_cursor" });
  });

  it("refuses a retention that is not a whole number of entries, at least 1", () => {
    for (const auditRetention of [0, -5, 1.5, Number.NaN])
      expect(() => createMockVault({ auditRetention })).toThrow(RangeError);
  });

  it("is ample by default: a demo vault keeps 100,000 entries", () => {
    expect(createMockVault().state.audit.retention).toBe(100_000);
  });
});

describe("bulk seed of secrets", () => {
  it("writes count secrets under the prefix, spread over folders, listed in order", async () => {
    const mock = createMockVault({ demo: false });
    expect(mock.seedSecrets({ prefix: "load", count: 250, folders: 5 })).toEqual({
      seeded: 250,
      tenant_id: mock.tenantId,
      first: "load/f-0000/s-0000000",
      last: "load/f-0004/s-0000249",
    });
    const client = clientOf(mock);
    const folder = await client.secrets.list({ prefix: "load/f-0002", limit: 100 });
    expect(folder.has_more).toBe(false);
    expect(folder.data.map((s) => s.path)).toEqual(
      Array.from({ length: 50 }, (_, k) => `load/f-0002/s-${String(2 + 5 * k).padStart(7, "0")}`),
    );
    expect(await client.secrets.read("load/f-0002/s-0000007")).toMatchObject({
      version: 1,
      secret_type: "kv",
      data: { value: "seed-0000007" },
    });
    const all = await client.secrets.list({ prefix: "load", limit: 1000 });
    expect(all.data).toHaveLength(250);
  });

  it("adds to an earlier seed with start, takes the value, type and metadata given", async () => {
    const mock = createMockVault({ demo: false });
    mock.seedSecrets({ prefix: "bulk", count: 3 });
    mock.seedSecrets({
      prefix: "bulk",
      count: 2,
      start: 3,
      secret_type: "json",
      data: { host: "db.internal", port: 5432 },
      metadata: { owner: "team:load" },
    });
    const client = clientOf(mock);
    expect((await client.secrets.list({ prefix: "bulk" })).data.map((s) => s.path)).toEqual([
      "bulk/s-0000000",
      "bulk/s-0000001",
      "bulk/s-0000002",
      "bulk/s-0000003",
      "bulk/s-0000004",
    ]);
    expect(await client.secrets.read("bulk/s-0000004")).toMatchObject({
      secret_type: "json",
      data: { host: "db.internal", port: 5432 },
      metadata: { owner: "team:load" },
    });
  });

  it("is deterministic and leaves no audit entry of its own", async () => {
    const [a, b] = [createMockVault(), createMockVault()];
    const audited = a.state.audit.events.length;
    for (const mock of [a, b]) mock.seedSecrets({ prefix: "load", count: 40, folders: 3 });
    expect(a.state.audit.events.length).toBe(audited);
    const listing = (mock: MockVaultHandle) => clientOf(mock).secrets.list({ prefix: "load", limit: 100 });
    expect(await listing(a)).toEqual(await listing(b));
  });

  it("refuses a bad spec with a SeedError naming the field, and seeds nothing", async () => {
    const mock = createMockVault({ demo: false });
    const bad: [unknown, RegExp][] = [
      [{ prefix: "load", count: 0 }, /^count:/],
      [{ prefix: "load", count: 1_000_001 }, /^count:/],
      [{ count: 5 }, /^prefix:/],
      [{ prefix: "Not A Path", count: 5 }, /^prefix: .* does not make valid secret paths/],
      [{ prefix: "load", count: 5, tenant_id: "tnt_nowhere" }, /^tenant_id: no tenant 'tnt_nowhere'/],
      [{ prefix: "load", count: 5, colour: "blue" }, /colour/],
    ];
    for (const [spec, message] of bad) {
      const thrown = thrownBy(() => mock.seedSecrets(spec as never));
      expect(thrown).toBeInstanceOf(SeedError);
      expect((thrown as Error).message).toMatch(message);
    }
    expect((await clientOf(mock).secrets.list()).data).toEqual([]);
  });

  it("stops at a path deleted and still in retention, and says how far it got", async () => {
    const mock = createMockVault({ demo: false });
    mock.seedSecrets({ prefix: "load", count: 3 });
    await clientOf(mock).secrets.delete("load/s-0000001");
    expect(() => mock.seedSecrets({ prefix: "load", count: 3 })).toThrow(
      /^seeded 1 of 3, then load\/s-0000001: .*retention/,
    );
  });
});

describe("bulk seed of audit entries", () => {
  it("spreads count entries over the window, the tenant's identities in turn, every 50th denied", async () => {
    const mock = createMockVault({ demo: false });
    const from = "2026-05-10T00:00:00Z";
    const to = "2026-05-10T01:00:00Z";
    expect(mock.seedAudit({ count: 1000, from, to, path_prefix: "bulk" })).toMatchObject({
      seeded: 1000,
      from: "2026-05-10T00:00:00.000Z",
      to: "2026-05-10T01:00:00.000Z",
      retained: 1000,
    });
    const auditor = clientOf(mock, mock.tokens.readOnly);
    const summary = await auditor.audit.summary({ from, to });
    expect(summary).toMatchObject({ total_events: 1000, denied_events: 20, successful_events: 980 });
    // Evenly spread: 3.6 s apart.
    const oldest = await auditor.audit.logs({ from, to, order: "asc", limit: 3 });
    expect(oldest.logs.map((l) => l.timestamp)).toEqual([
      "2026-05-10T00:00:00.000Z",
      "2026-05-10T00:00:03.600Z",
      "2026-05-10T00:00:07.200Z",
    ]);
    const identities = new Set(mock.state.audit.events.map((e) => e.actor));
    const ownTokens = [...mock.state.tokens.values()].filter((t) => t.tenant_id === mock.tenantId);
    expect(identities).toEqual(new Set(ownTokens.map((t) => t.identity_id)));
    const denied = await auditor.audit.logs({ from, to, success: false, limit: 100 });
    expect(denied.logs).toHaveLength(20);
    for (const entry of denied.logs)
      expect(entry).toMatchObject({ action: "read", error_code: "access_denied", success: false });
    expect(denied.logs.every((l) => l.secret_path?.startsWith("bulk/s-"))).toBe(true);
  });

  it("merges older entries into the log in time order, and the retention still applies", async () => {
    const mock = createMockVault({ auditRetention: 500 });
    const demoNewest = mock.state.audit.events.at(-1)?.timestamp as string;
    mock.seedAudit({ count: 2000, from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z" });
    const events = mock.state.audit.events;
    expect(events.length).toBe(500);
    expect(events.every((e, i) => i === 0 || (events[i - 1]?.timestamp as string) <= e.timestamp)).toBe(true);
    // The demo day is newer than January: it is all still there, the oldest seeded entries went first.
    expect(events.at(-1)?.timestamp).toBe(demoNewest);
    expect(events.filter((e) => e.timestamp < "2026-02-01").length).toBe(500 - 63);
  });

  it("defaults to the count seconds before now", () => {
    const mock = createMockVault({ demo: false });
    expect(mock.seedAudit({ count: 60 })).toMatchObject({
      from: "2026-05-17T14:59:00.000Z",
      to: "2026-05-17T15:00:00.000Z",
    });
  });

  it("refuses a window that ends before it starts", () => {
    const mock = createMockVault({ demo: false });
    expect(() => mock.seedAudit({ count: 5, from: "2026-05-10T00:00:00Z", to: "2026-05-09T00:00:00Z" })).toThrow(
      /^from: must be before to/,
    );
  });
});

describe("bulk seed over HTTP (/_mock/seed/)", () => {
  const mock = createMockVault({ demo: false });
  let served: ServedVault;
  beforeAll(async () => {
    served = await mock.serve({ port: 0 });
  });
  afterAll(async () => served.close());
  const post = (path: string, body: unknown) =>
    fetch(`${served.url}/_mock/seed/${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("seeds secrets and audit entries, answering 201 with what it did", async () => {
    const secrets = await post("secrets", { prefix: "load", count: 120, folders: 2 });
    expect(secrets.status).toBe(201);
    expect(await secrets.json()).toMatchObject({ seeded: 120, first: "load/f-0000/s-0000000" });
    const audit = await post("audit", { count: 10 });
    expect(audit.status).toBe(201);
    expect(await audit.json()).toMatchObject({ seeded: 10, retained: 10, retention: 100_000 });
    const overHttp = createClient({ baseUrl: served.url, token: mock.tokens.admin, maxRetries: 0 });
    const page = await overHttp.secrets.list({ prefix: "load/f-0001", limit: 100 });
    expect(page.data).toHaveLength(60);
  });

  it("answers 400 invalid_request for a bad spec or a body that is not JSON", async () => {
    for (const [path, body, message] of [
      ["secrets", { prefix: "load", count: -1 }, /^cannot seed: count:/],
      ["audit", { count: 5, tenant_id: "tnt_nowhere" }, /^cannot seed: tenant_id:/],
      ["secrets", "{not json", /the body is not JSON/],
    ] as const) {
      const res = await post(path, body);
      expect(res.status).toBe(400);
      const answer = (await res.json()) as { error: { code: string; message: string } };
      expect(answer.error.code).toBe("invalid_request");
      expect(answer.error.message).toMatch(message);
    }
  });

  it("is not reachable in-process", async () => {
    const res = await mock.fetch(new Request(`${mock.baseUrl}/_mock/seed/secrets`, { method: "POST", body: "{}" }));
    expect(res.status).toBe(404);
  });
});
