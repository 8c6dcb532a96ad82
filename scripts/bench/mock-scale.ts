/**
 * The mock vault at scale, through its HTTP API in-process (mock.fetch: routing, auth, audit and
 * the store, as any client pays them). Growing a vault to a million secrets or audit entries
 * through single writes would take minutes, so the sizes past the timed writes come from the
 * bulk seeds (mock.seedSecrets / seedAudit, the same store writes without the HTTP round trip);
 * every timed figure is an API request.
 */
import { createMockVault, type MockVaultHandle } from "../../mock-vault/index.js";
import { median, shuffled, time } from "./measure.js";

type Mock = MockVaultHandle;

/** A request as a client of the mock sends it: fetch(url, init), the way the MCP server's client calls it. */
const api = (mock: Mock, method: string, path: string, body?: unknown) =>
  mock.fetch(`${mock.baseUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${mock.tokens.admin}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function ok<T>(response: Promise<Response>): Promise<T> {
  const r = await response;
  if (!r.ok) throw new Error(`${r.url}: HTTP ${r.status} ${(await r.text()).slice(0, 200)}`);
  return (await r.json()) as T;
}

/**
 * Median ms of one read and one write (a new version of the same secret) on the demo vault, timed
 * in alternating blocks as the compared servers are: the process's warm-up (the JIT, the mock's
 * first requests) falls on both, not on whichever is timed first.
 */
export async function readWrite(repeats: number, blocks = 5): Promise<{ read: number; write: number }> {
  const mock = createMockVault();
  const path = "/v1/secrets/integrations/stripe/api-key";
  let n = 0;
  const read = () => ok(api(mock, "GET", path));
  const write = () => ok(api(mock, "PUT", "/v1/secrets/bench/w", { data: { v: String(n++) } }));
  const perBlock = Math.ceil(repeats / blocks);
  const reads: number[] = [];
  const writes: number[] = [];
  for (let block = 0; block < blocks; block++) {
    reads.push(...(await time(perBlock, read)));
    writes.push(...(await time(perBlock, write)));
  }
  return { read: median(reads), write: median(writes) };
}

/**
 * Seconds to write `count` new secrets in random path order, one PUT each: wall time, and this
 * process's CPU time (on a shared machine the wall time also counts the other jobs' turns).
 */
export async function randomWrites(count: number): Promise<{ seconds: number; cpuSeconds: number }> {
  const mock = createMockVault({ demo: false });
  const order = shuffled(Array.from({ length: count }, (_, i) => i));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const i of order) {
    const r = await api(mock, "PUT", `/v1/secrets/rand/k-${String(i).padStart(7, "0")}`, { data: { v: "x" } });
    if (r.status !== 201) throw new Error(`write ${i}: HTTP ${r.status}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const listed = await ok<{ total?: number; data: unknown[] }>(api(mock, "GET", "/v1/secrets?prefix=rand&limit=1"));
  if (listed.data.length !== 1) throw new Error("the written secrets are not listed");
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/**
 * The first page (100) of a prefix listing as the vault grows: the listed folder always holds
 * more than a page, so every answer is a full page with a cursor.
 */
export async function listingBySize(sizes: readonly number[], repeats: number): Promise<Map<number, number>> {
  const mock = createMockVault({ demo: false });
  const out = new Map<number, number>();
  let seeded = 0;
  for (const size of sizes) {
    mock.seedSecrets({ prefix: "bulk", count: size - seeded, start: seeded, folders: 10 });
    seeded = size;
    const page = () =>
      ok<{ data: unknown[]; has_more?: boolean }>(api(mock, "GET", "/v1/secrets?prefix=bulk/f-0003&limit=100"));
    const first = await page();
    if (first.data.length !== 100)
      throw new Error(`the listing at ${size} secrets is not a full page (${first.data.length})`);
    out.set(size, median(await time(repeats, page)));
  }
  return out;
}

/** A one-hour window of GET /v1/audit/logs (limit 100) as the log grows. */
export async function auditBySize(sizes: readonly number[], repeats: number): Promise<Map<number, number>> {
  const max = Math.max(...sizes);
  const mock = createMockVault({ demo: false, auditRetention: max + 10_000 });
  const out = new Map<number, number>();
  const end = Date.parse("2026-05-01T00:00:00Z");
  let seeded = 0;
  for (const size of sizes) {
    // Ten seconds apart, newest at the end: the older part of the log grows, the window stays.
    const count = size - seeded;
    mock.seedAudit({
      count,
      from: new Date(end - size * 10_000).toISOString(),
      to: new Date(end - seeded * 10_000).toISOString(),
    });
    seeded = size;
    const from = new Date(end - 2 * 3600_000).toISOString();
    const to = new Date(end - 3600_000).toISOString();
    const page = () =>
      ok<{ logs: { timestamp: string }[] }>(api(mock, "GET", `/v1/audit/logs?from=${from}&to=${to}&limit=100`));
    const first = await page();
    if (first.logs.length !== 100 || first.logs.some((l) => l.timestamp < from || l.timestamp >= to))
      throw new Error(`GET /v1/audit/logs at ${size} entries did not answer the one-hour window`);
    out.set(size, median(await time(repeats, page)));
  }
  return out;
}
