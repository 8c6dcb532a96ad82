/**
 * The mock vault at scale: a bounded audit log (retention by count, the oldest dropped first)
 * and bulk seeds (many secrets or audit entries in one call, in-process and over /_mock/seed/).
 * Behaviour only: what is kept, in which order, and what a seed writes. Timings belong in
 * `npm run bench`.
 */
import { describe, expect, it } from "vitest";
import { createMockVault, type MockVaultHandle } from "../../mock-vault/index.js";
import { createClient } from "../../src/client/index.js";

const clientOf = (mock: MockVaultHandle, token = mock.tokens.admin) =>
  createClient({ baseUrl: mock.baseUrl, token, fetch: mock.fetch, maxRetries: 0 });

/** One whoami per call (audited as auth_whoami); its request id. */
async function whoami(mock: MockVaultHandle): Promise<string> {
  const res = await mock.fetch(
    new Request(`${mock.baseUrl}/v1/auth/whoami`, { headers: { Authorization: `Bearer ${mock.tokens.admin}` } }),
  );
  expect(res.status).toBe(200);
  return res.headers.get("x-request-id") as string;
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
