#!/usr/bin/env node
/**
 * The scaivault-mcp binary: flags + environment -> config -> server -> transport.
 * stdout belongs to the protocol: nothing but JSON-RPC is written there; logs go to stderr.
 */
import { VaultError } from "./client/errors.js";
import { ConfigError, HELP, MOCK_ADMIN_TOKEN, loadConfig } from "./config.js";
import { createLogger } from "./log.js";
import { SERVER_VERSION, buildServer, verifyTenantLock } from "./server.js";
import { serveStdio } from "./transports/stdio.js";

function fail(message: string): never {
  process.stderr.write(`scaivault-mcp: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let action: ReturnType<typeof loadConfig>;
  try {
    action = loadConfig(process.env, process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  if (action.kind === "help") {
    process.stderr.write(HELP);
    return;
  }
  if (action.kind === "version") {
    process.stderr.write(`${SERVER_VERSION}\n`);
    return;
  }
  let config = action.config;
  const log = createLogger();
  let fetch: ((request: Request) => Promise<Response>) | undefined;
  if (config.mock) {
    const { createMockVault } = await import("../mock-vault/index.js");
    const mock = createMockVault();
    fetch = mock.fetch;
    config = { ...config, url: mock.baseUrl, token: config.token ?? MOCK_ADMIN_TOKEN };
    log.log("info", "using the in-memory mock vault", { tenant: mock.tenantId, now: mock.clock.iso() });
  }
  let parts: ReturnType<typeof buildServer>;
  try {
    parts = buildServer({ config, fetch, logger: log });
    await verifyTenantLock(parts.client, parts.config);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    if (error instanceof VaultError) fail(`start-up check failed: ${error.code}: ${error.message}`);
    throw error;
  }
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    void parts.server.close().finally(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  if (config.transport === "stdio") {
    await serveStdio(parts.server, shutdown);
    log.log("info", "scaivault-mcp ready on stdio", { tools: parts.tools.length, read_only: config.readOnly, mask_values: config.maskValues });
    return;
  }
  fail(`transport '${config.transport}' is not available in this build`);
}

main().catch((error: unknown) => {
  process.stderr.write(`scaivault-mcp: unexpected failure: ${error instanceof Error ? error.message : "unknown"}\n`);
  process.exit(1);
});
