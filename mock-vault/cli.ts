#!/usr/bin/env node
/**
 * scaivault-mock: the mock vault over real HTTP, for curl and other SDKs.
 *   scaivault-mock [--port 8200] [--host 127.0.0.1] [--seed 42] [--empty]
 */
import { createMockVault } from "./index.js";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv.includes("--help")) {
  process.stderr.write("Usage: scaivault-mock [--port 8200] [--host 127.0.0.1] [--seed 42] [--empty]\n");
  process.exit(0);
}
const port = Number(arg("--port") ?? 8200);
const seed = Number(arg("--seed") ?? 42);
if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isInteger(seed)) {
  process.stderr.write("scaivault-mock: --port and --seed must be integers\n");
  process.exit(2);
}
const mock = createMockVault({ seed, demo: !process.argv.includes("--empty") });
const served = await mock.serve({ port, host: arg("--host") ?? "127.0.0.1" });
process.stderr.write(
  `scaivault-mock listening on ${served.url} (tenant ${mock.tenantId}); admin token: ${mock.tokens.admin}; ` +
    `control routes under ${served.url}/_mock/ (reset, clock, faults, snapshot)\n`,
);
const stop = () => void served.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
