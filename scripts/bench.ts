/**
 * npm run bench: the performance figures of the README, and the goals' ratios, in one run (not
 * part of the test suite: timings never gate CI). Every figure goes through an API: MCP over
 * stdio or HTTP against the built CLI, or the mock vault's HTTP API in-process. Compared servers
 * are timed in alternating blocks, so JIT warm-up and the machine's noise fall on all of them.
 *
 *   BENCH_REFERENCE=/tmp/ref   where the reference MCP servers are installed (see bench/servers.ts)
 *   BENCH_ONLY=start,stdio     run only these sections: start, stdio, inproc, http, scale
 *   BENCH_TINY=1               a few repeats and small sizes: checks the bench runs, measures nothing
 */
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { createMockVault } from "../mock-vault/index.js";
import { createClient } from "../src/client/index.js";
import { buildServer } from "../src/server.js";
import { catalog } from "../src/tools/index.js";
import { coldStart } from "./bench/cold-start.js";
import { load, serveHttp } from "./bench/http-load.js";
import { freePort, median, ms, quantile, ratio, rssMb, time } from "./bench/measure.js";
import { auditBySize, listingBySize, randomWrites, readWrite } from "./bench/mock-scale.js";
import { CLI, type Compared, references, scaivault } from "./bench/servers.js";

const TINY = process.env.BENCH_TINY === "1";
const ONLY = new Set((process.env.BENCH_ONLY ?? "start,stdio,inproc,http,scale").split(",").map((s) => s.trim()));
const n = (full: number, tiny: number) => (TINY ? tiny : full);

const say = (text: string) => process.stdout.write(`${text}\n`);
const report = (name: string, value: string) => say(`${name.padEnd(66)} ${value}`);
const heading = (text: string) => say(`\n## ${text}`);
/** The goals' ratios, printed together at the end. */
const goals: [string, string, string][] = [];
const goal = (name: string, value: string, target: string) => goals.push([name, value, target]);

if (!existsSync(CLI)) {
  process.stderr.write("dist/ is missing: npm run bench builds first; or run `npm run build`.\n");
  process.exit(2);
}
const { found: refs, missing } = references(process.env.BENCH_REFERENCE);
for (const sentence of missing) say(`skipped: ${sentence}`);
const everything = refs.find((r) => r.name === "server-everything");
const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
say(`load average at start: ${loadAverage()}`);

// 1. Cold start: spawn to the initialize answer and to the first tools/list answer, each server
//    once per round in turn.
if (ONLY.has("start")) {
  heading("cold start over stdio (median, servers in turn each round)");
  const servers = [scaivault, ...refs];
  const runs = new Map(servers.map((s) => [s.name, { initialize: [] as number[], toolsList: [] as number[] }]));
  for (let round = 0; round < n(9, 1); round++)
    for (const server of servers) {
      const { initialize, toolsList } = await coldStart(server.stdio);
      runs.get(server.name)!.initialize.push(initialize);
      runs.get(server.name)!.toolsList.push(toolsList);
    }
  for (const [name, r] of runs)
    report(`${name}: to initialize / to first tools/list`, `${ms(median(r.initialize))} / ${ms(median(r.toolsList))}`);
  const ours = median(runs.get(scaivault.name)!.toolsList);
  for (const ref of refs)
    goal(`cold start to tools/list vs ${ref.name}`, ratio(ours / median(runs.get(ref.name)!.toolsList)), "<= 0.8x");
}

// 2. stdio: the cheap call's round trip, and RSS after the same calls.
async function stdioClient(server: Compared) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: server.stdio,
    stderr: "ignore",
    env: { PATH: process.env.PATH ?? "" },
  });
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(transport);
  return { server, client, pid: transport.pid as number, times: [] as number[] };
}
if (ONLY.has("stdio")) {
  heading("stdio round trip of a cheap call, and RSS after the same calls");
  const servers = [scaivault, ...(everything ? [everything] : [])];
  const sessions = await Promise.all(servers.map(stdioClient));
  const blocks = n(4, 1);
  const perBlock = n(500, 20);
  const warm = n(100, 5);
  for (const s of sessions) {
    await s.client.listTools();
    // The first call loads the mock vault (MSW, faker, demo data) in scaivault-mcp, as a real
    // vault is first reached then.
    const t = performance.now();
    await s.client.callTool(s.server.call!);
    report(`${s.server.name}: first ${s.server.call!.name} after start`, ms(performance.now() - t));
  }
  for (let block = 0; block < blocks; block++)
    for (const s of sessions) s.times.push(...(await time(perBlock, () => s.client.callTool(s.server.call!), warm)));
  const calls = 1 + blocks * (perBlock + warm);
  for (const s of sessions) {
    report(
      `${s.server.name}: ${s.server.call!.name} (median / p99)`,
      `${ms(median(s.times))} / ${ms(quantile(s.times, 0.99))}`,
    );
    report(
      `${s.server.name}: RSS after tools/list + ${calls.toLocaleString("en")} calls`,
      `${rssMb(s.pid).toFixed(0)} MB`,
    );
  }
  if (everything) {
    const [ours, theirs] = sessions;
    goal(
      "stdio read_secret vs server-everything echo (median)",
      ratio(median(ours!.times) / median(theirs!.times)),
      "<= 2x",
    );
    goal(
      "stdio RSS after the same calls vs server-everything",
      ratio(rssMb(ours!.pid) / rssMb(theirs!.pid)),
      "<= 1.3x",
    );
  }
  await Promise.all(sessions.map((s) => s.client.close()));
}

// 3. In-process: the mock's request path, the server over it, and tools/list's size.
async function inProcess(profile: Record<string, unknown> = {}) {
  const mock = createMockVault();
  const parts = buildServer({ config: { mock: true, ...profile }, fetch: mock.fetch });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await parts.server.connect(b);
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(a);
  return { mock, client };
}
if (ONLY.has("inproc")) {
  heading("in-process");
  const { read, write } = await readWrite(n(5000, 20));
  report("mock vault: GET /v1/secrets/{path} (median)", ms(read));
  report("mock vault: PUT /v1/secrets/{path}, a new version (median)", ms(write));
  goal("mock vault in-process read (median)", ms(read), "<= 0.1 ms");
  goal("mock vault in-process write (median)", ms(write), "<= 0.15 ms");

  const { client, mock } = await inProcess();
  const bare = createClient({ baseUrl: mock.baseUrl, token: mock.tokens.admin, fetch: mock.fetch });
  const cheap = scaivault.call!;
  const bareTimes: number[] = [];
  const mcpTimes: number[] = [];
  for (let block = 0; block < n(4, 1); block++) {
    bareTimes.push(...(await time(n(500, 20), () => bare.secrets.read("integrations/stripe/api-key"))));
    mcpTimes.push(...(await time(n(500, 20), () => client.callTool(cheap))));
  }
  report("read_secret over in-process MCP (median / p99)", `${ms(median(mcpTimes))} / ${ms(quantile(mcpTimes, 0.99))}`);
  report("server overhead per call (in-process MCP - bare client read)", ms(median(mcpTimes) - median(bareTimes)));

  const bytes = (value: unknown) => JSON.stringify(value).length;
  const sized = (size: number) => `${size} bytes, ~${Math.round(size / 4)} tokens`;
  const tools = (await client.listTools()).tools;
  report(`tools/list (${catalog.length} tools)`, sized(bytes(tools)));
  report(
    "  name + description + input schema (the model's share)",
    sized(bytes(tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })))),
  );
  for (const profile of [{ outputSchemas: true }, { toolsets: ["secrets"] }, { toolsets: ["secrets", "audit"] }]) {
    const other = await inProcess(profile);
    report(`tools/list with ${JSON.stringify(profile)}`, sized(bytes((await other.client.listTools()).tools)));
    await other.client.close();
  }
  await client.close();
}

// 4. Streamable HTTP: throughput and p99 at 10/50/200 clients, servers in turn at each level;
//    RSS after the same calls.
if (ONLY.has("http")) {
  heading("Streamable HTTP, concurrent sessions (servers in turn at each level, two rounds)");
  const servers = [scaivault, ...(everything ? [everything] : [])];
  const served = await Promise.all(
    servers.map(async (s) => ({ server: s, http: await serveHttp(s, await freePort()) })),
  );
  try {
    const total = n(2000, 40);
    for (const clients of TINY ? [2] : [10, 50, 200]) {
      const results = new Map(servers.map((s) => [s.name, [] as Awaited<ReturnType<typeof load>>[]]));
      for (let round = 0; round < n(2, 1); round++)
        for (const { server, http } of served)
          results.get(server.name)!.push(await load(http, server.call, clients, Math.ceil(total / clients)));
      const summary = new Map<string, { throughput: number; p99: number }>();
      for (const [name, rs] of results) {
        const throughput = median(rs.map((r) => r.throughput));
        const p99 = median(rs.map((r) => r.p99));
        const errors = rs.reduce((sum, r) => sum + r.errors, 0);
        summary.set(name, { throughput, p99 });
        report(
          `${name}: ${clients} clients, calls/s / p50 / p99 / errors`,
          `${throughput.toFixed(0)} / ${ms(median(rs.map((r) => r.p50)))} / ${ms(p99)} / ${errors}`,
        );
      }
      if (everything) {
        const ours = summary.get(scaivault.name)!;
        const theirs = summary.get(everything.name)!;
        goal(
          `HTTP throughput at ${clients} clients vs server-everything`,
          ratio(ours.throughput / theirs.throughput),
          "(higher is better)",
        );
        goal(`HTTP p99 at ${clients} clients vs server-everything`, ratio(ours.p99 / theirs.p99), "(lower is better)");
      }
    }
    for (const { server, http } of served)
      report(`${server.name}: RSS after the HTTP calls`, `${rssMb(http.child.pid!).toFixed(0)} MB`);
    if (everything)
      goal(
        "HTTP RSS after the same calls vs server-everything",
        ratio(rssMb(served[0]!.http.child.pid!) / rssMb(served[1]!.http.child.pid!)),
        "<= 1.3x",
      );
  } finally {
    for (const { http } of served) http.stop();
  }
}

// 5. The mock vault at scale, through its API.
if (ONLY.has("scale")) {
  heading("mock vault at scale (its HTTP API, in-process)");
  const writes = n(100_000, 500);
  const { seconds, cpuSeconds } = await randomWrites(writes);
  const took = `${seconds.toFixed(1)} s (CPU ${cpuSeconds.toFixed(1)} s)`;
  report(`${writes.toLocaleString("en")} writes of new secrets in random path order`, took);
  goal(`${writes.toLocaleString("en")} random-order writes through the API`, took, "<= 15 s");

  const sizes = TINY ? [1000, 2000] : [1000, 10_000, 100_000, 1_000_000];
  const listing = await listingBySize(sizes, n(200, 10));
  for (const [size, t] of listing)
    report(`first page of 100 of a prefix listing, ${size.toLocaleString("en")} secrets (median)`, ms(t));
  const [small, large] = [sizes[0]!, sizes[sizes.length - 1]!];
  goal(
    `prefix listing, first page: ${large.toLocaleString("en")} vs ${small.toLocaleString("en")} secrets`,
    ratio(listing.get(large)! / listing.get(small)!),
    "flat (~1x)",
  );
  const audit = await auditBySize(sizes, n(200, 10));
  for (const [size, t] of audit)
    report(`GET /v1/audit/logs, 1-hour window, 100 entries, ${size.toLocaleString("en")} in the log (median)`, ms(t));
  goal(
    `audit window query: ${large.toLocaleString("en")} vs ${small.toLocaleString("en")} entries`,
    ratio(audit.get(large)! / audit.get(small)!),
    "flat (~1x)",
  );
}

heading("goals");
for (const [name, value, target] of goals) say(`${name.padEnd(66)} ${value.padStart(9)}   goal ${target}`);
say(`\nnode ${process.version}, ${process.platform}/${process.arch}; load average at end ${loadAverage()}`);
process.exit(0);
