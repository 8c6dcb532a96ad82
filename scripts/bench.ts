/**
 * npm run bench: measures and prints the performance figures of the README (not part of the test
 * suite: timings never gate CI). Run on an idle machine; every figure is a median over repeats.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { createMockVault } from "../mock-vault/index.js";
import { createClient } from "../src/client/index.js";
import { MOCK_ADMIN_TOKEN } from "../src/config.js";
import { Redactor } from "../src/redact.js";
import { buildServer, credentialsOf } from "../src/server.js";
import { catalog } from "../src/tools/index.js";

const CLI = fileURLToPath(new URL("../dist/bin/cli.js", import.meta.url));
const INIT = `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "1" } } })}\n`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] as number;
const ms = (n: number) => `${n.toFixed(n < 1 ? 3 : 1)} ms`;

/** Spawn `node <args>` -> initialize response on stdout, in ms. */
function coldStart(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "ignore"] });
    child.stdout.once("data", () => {
      resolve(performance.now() - t0);
      child.kill();
    });
    child.once("error", reject);
    child.stdin.write(INIT);
  });
}

async function inProcess(profile: Record<string, unknown> = {}) {
  const mock = createMockVault();
  const parts = buildServer({ config: { mock: true, ...profile }, fetch: mock.fetch });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await parts.server.connect(b);
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(a);
  return { mock, client, parts };
}

async function time(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(50, n); i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

const rows: [string, string][] = [];
const report = (name: string, value: string) => {
  rows.push([name, value]);
  console.log(`${name.padEnd(58)} ${value}`);
};

// 1. Cold start, and the reference servers' on the same machine when they are installed:
//    npm install --prefix /tmp/ref @modelcontextprotocol/server-{filesystem,memory,everything}
//    BENCH_REFERENCE=/tmp/ref npm run bench
const starts: number[] = [];
for (let i = 0; i < 7; i++) starts.push(await coldStart([CLI, "--mock"]));
report("cold start --mock to initialize (median of 7)", ms(median(starts)));
const REFERENCE: Record<string, string[]> = {
  "server-filesystem": ["server-filesystem/dist/index.js", tmpdir()],
  "server-memory": ["server-memory/dist/index.js"],
  "server-everything": ["server-everything/dist/index.js", "stdio"],
};
if (process.env.BENCH_REFERENCE)
  for (const [name, [entry, ...args]] of Object.entries(REFERENCE)) {
    const script = join(process.env.BENCH_REFERENCE, "node_modules/@modelcontextprotocol", entry as string);
    if (!existsSync(script)) {
      report(`reference ${name}`, "not installed");
      continue;
    }
    const times: number[] = [];
    for (let i = 0; i < 7; i++) times.push(await coldStart([script, ...args]));
    report(`reference ${name} cold start (median of 7)`, ms(median(times)));
  }

// 2. tools/list size, and what it is made of
const bytes = (value: unknown) => JSON.stringify(value).length;
const sized = (n: number) => `${n} bytes, ~${Math.round(n / 4)} tokens`;
const { client, mock } = await inProcess();
const tools = (await client.listTools()).tools;
report(`tools/list size (${catalog.length} tools)`, sized(bytes(tools)));
const part = (key: keyof (typeof tools)[number]) => tools.reduce((sum, t) => sum + bytes(t[key] ?? ""), 0);
report("  of it: names / titles / descriptions", `${part("name")} / ${part("title")} / ${part("description")} bytes`);
report("  of it: input schemas / annotations", `${part("inputSchema")} / ${part("annotations")} bytes`);
// What most hosts put in the model's prompt: name, description and input schema.
report(
  "  name + description + input schema (the model's share)",
  sized(bytes(tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })))),
);
const withOutput = await inProcess({ outputSchemas: true });
report("tools/list with SCAIVAULT_OUTPUT_SCHEMAS=true", sized(bytes((await withOutput.client.listTools()).tools)));
await withOutput.client.close();

for (const toolsets of [["secrets"], ["secrets", "audit"], ["secrets", "dynamic", "audit"]]) {
  const narrow = await inProcess({ toolsets });
  report(
    `tools/list with SCAIVAULT_TOOLSETS=${toolsets.join(",")}`,
    sized(bytes((await narrow.client.listTools()).tools)),
  );
  await narrow.client.close();
}

// 3. Round trip of a cheap call, in-process and over stdio
const cheap = { name: "scaivault_read_secret", arguments: { path: "integrations/stripe/api-key" } };
const inproc = await time(2000, () => client.callTool(cheap));
report("read_secret round trip in-process (median / p95)", `${ms(median(inproc))} / ${ms(p95(inproc))}`);
// The outbound filter's share of it: the redactor over a whole answer, as the guarded transport runs it.
const listing = await client.callTool({ name: "scaivault_list_secrets", arguments: { limit: 100 } });
const answer = { jsonrpc: "2.0", id: 1, result: listing };
const redactor = new Redactor(
  credentialsOf({
    token: MOCK_ADMIN_TOKEN,
    httpToken: "bench-http-token-0123456789",
    mock: true,
    cursorKey: undefined,
  }),
);
const filtered = await time(2000, async () => redactor.value(answer));
report(`outbound filter on a ${bytes(answer)}-byte answer (median)`, ms(median(filtered)));
const stdio = new Client({ name: "bench", version: "1" });
await stdio.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, "--mock"], stderr: "ignore" }));
// --mock loads the mock vault (MSW, faker, demo data) on the first call, as a real vault is first reached then.
const firstCall = performance.now();
await stdio.callTool(cheap);
report("first tool call after start over stdio (loads the mock vault)", ms(performance.now() - firstCall));
const overStdio = await time(1000, () => stdio.callTool(cheap));
report("read_secret round trip over stdio (median / p95)", `${ms(median(overStdio))} / ${ms(p95(overStdio))}`);
await stdio.close();

// 4. Server overhead over a bare client call, and the guardrail + masking share of it. The bare
//    client, the default server and one with output schemas (the SDK then checks every result)
//    are timed in alternating blocks, so JIT warm-up and machine noise fall on all three alike.
const bare = createClient({ baseUrl: mock.baseUrl, token: mock.tokens.admin, fetch: mock.fetch });
const checked = await inProcess({ outputSchemas: true });
await checked.client.listTools();
const bareTimes: number[] = [];
const plainTimes: number[] = [];
const checkedTimes: number[] = [];
for (let round = 0; round < 4; round++) {
  bareTimes.push(...(await time(500, () => bare.secrets.read("integrations/stripe/api-key"))));
  plainTimes.push(...(await time(500, () => client.callTool(cheap))));
  checkedTimes.push(...(await time(500, () => checked.client.callTool(cheap))));
}
await checked.client.close();
report("bare client read (median)", ms(median(bareTimes)));
report("server overhead per call (in-process MCP - bare client)", ms(median(plainTimes) - median(bareTimes)));
report("  the same with SCAIVAULT_OUTPUT_SCHEMAS=true", ms(median(checkedTimes) - median(bareTimes)));
const guarded = await inProcess({
  maskValues: true,
  allowedPaths: ["integrations", "apps"],
  deniedPaths: ["integrations/legacy"],
});
const guardedTimes = await time(2000, () => guarded.client.callTool(cheap));
report("guardrails + masking on (median round trip)", ms(median(guardedTimes)));
const def = catalog.find((t) => t.name === "scaivault_read_secret")!;
const sample = await bare.secrets.read("integrations/stripe/api-key");
const g = guarded.parts.guard;
const N = 20000;
const t = performance.now();
for (let i = 0; i < N; i++)
  g.after(def, g.before(def, { path: "integrations/stripe/api-key" }).allowed ? sample : sample);
report("guard.before + guard.after (masking) per call", ms((performance.now() - t) / N));

// 5. Mock vault at scale
const big = createMockVault({ demo: false });
const store = big.state.tenant(big.tenantId).secrets;
const bigClient = createClient({ baseUrl: big.baseUrl, token: big.tokens.admin, fetch: big.fetch });
const listTimes: Record<number, number> = {};
let count = 0;
for (const target of [10_000, 100_000]) {
  for (; count < target; count++)
    store.write(`team-${count % 100}/svc-${Math.floor(count / 100)}/key`, { data: { v: String(count) } });
  // The same answer at both sizes (prefixes match whole segments), so only the store's size differs.
  const listed = (await bigClient.secrets.list({ prefix: "team-42/svc-7" })).data.length;
  listTimes[target] = median(await time(500, () => bigClient.secrets.list({ prefix: "team-42/svc-7" })));
  report(
    `list by prefix with ${target.toLocaleString("en")} secrets, ${listed} listed (median)`,
    ms(listTimes[target] as number),
  );
}
report(
  "read with 100,000 secrets (median)",
  ms(median(await time(500, () => bigClient.secrets.read("team-42/svc-999/key")))),
);
report("list cost ratio 100k / 10k (1.0 = independent of size)", (listTimes[100_000]! / listTimes[10_000]!).toFixed(2));

const audit = big.state.audit;
const start = Date.parse("2026-01-01T00:00:00Z");
audit.events = [];
for (let i = 0; i < 1_000_000; i++) {
  audit.events.push({
    id: `aud_${i}`,
    timestamp: new Date(start + i * 10_000).toISOString(),
    tenant_id: big.tenantId,
    actor: `sa:svc-${i % 50}`,
    actor_type: "service_account",
    action: "read",
    method: "GET",
    resource_type: "secret",
    path: `team-${i % 100}/svc/key`,
    outcome: i % 97 === 0 ? "denied" : "success",
    status: i % 97 === 0 ? 403 : 200,
    error_code: i % 97 === 0 ? "access_denied" : null,
    request_id: `req_${i}`,
    source_ip: "10.0.0.1",
  });
}
const windowQuery = () => audit.window(big.tenantId, "2026-02-10T14:30:00.000Z", "2026-02-10T15:30:00.000Z");
report(
  "audit window query (1 hour) over 1,000,000 events (median)",
  ms(median(await time(200, async () => windowQuery()))),
);
const FROM = "2026-02-10T14:30:00Z";
const TO = "2026-02-10T15:30:00Z";
const logsPage = () =>
  big
    .fetch(
      new Request(`${big.baseUrl}/v1/audit/logs?from=${FROM}&to=${TO}&limit=100`, {
        headers: { Authorization: `Bearer ${big.tokens.admin}` },
      }),
    )
    .then((r) => r.json() as Promise<{ logs: { timestamp: string }[]; has_more: boolean }>);
// A figure for a query that ignored its window would be worthless: check the answer first.
const page = await logsPage();
if (
  page.logs.length !== 100 ||
  !page.has_more ||
  page.logs.some((l) => l.timestamp < FROM.replace("Z", ".000Z") || l.timestamp >= TO.replace("Z", ".000Z"))
)
  throw new Error("GET /v1/audit/logs did not answer the 1-hour window");
const viaApi = await time(20, logsPage);
report("GET /v1/audit/logs 1-hour window over 1,000,000 events (median)", ms(median(viaApi)));

console.log(`\nnode ${process.version}, ${process.platform}/${process.arch}`);
process.exit(0);
