#!/usr/bin/env node
/**
 * scaivault-mock: the mock vault over real HTTP, for curl and other SDKs.
 *   scaivault-mock [--port 8200] [--host 127.0.0.1] [--seed 42] [--now <iso|now>] [--empty] [--poll-wait 60] [--audit-retention N]
 */
import { parseArgs } from "node:util";
import { DEFAULT_NOW, parseClockStart } from "./demo-time.js";

const USAGE = `Usage: scaivault-mock [--port 8200] [--host 127.0.0.1] [--seed 42] [--now <time|now>] [--empty] [--poll-wait 60] [--audit-retention N]
  --now              start of the mock clock: ISO 8601 with offset, or "now" (default ${DEFAULT_NOW})
  --empty            no demo data, only the demo tokens
  --poll-wait        longest a subscription poll with no events waits, in real seconds, up to its timeout (default 60; 0 answers at once)
  --audit-retention  audit entries kept, the newest (default 100000); the oldest go first
`;

function fail(message: string): never {
  process.stderr.write(`scaivault-mock: ${message}\n${USAGE}`);
  process.exit(2);
}

function integer(name: string, value: string, max: number, min = 0): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) > max || Number(value) < min)
    fail(`--${name} must be a whole number from ${min} to ${max}`);
  return Number(value);
}

let flags: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      port: { type: "string", default: "8200" },
      host: { type: "string", default: "127.0.0.1" },
      seed: { type: "string", default: "42" },
      now: { type: "string" },
      empty: { type: "boolean", default: false },
      "poll-wait": { type: "string", default: "60" },
      "audit-retention": { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  }).values;
}
try {
  flags = parse();
} catch (error) {
  fail((error as Error).message);
}
if (flags.help) {
  process.stderr.write(USAGE);
  process.exit(0);
}
const port = integer("port", flags.port, 65535);
const seed = integer("seed", flags.seed, 2 ** 31 - 1);
const pollWaitS = integer("poll-wait", flags["poll-wait"], 60);
const retention = flags["audit-retention"];
const auditRetention = retention === undefined ? undefined : integer("audit-retention", retention, 100_000_000, 1);
const now = flags.now === undefined ? undefined : parseClockStart(flags.now);
if (flags.now !== undefined && !now)
  fail('--now must be an ISO 8601 time with offset (e.g. 2026-05-17T15:00:00Z) or "now"');

// Loaded after the flags are checked: a bad flag answers at once, without loading MSW and faker.
const { createMockVault } = await import("./index.js");
const mock = createMockVault({
  seed,
  demo: !flags.empty,
  pollWaitMs: pollWaitS * 1000,
  ...(now ? { now } : {}),
  ...(auditRetention ? { auditRetention } : {}),
});
const served = await mock.serve({ port, host: flags.host });
process.stderr.write(
  `scaivault-mock listening on ${served.url} (tenant ${mock.tenantId}, clock ${mock.clock.iso()}); admin token: ${mock.tokens.admin}; ` +
    `control routes under ${served.url}/_mock/ (reset, clock, faults, snapshot, seed); ` +
    `OAuth issuer ${mock.issuer.url} (client_credentials: ${mock.issuer.clients.map((c) => c.clientId).join(", ")})\n`,
);
const stop = () => void served.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
