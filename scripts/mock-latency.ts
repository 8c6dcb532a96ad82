/**
 * In-process latency of the mock vault, the part of an in-process tool call the mock costs:
 * `node --import tsx scripts/mock-latency.ts`. Times a secret read and a secret write through
 * `mock.fetch` (the caller's Request and JSON parse included), and a read through the typed client;
 * medians of 5 alternating blocks of 1,000, wall time and CPU time (process.cpuUsage) per request.
 * Uses only the public API, so the same file runs against an older checkout for a before/after.
 */
import { createMockVault } from "../mock-vault/index.js";
import { createClient } from "../src/client/index.js";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const mock = createMockVault();
const auth = { Authorization: `Bearer ${mock.tokens.admin}` };
const client = createClient({ baseUrl: mock.baseUrl, token: mock.tokens.admin, fetch: mock.fetch });
const body = JSON.stringify({ data: { value: "x" } });
let n = 0;

const calls = {
  "mock.fetch read": () =>
    mock
      .fetch(new Request(`${mock.baseUrl}/v1/secrets/integrations/stripe/api-key`, { headers: auth }))
      .then((r) => r.json()),
  "mock.fetch write": () =>
    mock
      .fetch(
        new Request(`${mock.baseUrl}/v1/secrets/bench/key-${n++ % 500}`, {
          method: "PUT",
          headers: { ...auth, "Content-Type": "application/json" },
          body,
        }),
      )
      .then((r) => r.json()),
  "client read": () => client.secrets.read("integrations/stripe/api-key"),
};

async function block(count: number, call: () => Promise<unknown>) {
  const wall: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await call();
    wall.push(performance.now() - t);
  }
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 / count };
}

// A figure for calls that failed would be worthless: check the answers first.
const [read, written] = (await Promise.all([calls["mock.fetch read"](), calls["mock.fetch write"]()])) as {
  data?: unknown;
  path?: unknown;
}[];
if (!read?.data || !written?.path) throw new Error("the mock did not answer the read and the write");
for (const call of Object.values(calls)) await block(1000, call);

const figures = Object.fromEntries(
  Object.keys(calls).map((name) => [name, { wall: [] as number[], cpu: [] as number[] }]),
);
for (let round = 0; round < 5; round++)
  for (const [name, call] of Object.entries(calls)) {
    const t = await block(1000, call);
    figures[name]!.wall.push(...t.wall);
    figures[name]!.cpu.push(t.cpu);
  }
for (const [name, f] of Object.entries(figures))
  process.stdout.write(
    `${name.padEnd(18)} ${median(f.wall).toFixed(3)} ms wall, ${median(f.cpu).toFixed(3)} ms CPU per request (median)\n`,
  );
process.stdout.write(`node ${process.version}, ${process.platform}/${process.arch}\n`);
process.exit(0);
