/**
 * npm run loadtest: stateless replicas behind a real load balancer. One `scaivault-mock` over
 * HTTP, scaivault-mcp replicas in stateless Streamable HTTP mode sharing SCAIVAULT_CURSOR_KEY
 * under a path window (so every page cursor is sealed), nginx round-robin in front, and
 * LOADTEST_CLIENTS concurrent MCP clients (default 200) making LOADTEST_CALLS calls each (default
 * 40): listings paged with the cursors they got back (each page may land on another replica),
 * and reads. Runs the same load against one replica and then three, and prints throughput,
 * p50/p99 latency, errors, each replica's RSS and the CPU each part used.
 * Not part of the test suite: figures depend on the machine; the logic is tested in
 * test/e2e/http-stateless.test.ts without nginx.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { freePort, quantile, rssMb } from "./bench/measure.js";
import { LoadClient } from "./loadtest-client.js";
import { findOrInstallNginx, type RunningNginx, startNginx } from "./nginx.js";

const CLI = fileURLToPath(new URL("../dist/bin/cli.js", import.meta.url));
const MOCK_CLI = fileURLToPath(new URL("../dist/bin/mock-vault/cli.js", import.meta.url));
const CLIENTS = Number(process.env.LOADTEST_CLIENTS ?? 200);
const CALLS = Number(process.env.LOADTEST_CALLS ?? 40);
const WARM_UP_CALLS = 5;
/** The replica counts measured, in order (LOADTEST_PHASES, default "1,3"). */
const PHASES = (process.env.LOADTEST_PHASES ?? "1,3").split(",").map(Number);
/** Extra node flags for the replicas (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof), after the defaults. */
const EXTRA_REPLICA_FLAGS = (process.env.LOADTEST_REPLICA_FLAGS ?? "").split(/\s+/).filter(Boolean);
/** How long RSS is watched after the run for the memory V8 and malloc hand back (LOADTEST_SETTLE_S). */
const SETTLE_S = Number(process.env.LOADTEST_SETTLE_S ?? 30);
const CORES = availableParallelism();
const HTTP_TOKEN = randomBytes(24).toString("hex");
const CURSOR_KEY = randomBytes(32).toString("hex");
/**
 * The replicas' heap settings, as the image sets them (docs/deploy/Dockerfile; a test holds the
 * two equal): without a cap V8 keeps about four times the live heap committed after a burst.
 */
const REPLICA_NODE_OPTIONS = "--max-old-space-size=192";
/** A path window: listings are filtered and their cursors sealed, as a deployment that needs the key has. */
const WINDOW = { SCAIVAULT_DENIED_PATHS: "infra/db" };

const say = (line: string) => process.stderr.write(`${line}\n`);
const children: ChildProcess[] = [];
let nginx: RunningNginx | undefined;

async function cleanup(): Promise<void> {
  await nginx?.stop();
  nginx = undefined;
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGTERM");
}
process.once("SIGINT", () => void cleanup().finally(() => process.exit(130)));

/** Spawns a node CLI and resolves with the first stderr text matching `ready`. */
function start(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.resume();
  children.push(child);
  return new Promise((resolve, reject) => {
    let text = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const match = ready.exec(text);
      if (match) {
        child.stderr!.removeAllListeners("data");
        child.stderr!.resume();
        resolve({ child, match });
      }
    });
    child.once("exit", (code) => reject(new Error(`${args[0]} exited with ${code}: ${text.slice(-500)}`)));
  });
}

/** CPU seconds (user + system) of a process and its descendants so far. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    const own = (Number(fields[11]) + Number(fields[12])) / 100;
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    return own + kids.reduce((sum, kid) => sum + cpuSeconds(Number(kid)), 0);
  } catch {
    return 0;
  }
}

/** A full GC a replica reported (--trace-gc): when, and the heap left live after it. */
interface FullGc {
  at: number;
  liveMb: number;
  /** The heap V8 kept committed after it (live objects and the space around them). */
  committedMb: number;
}

/**
 * RSS alone cannot tell retained memory from heap V8 keeps committed after a burst: replicas
 * run with --trace-gc (to stdout, which nothing else uses in HTTP mode), and what each full GC
 * left live is recorded.
 */
function watchFullGcs(child: ChildProcess): FullGc[] {
  const gcs: FullGc[] = [];
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      const match = /Mark-Compact(?: \(reduce\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \(([\d.]+)\) MB/.exec(line);
      if (match) gcs.push({ at: performance.now(), liveMb: Number(match[1]), committedMb: Number(match[2]) });
    }
  });
  return gcs;
}

async function startReplica(
  vaultUrl: string,
  vaultToken: string,
): Promise<{ child: ChildProcess; url: string; gcs: FullGc[] }> {
  const { child, match } = await start(
    ["--trace-gc", ...EXTRA_REPLICA_FLAGS, CLI, "--stateless"],
    {
      NODE_OPTIONS: REPLICA_NODE_OPTIONS,
      MCP_TRANSPORT: "http",
      PORT: "0",
      MCP_HTTP_TOKEN: HTTP_TOKEN,
      SCAIVAULT_URL: vaultUrl,
      SCAIVAULT_TOKEN: vaultToken,
      SCAIVAULT_CURSOR_KEY: CURSOR_KEY,
      ...WINDOW,
    },
    /"message":"scaivault-mcp ready on http".*?"url":"(http:\/\/[^"]+)\/mcp"/,
  );
  return { child, url: match[1]!, gcs: watchFullGcs(child) };
}

type Outcome = { latencies: number[]; errors: string[] };
type Client = LoadClient;

/** One client's calls: pages through the secret listing by its sealed cursors (starting over at the end), reading every fourth call. */
async function work(client: Client, calls: number, out: Outcome): Promise<void> {
  let cursor: string | undefined;
  let seen: string[] = [];
  for (let i = 0; i < calls; i++) {
    const read = i % 4 === 3 && seen.length > 0;
    const call = read
      ? { name: "scaivault_read_secret", arguments: { path: seen[i % seen.length] } }
      : { name: "scaivault_list_secrets", arguments: { limit: 2, ...(cursor ? { cursor } : {}) } };
    const t0 = performance.now();
    try {
      const result = await client.callTool(call);
      out.latencies.push(performance.now() - t0);
      if (result.isError) {
        out.errors.push(String(result.content[0]?.text).slice(0, 160));
        cursor = undefined;
        continue;
      }
      if (!read) {
        const page = result.structuredContent as { data: { path: string }[]; cursor: string | null };
        seen = [...seen, ...page.data.map((s) => s.path)].slice(-20);
        cursor = page.cursor ?? undefined;
      }
    } catch (error) {
      out.latencies.push(performance.now() - t0);
      out.errors.push(error instanceof Error ? error.message.slice(0, 160) : String(error));
      cursor = undefined;
    }
  }
}

async function connect(url: string): Promise<Client> {
  const client = new LoadClient(`${url}/mcp`, HTTP_TOKEN);
  await client.initialize();
  return client;
}

interface PhaseResult {
  replicas: number;
  calls: number;
  errors: string[];
  seconds: number;
  throughput: number;
  p50: number;
  p99: number;
  /** Per replica, MB: before the run, its peak, right after it, and SETTLE_S later. */
  rss: { start: number; peak: number; end: number; settled: number }[];
  /** Per replica: the heap left live by its full GCs during the run, and the last full GC after it (if V8 ran one). */
  live: { during: number[]; after: FullGc | undefined }[];
  /** nginx's error log when calls failed. */
  balancerLog: string[];
  cpu: { replicas: number[]; vault: number; nginx: number; clients: number };
}

async function phase(
  replicaCount: number,
  vault: { url: string; token: string; pid: number },
  nginxBinary: string,
): Promise<PhaseResult> {
  await fetch(`${vault.url}/_mock/reset`, { method: "POST" });
  const replicas = await Promise.all(Array.from({ length: replicaCount }, () => startReplica(vault.url, vault.token)));
  const pids = replicas.map((r) => r.child.pid as number);
  const port = await freePort();
  nginx = await startNginx(
    nginxBinary,
    port,
    replicas.map((r) => new URL(r.url).host),
  );
  const nginxPid = nginx.pid;
  try {
    const rssStart = pids.map(rssMb);
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => connect(nginx!.url)));
    // Warm-up (JIT, connection pools), not measured.
    await Promise.all(clients.map((c) => work(c, WARM_UP_CALLS, { latencies: [], errors: [] })));
    const peak = [...rssStart];
    const sampler = setInterval(() => {
      for (const [i, pid] of pids.entries()) peak[i] = Math.max(peak[i]!, rssMb(pid));
    }, 200);
    const cpuBefore = {
      replicas: pids.map(cpuSeconds),
      vault: cpuSeconds(vault.pid),
      nginx: cpuSeconds(nginxPid),
      clients: process.cpuUsage(),
    };
    const out: Outcome = { latencies: [], errors: [] };
    const t0 = performance.now();
    await Promise.all(clients.map((c) => work(c, CALLS, out)));
    const ended = performance.now();
    const seconds = (ended - t0) / 1000;
    clearInterval(sampler);
    const clientCpu = process.cpuUsage(cpuBefore.clients);
    const cpu = {
      replicas: pids.map((pid, i) => cpuSeconds(pid) - cpuBefore.replicas[i]!),
      vault: cpuSeconds(vault.pid) - cpuBefore.vault,
      nginx: cpuSeconds(nginxPid) - cpuBefore.nginx,
      clients: (clientCpu.user + clientCpu.system) / 1e6,
    };
    const balancerLog = out.errors.length ? nginx.errorLog(5) : [];
    for (const c of clients) c.close();
    const rssEnd = pids.map(rssMb);
    // Idle a while: V8's memory reducer runs full GCs some seconds after allocation stops.
    await new Promise((r) => setTimeout(r, SETTLE_S * 1000));
    const rssSettled = pids.map(rssMb);
    return {
      replicas: replicaCount,
      calls: out.latencies.length,
      errors: out.errors,
      seconds,
      throughput: out.latencies.length / seconds,
      p50: quantile(out.latencies, 0.5),
      p99: quantile(out.latencies, 0.99),
      rss: pids.map((_, i) => ({ start: rssStart[i]!, peak: peak[i]!, end: rssEnd[i]!, settled: rssSettled[i]! })),
      balancerLog,
      live: replicas.map(({ gcs }) => ({
        during: gcs.filter((g) => g.at >= t0 && g.at <= ended).map((g) => g.liveMb),
        after: gcs.filter((g) => g.at > ended).at(-1),
      })),
      cpu,
    };
  } finally {
    await nginx.stop();
    nginx = undefined;
    for (const r of replicas) {
      r.child.kill("SIGTERM");
      children.splice(children.indexOf(r.child), 1);
    }
  }
}

function print(result: PhaseResult): void {
  const label = `${result.replicas} replica${result.replicas > 1 ? "s" : ""}`;
  say(
    `${label.padEnd(11)} ${String(result.calls).padStart(6)} calls in ${result.seconds.toFixed(1)} s: ` +
      `${result.throughput.toFixed(0)} calls/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ` +
      `${result.errors.length} errors`,
  );
  for (const [i, r] of result.rss.entries()) {
    const live = result.live[i]!;
    const during = live.during.length
      ? `${Math.min(...live.during).toFixed(0)}-${Math.max(...live.during).toFixed(0)} MB during the run`
      : "no full GC during the run";
    const after =
      live.after === undefined
        ? "none after it"
        : `${live.after.liveMb.toFixed(0)} MB after it (${live.after.committedMb.toFixed(0)} MB committed)`;
    say(
      `  replica ${i + 1}: RSS ${r.start.toFixed(0)} MB at start, ${r.peak.toFixed(0)} MB at peak, ${r.end.toFixed(0)} MB right after the run, ` +
        `${r.settled.toFixed(0)} MB ${SETTLE_S} s later; heap live after a full GC: ${during}, ${after}; CPU ${result.cpu.replicas[i]!.toFixed(1)} s`,
    );
  }

  const perCall = (seconds: number) => (seconds * 1000) / result.calls;
  const replicaCpu = result.cpu.replicas.reduce((a, b) => a + b, 0);
  const all = replicaCpu + result.cpu.vault + result.cpu.nginx + result.cpu.clients;
  say(
    `  CPU per call: replicas ${perCall(replicaCpu).toFixed(2)} ms, mock vault ${perCall(result.cpu.vault).toFixed(2)} ms, ` +
      `nginx ${perCall(result.cpu.nginx).toFixed(2)} ms, load generator ${perCall(result.cpu.clients).toFixed(2)} ms; ` +
      `all parts ${perCall(all).toFixed(2)} ms, so at most ${((CORES * 1000) / perCall(all)).toFixed(0)} calls/s on ${CORES} cores`,
  );
  const distinct = [...new Set(result.errors)].slice(0, 5);
  for (const e of distinct) say(`  error: ${e.replace(/\s+/g, " ")}`);
  for (const line of result.balancerLog) say(`  nginx: ${line}`);
}

/** CPU ms per call of the replicas together, and of every part. */
function cpuPerCall(result: PhaseResult): { replicas: number; all: number } {
  const replicas = result.cpu.replicas.reduce((a, b) => a + b, 0);
  const all = replicas + result.cpu.vault + result.cpu.nginx + result.cpu.clients;
  return { replicas: (replicas * 1000) / result.calls, all: (all * 1000) / result.calls };
}

/**
 * The measured ratio and the most the machine allows. Every part shares the same cores: three
 * replicas cannot pass cores / (CPU per call of all parts), and one replica, whose JavaScript runs
 * on one core, is already near that ceiling or near one core's worth of calls. Dividing the two
 * gives the bound on the ratio that no change to the replicas can lift on this machine.
 */
function printScaling(one: PhaseResult, three: PhaseResult): void {
  const ratio = three.throughput / one.throughput;
  const oneCpu = cpuPerCall(one);
  const threeCpu = cpuPerCall(three);
  const ceilingThree = (CORES * 1000) / threeCpu.all;
  const oneCore = 1000 / oneCpu.replicas;
  say(`\nthroughput, 3 replicas vs 1: ${ratio.toFixed(2)}x (goal: at least 2x)`);
  say(
    `  bound on ${CORES} cores: 3 replicas at most ${ceilingThree.toFixed(0)} calls/s (${threeCpu.all.toFixed(2)} ms of CPU per call, all parts), ` +
      `so at most ${(ceilingThree / one.throughput).toFixed(2)}x the ${one.throughput.toFixed(0)} calls/s of one replica ` +
      `(which used ${((one.throughput / oneCore) * 100).toFixed(0)}% of a core and ${((one.throughput * oneCpu.all) / (CORES * 10)).toFixed(0)}% of the machine)`,
  );
  say(
    `  the replicas' share of a call's CPU is ${((oneCpu.replicas / oneCpu.all) * 100).toFixed(0)}% with one replica: ` +
      `while one replica keeps its core busy, 3 replicas reach at most ${CORES} x that share = ${((CORES * oneCpu.replicas) / threeCpu.all).toFixed(2)}x`,
  );
}

async function main(): Promise<number> {
  if (!existsSync(CLI) || !existsSync(MOCK_CLI)) {
    say("dist/ is missing: npm run loadtest builds first; run `npm run build`.");
    return 2;
  }
  const nginxBinary = findOrInstallNginx(say);
  if (!nginxBinary) return 2;
  const { child: vaultChild, match } = await start(
    [MOCK_CLI, "--port", "0"],
    {},
    /listening on (http:\/\/[^\s]+) .*?admin token: ([^;\s]+);/,
  );
  const vault = { url: match[1]!, token: match[2]!, pid: vaultChild.pid as number };
  say(
    `scaivault-mock at ${vault.url}; ${CLIENTS} concurrent clients x ${CALLS} calls (plus ${WARM_UP_CALLS} warm-up calls each), ` +
      `stateless replicas sharing SCAIVAULT_CURSOR_KEY, path window ${JSON.stringify(WINDOW)}, nginx ${nginxBinary} round-robin\n`,
  );
  const results: PhaseResult[] = [];
  for (const replicas of PHASES) {
    const result = await phase(replicas, vault, nginxBinary);
    print(result);
    results.push(result);
  }
  const one = results.find((r) => r.replicas === 1);
  const three = results.find((r) => r.replicas === 3);
  if (one && three) printScaling(one, three);
  return results.every((r) => r.errors.length === 0) ? 0 : 1;
}

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    say(`loadtest failed: ${error instanceof Error ? error.message : String(error)}`);
    await cleanup();
    process.exit(1);
  });
