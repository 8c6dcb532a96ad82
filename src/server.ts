import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";
import { clientOf, noteDecision, observeConnections } from "./audit/observer.js";
import { type AuditSink, auditSinkFor } from "./audit/sink.js";
import type { Caller } from "./caller.js";
import type { FetchLike } from "./client/http.js";
import { createClient, type VaultClient } from "./client/index.js";
import { ServerClock } from "./clock.js";
import {
  type Config,
  ConfigError,
  type ConfigInput,
  defineConfig,
  MOCK_ADMIN_TOKEN,
  MOCK_VAULT_URL,
} from "./config.js";
import { FINAL_REFUSALS, Guard, missingScopes, RateLimiter } from "./guard/index.js";
import { guardConnections } from "./guarded-transport.js";
import { type Logger, silentLogger } from "./log.js";
import { notifyingLogger } from "./log-notifications.js";
import { VaultLookup } from "./lookup.js";
import { registerPrompts } from "./prompts.js";
import { Redactor } from "./redact.js";
import { scopeRequestHandlers } from "./request-scope.js";
import { registerResources } from "./resources.js";
import { routeToolCalls } from "./tools/call-route.js";
import { fitToScopes, registerNotServed } from "./tools/catalog-fit.js";
import type { ToolDef } from "./tools/define.js";
import { DISCOVERY_INSTRUCTIONS, registerDiscovery } from "./tools/discovery.js";
import { catalog } from "./tools/index.js";
import { serveToolList } from "./tools/list.js";
import { registerTools } from "./tools/register.js";
import { argConventions } from "./tools/schemas.js";

/**
 * One JSON Schema validator for every server (the SDK builds an Ajv per server otherwise, ~0.9 ms),
 * built when first used: only elicitation uses it, and building it costs start-up 6-20 ms.
 */
let ajv: AjvJsonSchemaValidator | undefined;
const VALIDATOR: jsonSchemaValidator = {
  getValidator: (schema) => {
    ajv ??= new AjvJsonSchemaValidator();
    return ajv.getValidator(schema);
  },
};
export const SERVER_NAME = "scaivault-mcp";
export const SERVER_VERSION = "0.1.0";

export interface ServerOptions {
  /** Settings (validated like the environment). */
  config: Config | ConfigInput;
  /** fetch used to reach the vault; the mock vault's `fetch` for in-process use. */
  fetch?: FetchLike;
  /** Use this client instead of building one from config. */
  client?: VaultClient;
  logger?: Logger;
  /** Sentences added to the server's instructions (the CLI says it runs against the mock vault). */
  instructions?: string;
  /**
   * The time the instructions state; shared across servers (HTTP sessions) it reads the vault's
   * clock once. Default against a vault: a clock of this server's own. Against the mock vault
   * none unless given (`new ServerClock(mock.clock.now())`): only the caller knows its time.
   */
  clock?: ServerClock;
  /** Who this server acts for (OAuth mode); absent: the configured token. */
  caller?: Caller;
  /**
   * The scopes of the configured vault token (whoami at start-up, `tokenScopes` below), which the
   * catalog is fitted to when no caller is given; unknown (absent): the whole catalog is listed.
   */
  tokenScopes?: readonly string[];
  /**
   * SCAIVAULT_RATE_LIMIT's buckets, shared by every server of the process (one per HTTP session or
   * request); absent: this server builds its own from the config, so its "global" is its own.
   */
  rateLimiter?: RateLimiter;
  /** Where audit lines go instead of SCAIVAULT_AUDIT_LOG's file (a host's own sink; tests). */
  audit?: AuditSink;
}

/** Everything a server instance is made of, for hosts and tests that need the parts. */
export interface ServerParts {
  server: McpServer;
  client: VaultClient;
  guard: Guard;
  config: Config;
  /** The catalog tools this server serves (after SCAIVAULT_TOOLSETS), listed or reached through discovery. */
  tools: readonly ToolDef[];
}

/**
 * Creates an MCP server for ScaiVault with every guardrail applied. A factory with no module
 * state: stdio, each HTTP session and every test build their own.
 *
 * @example
 * ```ts
 * import { createServer } from "scaivault-mcp";
 * import { createMockVault } from "scaivault-mcp/mock-vault";
 * const mock = createMockVault();
 * const server = createServer({ config: { mock: true, readOnly: true }, fetch: mock.fetch });
 * ```
 */
export function createServer(options: ServerOptions): McpServer {
  return buildServer(options).server;
}

export function buildServer(options: ServerOptions): ServerParts {
  const config = defineConfig(options.config as ConfigInput);
  const hostLog = options.logger ?? silentLogger;
  const client = options.client ?? clientFor(config, options.fetch);
  const credentials = credentialsOf(config);
  for (const credential of credentials) hostLog.redact(credential);
  const clock = options.clock ?? (config.mock ? undefined : new ServerClock());
  const served = config.toolsets.length ? catalog.filter((t) => config.toolsets.includes(t.group)) : catalog;
  // The catalog fitted to the vault token's scopes: the caller's in OAuth mode, else the configured token's.
  const tokenScopes = config.toolsForScopes
    ? options.caller
      ? options.caller.scopes
      : options.tokenScopes
    : undefined;
  const fit = fitToScopes(served, (def) => (tokenScopes ? missingScopes(tokenScopes, def.scopes) : []));
  const tools = fit.listed;
  const limiter = options.rateLimiter ?? (config.rateLimit ? new RateLimiter(config.rateLimit) : undefined);
  const server = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    {
      capabilities: { tools: {}, resources: {}, prompts: {}, completions: {}, logging: {} },
      jsonSchemaValidator: VALIDATOR,
      instructions: [
        `ScaiVault secrets, PKI, dynamic credentials and audit. Guardrails may refuse a call with a code (${FINAL_REFUSALS.join(", ")}): do not retry a refusal, tell the user what is allowed.`,
        argConventions(config.tenantId),
        config.toolDiscovery === "search" ? DISCOVERY_INSTRUCTIONS : undefined,
        fit.sentence,
        limiter ? RATE_LIMIT_INSTRUCTIONS : undefined,
        options.instructions,
        clock?.sentence(),
      ]
        .filter(Boolean)
        .join(" "),
    },
  );
  // Before anything registers a handler or connects: every handler runs in its request's scope,
  // every message leaves through the redactor.
  scopeRequestHandlers(server.server);
  const redactor = new Redactor(credentials);
  guardConnections(server.server, redactor, hostLog);
  // Under the guarded transport: the audit line of each agent action, and its span (SCAIVAULT_OTEL).
  const sink = options.audit ?? (config.auditLog ? auditSinkFor(config.auditLog, auditFiles(config)) : undefined);
  const observed = sink !== undefined || config.otel;
  if (observed)
    observeConnections(server.server, {
      sink,
      traced: config.otel,
      who: () => ({ client: clientOf(server.server), user: options.caller?.subject ?? "token" }),
      redactor,
      log: hostLog,
    });
  // What the server logs from here on reaches the client too, at the level it sets.
  const log = notifyingLogger(hostLog, server.server, SERVER_NAME);
  let guard: Guard;
  try {
    guard = new Guard(
      { ...config, tokenScopes, limit: limitFor(limiter, options.caller, config.stateless) },
      log,
      observed ? noteDecision : undefined,
    );
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  // Once initialize is answered (never before: start-up stays off the network), the vault's clock
  // is read for the sessions that begin later.
  if (clock && !config.mock)
    server.server.oninitialized = () => void clock.calibrate(async () => (await client.health()).timestamp, log);
  // Stateless HTTP answers each POST with one JSON body: no question could reach the client.
  const canAsk = !config.stateless;
  const deps = { client, guard, log, canAsk };
  const listing = { outputSchemas: config.outputSchemas };
  // Tools hidden for the token's scopes stay registered: a call meets the guard's insufficient_scope.
  registerTools(server, served, deps, listing);
  registerNotServed(
    server,
    catalog.filter((def) => !served.includes(def)),
    log,
  );
  // In search mode the catalog stays callable, but tools/list names only the three discovery tools.
  serveToolList(
    server,
    config.toolDiscovery === "search" ? registerDiscovery(server, fit, deps, listing) : tools,
    listing,
  );
  routeToolCalls(server);
  // Resources, prompts and their completions share one look-up per server (so per session).
  const lookups = { client, guard, log, config };
  const lookup = new VaultLookup(lookups);
  registerResources(server, lookups, lookup);
  registerPrompts(server, lookups, lookup);
  return { server, client, guard, config, tools };
}

/** A session's (or OAuth subject's) bucket and the global one; stateless without a caller, the global one only. */
function limitFor(limiter: RateLimiter | undefined, caller: Caller | undefined, stateless: boolean) {
  if (!limiter) return undefined;
  return caller || !stateless ? limiter.forClient(caller?.subject) : limiter.forNobody();
}

/** What the instructions say when calls are rate limited: the one refusal worth retrying, later. */
const RATE_LIMIT_INSTRUCTIONS =
  "Calls over the rate limit are refused with rate_limited and retry_after (seconds): wait that long before the next call.";

/**
 * The scopes of the configured vault token, for the catalog fitted to them (SCAIVAULT_TOOLS_FOR_SCOPES):
 * whoami, at start-up (buildServer itself stays off the network).
 */
export async function tokenScopes(client: VaultClient, signal?: AbortSignal): Promise<readonly string[]> {
  return (await client.whoami(signal)).scopes;
}

export function clientFor(config: Config, fetch?: FetchLike): VaultClient {
  return createClient({
    baseUrl: config.url ?? MOCK_VAULT_URL,
    token: config.token ?? MOCK_ADMIN_TOKEN,
    tenantId: config.tenantId,
    partnerId: config.partnerId,
    fetch,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
  });
}

/** How the audit file rotates (SCAIVAULT_AUDIT_LOG_MAX_BYTES, SCAIVAULT_AUDIT_LOG_FILES). */
export const auditFiles = (config: Config) => ({ maxBytes: config.auditLogMaxBytes, keep: config.auditLogFiles });

/** Start-up check of the tenant lock: a token of another tenant is refused before serving. */
export async function verifyTenantLock(client: VaultClient, config: Config): Promise<void> {
  if (!config.tenantId && !config.partnerId) return;
  const me = await client.whoami();
  // The ids are the vault's words, printed to stderr by the CLI: a vault echoing the token must not put it there.
  const named = (id: unknown) => new Redactor(credentialsOf(config)).text(String(id).slice(0, 128));
  if (config.partnerId && me.partner_id !== config.partnerId)
    throw new ConfigError(
      `the token belongs to partner '${named(me.partner_id)}', not SCAIVAULT_PARTNER_ID '${config.partnerId}'`,
    );
  if (config.tenantId && me.tenant_id !== config.tenantId)
    throw new ConfigError(
      `the token belongs to tenant '${named(me.tenant_id)}', not SCAIVAULT_TENANT_ID '${config.tenantId}'`,
    );
}

/** The secrets this server holds: the vault token, the HTTP bearer token and the cursor seal key. */
export function credentialsOf(config: Pick<Config, "token" | "httpToken" | "mock" | "cursorKey">): string[] {
  return [config.token ?? (config.mock ? MOCK_ADMIN_TOKEN : undefined), config.httpToken, config.cursorKey].filter(
    (c): c is string => typeof c === "string",
  );
}
