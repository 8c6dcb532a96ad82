#!/usr/bin/env node
/**
 * The scaivault-mcp binary: flags + environment -> config -> server -> transport.
 * stdout belongs to the protocol: nothing but JSON-RPC is written there; logs go to stderr.
 */
import { assertAppendable } from "../audit/sink.js";
import { VaultError } from "../client/errors.js";
import type { FetchLike } from "../client/http.js";
import { ServerClock } from "../clock.js";
import { ConfigError, MOCK_ADMIN_TOKEN } from "../config.js";
import { RateLimiter } from "../guard/index.js";
import { createLogger, errorName } from "../log.js";
import { buildServer, clientFor, credentialsOf, SERVER_VERSION, tokenScopes, verifyTenantLock } from "../server.js";
import type { RunningHttpServer } from "../transports/gate.js";
import { serveStdio } from "../transports/stdio.js";
import { type CliAction, parseCommandLine } from "./argv.js";
import { tuneEngine } from "./engine-tuning.js";
import { HELP } from "./help.js";
import { setUpMock } from "./mock.js";

/** How long start-up waits, at most, for the vault's clock read beside the tenant-lock check. */
const HEALTH_WAIT_MS = 2000;
/** How long start-up waits, at most, for the token's scopes (whoami); without them every tool is listed. */
const SCOPES_WAIT_MS = 5000;

function fail(message: string): never {
  process.stderr.write(`scaivault-mcp: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let action: CliAction;
  try {
    action = parseCommandLine(process.env, process.argv.slice(2));
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
  if (config.scenario) {
    // Demo mode is not a server: the transcript is the output, so it goes to stdout.
    const { runDemo } = await import("./demo.js");
    const passed = await runDemo(config.scenario, (text) => process.stdout.write(text));
    process.exit(passed ? 0 : 1);
  }
  const engine = tuneEngine({ transport: config.transport });
  const log = createLogger(undefined, config.logLevel);
  for (const credential of credentialsOf(config)) log.redact(credential);
  log.log("debug", "settings", {
    mock: config.mock,
    url: config.mock ? undefined : config.url,
    transport: config.transport,
    read_only: config.readOnly,
    mask_values: config.maskValues,
    allowed_paths: config.allowedPaths,
    denied_paths: config.deniedPaths,
    tenant_id: config.tenantId,
    partner_id: config.partnerId,
    toolsets: config.toolsets,
    engine,
  });
  let fetch: FetchLike | undefined;
  let instructions: string | undefined;
  // One clock for every session: a real vault's is read once, the mock's stands still.
  let clock = new ServerClock();
  let serveIssuerAt: ((url: string) => Promise<void>) | undefined;
  if (config.mock) ({ config, fetch, instructions, clock, serveIssuerAt } = setUpMock(config));
  let parts: ReturnType<typeof buildServer>;
  // One set of rate-limit buckets for every session of this process.
  const rateLimiter = config.rateLimit ? new RateLimiter(config.rateLimit) : undefined;
  let scopes: readonly string[] | undefined;
  try {
    // The HTTP transports (and the SDK's HTTP stack) load only when asked for: stdio starts faster.
    if (config.transport !== "stdio") (await import("../transports/gate.js")).assertSafeBinding(config);
    const auditLog = config.auditLog;
    if (auditLog)
      await assertAppendable(auditLog).catch((error: unknown) =>
        fail(`invalid SCAIVAULT_AUDIT_LOG / --audit-log: cannot append to ${auditLog} (${errorName(error)})`),
      );
    // The tenant lock's check holds start-up for one call anyway: the vault's clock is read
    // beside it (waited for at most HEALTH_WAIT_MS), so the first session is told the vault's time.
    const client = clientFor(config, fetch);
    const checks: Promise<unknown>[] = [];
    // Without a token of its own (OAuth mode) the lock is checked on each caller's exchanged token.
    if ((config.tenantId || config.partnerId) && config.token) {
      const health = async () => (await client.health(AbortSignal.timeout(HEALTH_WAIT_MS))).timestamp;
      checks.push(verifyTenantLock(client, config), clock.calibrate(health, log));
    }
    // The catalog is fitted to the token's scopes; a vault that cannot say them gets every tool listed (it enforces them anyway).
    // The mock's demo admin holds every scope: asking would load the mock vault on the start-up path.
    // In OAuth mode (no token of its own) each caller's scopes come with its exchanged token.
    if (config.toolsForScopes && config.token && !(config.mock && config.token === MOCK_ADMIN_TOKEN))
      checks.push(
        tokenScopes(client, AbortSignal.timeout(SCOPES_WAIT_MS)).then(
          (held) => {
            scopes = held;
          },
          (error: unknown) =>
            log.log("warn", "the token's scopes could not be read; every tool is listed", {
              code: error instanceof VaultError ? error.code : "unreachable",
            }),
        ),
      );
    await Promise.all(checks);
    parts = buildServer({ config, fetch, logger: log, instructions, clock, tokenScopes: scopes, rateLimiter });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    if (error instanceof VaultError) fail(`start-up check failed: ${error.code}: ${error.message}`);
    throw error;
  }
  let closing = false;
  let http: RunningHttpServer | undefined;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    void Promise.allSettled([parts.server.close(), http?.close()]).finally(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  if (config.transport === "stdio") {
    await serveStdio(parts.server);
    log.log("info", "scaivault-mcp ready on stdio", {
      mock: config.mock,
      tools: parts.tools.length,
      tool_discovery: config.toolDiscovery,
      read_only: config.readOnly,
      mask_values: config.maskValues,
      confirm: config.confirm,
    });
    return;
  }
  // HTTP transports: one server per session (or per request when stateless) from the same
  // factory; the mock, if any, is shared.
  const serve =
    config.transport === "http"
      ? (await import("../transports/streamable-http.js")).serveHttp
      : (await import("../transports/sse.js")).serveSse;
  const { cachedReadiness } = await import("../transports/health.js");
  // OAuth mode: each session's (or request's) server acts for its caller with the caller's vault token.
  const oauth = config.oauthIssuer ? await import("./oauth.js") : undefined;
  const mockIssuer = config.oauthIssuer === oauth?.MOCK_ISSUER && fetch ? oauth?.mockIssuerRoute(fetch) : undefined;
  try {
    http = await serve({
      config,
      log,
      stateless: config.stateless,
      maxSessions: config.maxSessions,
      sessionIdleMs: config.sessionIdleS * 1000,
      // Without a token of its own the server can only ask whether the vault answers.
      readiness: cachedReadiness((signal) =>
        config.token ? parts.client.whoami(signal) : parts.client.health(signal),
      ),
      ...(oauth ? { oauth: oauth.oauthResourceServer(config, fetch, log) } : {}),
      ...(mockIssuer ? { publicRoute: mockIssuer } : {}),
      createServer: (acting) =>
        buildServer({
          config: acting ? { ...config, token: acting.vaultToken } : config,
          fetch,
          logger: acting && oauth ? oauth.callerLogger(log) : log,
          instructions,
          clock,
          rateLimiter,
          // A caller's scopes are its exchanged token's; without one, the configured token's.
          ...(acting ? { caller: acting.caller } : { tokenScopes: scopes }),
        }).server,
    });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    const code = (error as { code?: unknown })?.code;
    if (typeof code === "string") fail(`cannot listen on ${config.host}:${config.port}: ${code}`);
    throw error;
  }
  if (mockIssuer) await serveIssuerAt?.(http.url);
  if (closing) await http.close();
  log.log("info", `scaivault-mcp ready on ${config.transport}`, {
    url: `${http.url}${config.transport === "http" ? "/mcp" : "/sse"}`,
    ...(config.transport === "http" ? { stateless: config.stateless } : {}),
    tools: parts.tools.length,
    tool_discovery: config.toolDiscovery,
    read_only: config.readOnly,
    mask_values: config.maskValues,
    confirm: config.confirm,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`scaivault-mcp: unexpected failure: ${error instanceof Error ? error.message : "unknown"}\n`);
  process.exit(1);
});
