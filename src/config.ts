import { z } from "zod";
import { LEVELS } from "./levels.js";

/** Where the mock vault answers when `--mock` is used (never a real host). */
export const MOCK_VAULT_URL = "https://vault.mock";

/** The token the mock vault accepts for its demo admin identity (not a real-looking key). */
export const MOCK_ADMIN_TOKEN = "skt_mock_demo_admin";

export const TOOL_GROUPS = [
  "secrets",
  "secret_policies",
  "access_policies",
  "rotation",
  "service_accounts",
  "pki",
  "acme",
  "dynamic",
  "federation",
  "subscriptions",
  "audit",
] as const;
export type ToolGroup = (typeof TOOL_GROUPS)[number];

/** Thrown for any bad setting; the CLI prints its message as one line and exits with code 2. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off", ""]);

const bool = z.union([z.boolean(), z.string()]).transform((value, ctx) => {
  if (typeof value === "boolean") return value;
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  ctx.addIssue({ code: "custom", message: `expected true or false, got "${value}"` });
  return z.NEVER;
});

const clean = (items: string[]) => items.map((p) => p.trim()).filter((p) => p.length > 0);

/**
 * A comma-separated list. Given as text (environment, flag) it must name something: an empty
 * `SCAIVAULT_ALLOWED_PATHS` from a template would otherwise silently lift every restriction.
 */
const pathList = z.union([z.array(z.string()), z.string()]).transform((value, ctx) => {
  if (Array.isArray(value)) return clean(value);
  const items = clean(value.split(","));
  if (items.length === 0)
    ctx.addIssue({ code: "custom", message: "is set but names nothing; leave it unset for no restriction" });
  return items;
});

/** A whole number within bounds, from a number or its plain decimal digits (no "0x1F", "1e3" or " "). */
const integer = (min: number, max: number, what: string) =>
  z.union([z.number(), z.string()]).transform((value, ctx) => {
    const n = typeof value === "number" ? value : /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    ctx.addIssue({ code: "custom", message: `expected ${what}` });
    return z.NEVER;
  });

/** How much goes to stderr; any case, so `DEBUG` from a deployment template works too. */
const logLevel = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.enum(LEVELS, { error: (issue) => `expected error, warn, info or debug, got "${String(issue.input)}"` }));

/** SCAIVAULT_CONFIRM: when irreversible acts are confirmed by the user (src/guard/confirm.ts). */
export const CONFIRM_MODES = ["off", "destructive", "required"] as const;
export type ConfirmMode = (typeof CONFIRM_MODES)[number];
const confirmMode = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .pipe(
    z.enum(CONFIRM_MODES, { error: (issue) => `expected off, destructive or required, got "${String(issue.input)}"` }),
  );

/** SCAIVAULT_CURSOR_KEY: the seal key replicas share. Hex, at least 32 bytes; never echoed in a message. */
const cursorKey = z
  .string()
  .trim()
  .refine((v) => /^(?:[0-9a-fA-F]{2}){32,}$/.test(v), {
    message: "must be hex, at least 32 bytes (64 hex digits); make one with `openssl rand -hex 32`",
  });

/** A Host header name: DNS name or IP literal, no scheme, no port. */
const hostName = z
  .string()
  .regex(
    /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)$/,
    "expected host names without scheme or port, e.g. mcp.example.com",
  );

/** A token bucket: calls per minute it refills at, and how many it holds (a burst). */
export interface RateSpec {
  perMinute: number;
  burst: number;
}
/** SCAIVAULT_RATE_LIMIT: per client (OAuth subject, else session) and for the whole process. */
export interface RateLimitSettings {
  client?: RateSpec | undefined;
  global?: RateSpec | undefined;
}
const RATE_SYNTAX =
  "expected e.g. 120/min, 120/min,burst=20 or 60/min,global=600/min,global_burst=100 (units s, min, h)";
const PER_MINUTE: Record<string, number> = { s: 60, min: 1, h: 1 / 60 };
/** The burst when none is given: ten seconds' worth of calls, at least one. */
const defaultBurst = (perMinute: number) => Math.max(1, Math.ceil(perMinute / 6));

/**
 * SCAIVAULT_RATE_LIMIT as text: `<n>/<unit>` (or `<n>`, per minute) for each client, `burst=<n>`, `global=<n>/<unit>`
 * and `global_burst=<n>` for the process, comma-separated, any of them left out.
 */
function parseRateLimit(text: string, ctx: z.RefinementCtx): RateLimitSettings {
  const rate = (value: string) => {
    // A bare number is per minute.
    const m = /^(\d{1,7})(?:\/(s|min|h))?$/.exec(value);
    const n = m ? Number(m[1]) : 0;
    return m && n > 0 ? n * (PER_MINUTE[m[2] ?? "min"] as number) : undefined;
  };
  const count = (value: string) => (/^\d{1,7}$/.test(value) && Number(value) > 0 ? Number(value) : undefined);
  const given: Record<string, number | undefined> = {};
  for (const part of text.split(",").map((p) => p.trim().toLowerCase())) {
    const [key, value] = part.includes("=") ? (part.split("=", 2) as [string, string]) : ["client", part];
    const parsed =
      key === "client" || key === "global"
        ? rate(value.trim())
        : key === "burst" || key === "global_burst"
          ? count(value.trim())
          : undefined;
    if (parsed === undefined || key.trim() in given) {
      ctx.addIssue({ code: "custom", message: `"${part}" is not understood: ${RATE_SYNTAX}` });
      return z.NEVER;
    }
    given[key.trim()] = parsed;
  }
  const spec = (perMinute: number | undefined, burst: number | undefined) =>
    perMinute === undefined ? undefined : { perMinute, burst: burst ?? defaultBurst(perMinute) };
  if ((given.burst && !given.client) || (given.global_burst && !given.global)) {
    ctx.addIssue({ code: "custom", message: `a burst needs its rate: ${RATE_SYNTAX}` });
    return z.NEVER;
  }
  return { client: spec(given.client, given.burst), global: spec(given.global, given.global_burst) };
}

/** SCAIVAULT_RATE_LIMIT given in code (createServer): the parsed form. */
const RateSpecObject = z.object({ perMinute: z.number().positive(), burst: z.number().int().positive() });
const RateLimitObject = z.object({ client: RateSpecObject.optional(), global: RateSpecObject.optional() });

/** Defaults of MCP_MAX_SESSIONS and MCP_SESSION_IDLE_S, also used by the transports when built in code. */
export const DEFAULT_MAX_SESSIONS = 1000;
export const DEFAULT_SESSION_IDLE_S = 300;
/** SCAIVAULT_AUDIT_LOG_MAX_BYTES, SCAIVAULT_AUDIT_LOG_FILES: 10 MiB a file, five rotated files kept. */
export const DEFAULT_AUDIT_LOG_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_AUDIT_LOG_FILES = 5;

/**
 * OAuth mode's URLs (MCP_OAUTH_ISSUER, MCP_OAUTH_AUDIENCE, MCP_OAUTH_JWKS_URL): https, or http to
 * this machine only, where no one can read or change them in flight.
 */
const oauthUrl = z.url({ protocol: /^https?$/ }).refine(
  (v) => {
    const url = new URL(v);
    return url.protocol === "https:" || /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname);
  },
  { message: "must be an https URL (http only for localhost)" },
);

const id = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.:-]{1,128}$/, "letters, digits, '_', '.', ':' or '-' only")
  .optional();

/**
 * Every setting of scaivault-mcp, from the environment and the command line (flags win).
 * Settings only narrow what the token allows; none of them widens it.
 */
export const ConfigSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }).optional(),
    token: z.string().trim().min(1).optional(),
    mock: bool.default(false),
    readOnly: bool.default(false),
    maskValues: bool.default(false),
    confirm: confirmMode.default("destructive"),
    allowedPaths: pathList.default([]),
    deniedPaths: pathList.default([]),
    tenantId: id,
    partnerId: id,
    toolsets: pathList
      .pipe(z.array(z.enum(TOOL_GROUPS, { error: () => `toolsets must be among: ${TOOL_GROUPS.join(", ")}` })))
      .default([]),
    outputSchemas: bool.default(false),
    toolDiscovery: z
      .enum(["all", "search"], { error: (issue) => `expected all or search, got "${String(issue.input)}"` })
      .default("all"),
    transport: z
      .enum(["stdio", "http", "sse"], { error: () => "transport must be stdio, http or sse" })
      .default("stdio"),
    port: integer(0, 65535, "a port number from 0 to 65535").default(8765),
    host: z.string().trim().min(1).default("127.0.0.1"),
    httpToken: z.string().trim().min(16, "MCP_HTTP_TOKEN must be at least 16 characters").optional(),
    allowedOrigins: pathList.default([]),
    allowedHosts: pathList.pipe(z.array(hostName)).default([]),
    stateless: bool.default(false),
    maxSessions: integer(1, 1_000_000, "a number of sessions from 1 to 1000000").default(DEFAULT_MAX_SESSIONS),
    sessionIdleS: integer(1, 86_400, "seconds from 1 to 86400").default(DEFAULT_SESSION_IDLE_S),
    cursorKey: cursorKey.optional(),
    timeoutMs: integer(1, 600_000, "milliseconds from 1 to 600000").default(30_000),
    maxRetries: integer(0, 10, "a number of retries from 0 to 10").default(2),
    scenario: z.string().trim().min(1).optional(),
    // When the mock vault's clock starts; its format is the mock's, checked by src/cli/mock.ts.
    mockNow: z.string().trim().optional(),
    logLevel: logLevel.default("info"),
    // Remote sharing: the catalog fitted to the token's scopes, and rate limits (guard/scopes.ts, guard/rate-limit.ts).
    toolsForScopes: bool.default(true),
    rateLimit: z
      .union([z.string(), RateLimitObject])
      .transform((v, ctx) => (typeof v === "string" ? parseRateLimit(v, ctx) : v))
      .optional(),
    // OAuth resource-server mode (src/auth/): "mock" plays the issuer with the mock vault (--mock only).
    oauthIssuer: z.union([z.literal("mock"), oauthUrl]).optional(),
    oauthAudience: oauthUrl.optional(),
    oauthJwksUrl: oauthUrl.optional(),
    // The audit of agent actions (src/audit/) and OpenTelemetry spans (src/telemetry.ts).
    auditLog: z.string().trim().min(1).optional(),
    auditLogMaxBytes: integer(0, 999_999_999, "a size in bytes from 0 (never rotate) to 999999999").default(
      DEFAULT_AUDIT_LOG_MAX_BYTES,
    ),
    auditLogFiles: integer(1, 100, "a number of rotated files from 1 to 100").default(DEFAULT_AUDIT_LOG_FILES),
    otel: bool.default(false),
  })
  .superRefine((c, ctx) => {
    if (!c.mock && !c.url)
      ctx.addIssue({ code: "custom", path: ["url"], message: "SCAIVAULT_URL is required (or use --mock)" });
    // In OAuth mode every caller acts with a vault token of its own (token exchange): none is configured.
    if (!c.mock && !c.token && !c.oauthIssuer)
      ctx.addIssue({ code: "custom", path: ["token"], message: "SCAIVAULT_TOKEN is required (or use --mock)" });
    if (c.stateless && c.transport !== "http")
      ctx.addIssue({ code: "custom", path: ["stateless"], message: "needs MCP_TRANSPORT=http (Streamable HTTP)" });
    if (c.scenario && !c.mock) ctx.addIssue({ code: "custom", path: ["scenario"], message: "--demo needs --mock" });
    if (c.mockNow && !c.mock) ctx.addIssue({ code: "custom", path: ["mockNow"], message: "--mock-now needs --mock" });
    if (c.oauthIssuer && c.httpToken)
      ctx.addIssue({
        code: "custom",
        path: ["oauthIssuer"],
        message:
          "cannot be used with MCP_HTTP_TOKEN: choose OAuth (each user's own token) or the one shared bearer token",
      });
    if (c.oauthIssuer && c.transport !== "http")
      ctx.addIssue({ code: "custom", path: ["oauthIssuer"], message: "needs MCP_TRANSPORT=http (Streamable HTTP)" });
    if (c.oauthIssuer === "mock" && !c.mock)
      ctx.addIssue({ code: "custom", path: ["oauthIssuer"], message: '"mock" needs --mock' });
    if (c.oauthIssuer && c.oauthIssuer !== "mock" && !c.oauthAudience)
      ctx.addIssue({
        code: "custom",
        path: ["oauthAudience"],
        message:
          "is required with MCP_OAUTH_ISSUER: the public URL of this server's /mcp endpoint, the tokens' audience",
      });
    if (!c.oauthIssuer && (c.oauthAudience || c.oauthJwksUrl))
      ctx.addIssue({
        code: "custom",
        path: [c.oauthAudience ? "oauthAudience" : "oauthJwksUrl"],
        message: "needs MCP_OAUTH_ISSUER",
      });
    if (c.mockNow && c.scenario)
      ctx.addIssue({
        code: "custom",
        path: ["mockNow"],
        message: "--mock-now does not apply to --demo (each scenario sets its own clock)",
      });
  });

export type Config = z.output<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Environment variable for each setting: every variable the server reads. */
export const ENV: Record<keyof ConfigInput, string> = {
  url: "SCAIVAULT_URL",
  token: "SCAIVAULT_TOKEN",
  mock: "SCAIVAULT_MOCK",
  readOnly: "SCAIVAULT_READ_ONLY",
  maskValues: "SCAIVAULT_MASK_VALUES",
  confirm: "SCAIVAULT_CONFIRM",
  allowedPaths: "SCAIVAULT_ALLOWED_PATHS",
  deniedPaths: "SCAIVAULT_DENIED_PATHS",
  tenantId: "SCAIVAULT_TENANT_ID",
  partnerId: "SCAIVAULT_PARTNER_ID",
  toolsets: "SCAIVAULT_TOOLSETS",
  outputSchemas: "SCAIVAULT_OUTPUT_SCHEMAS",
  toolDiscovery: "SCAIVAULT_TOOL_DISCOVERY",
  transport: "MCP_TRANSPORT",
  port: "PORT",
  host: "MCP_HOST",
  httpToken: "MCP_HTTP_TOKEN",
  allowedOrigins: "MCP_ALLOWED_ORIGINS",
  allowedHosts: "MCP_ALLOWED_HOSTS",
  stateless: "MCP_HTTP_STATELESS",
  maxSessions: "MCP_MAX_SESSIONS",
  sessionIdleS: "MCP_SESSION_IDLE_S",
  cursorKey: "SCAIVAULT_CURSOR_KEY",
  timeoutMs: "SCAIVAULT_TIMEOUT_MS",
  maxRetries: "SCAIVAULT_MAX_RETRIES",
  scenario: "SCAIVAULT_DEMO",
  mockNow: "SCAIVAULT_MOCK_NOW",
  logLevel: "SCAIVAULT_LOG_LEVEL",
  toolsForScopes: "SCAIVAULT_TOOLS_FOR_SCOPES",
  rateLimit: "SCAIVAULT_RATE_LIMIT",
  oauthIssuer: "MCP_OAUTH_ISSUER",
  oauthAudience: "MCP_OAUTH_AUDIENCE",
  oauthJwksUrl: "MCP_OAUTH_JWKS_URL",
  auditLog: "SCAIVAULT_AUDIT_LOG",
  auditLogMaxBytes: "SCAIVAULT_AUDIT_LOG_MAX_BYTES",
  auditLogFiles: "SCAIVAULT_AUDIT_LOG_FILES",
  otel: "SCAIVAULT_OTEL",
};

/** Lists whose empty value is refused rather than read as "unset" (see pathList). */
const LISTS = new Set<keyof ConfigInput>(["allowedPaths", "deniedPaths", "toolsets", "allowedOrigins", "allowedHosts"]);

/**
 * What the command line adds to the environment (src/cli/argv.ts): values that win over it, and
 * the flag that names a setting beside its variable in a message.
 */
export interface Overrides {
  values: Partial<Record<keyof ConfigInput, string | boolean>>;
  flagOf(key: keyof ConfigInput): string | undefined;
}

/**
 * What an MCPB host (Claude Desktop's bundles) passes for an optional `user_config` field the user
 * left blank: its placeholder, untouched. The user chose "not set" in the host's form, so it is.
 */
const BLANK_BUNDLE_FIELD = /^\$\{user_config\.[\w.-]+\}$/;
/** Any other whole-value `${...}`: a template variable that was never expanded; refused, not guessed at. */
const PLACEHOLDER = /^\$\{[^}]*\}$/;

/**
 * Reads settings from the environment, and the command line's overrides if given.
 * @throws ConfigError with one readable sentence naming the setting at fault.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Overrides = { values: {}, flagOf: () => undefined },
): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV)) {
    const value = env[name];
    if (value === undefined || BLANK_BUNDLE_FIELD.test(value.trim())) continue;
    if (PLACEHOLDER.test(value.trim()))
      throw new ConfigError(
        `${name} is "${value.trim()}", a placeholder nothing filled in: set what it names or drop ${name}`,
      );
    if (value !== "" || LISTS.has(key as keyof ConfigInput)) raw[key] = value;
  }
  Object.assign(raw, overrides.values);
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path[0] as keyof ConfigInput | undefined;
    const flag = key && overrides.flagOf(key);
    const where = key ? `${ENV[key]}${flag ? ` / ${flag}` : ""}` : "configuration";
    const message = issue?.message ?? "bad value";
    throw new ConfigError(message.startsWith("is set") ? `${where} ${message}` : `invalid ${where}: ${message}`);
  }
  return parsed.data;
}

/** Builds a config in code (createServer users, tests): same validation, no environment. */
export function defineConfig(input: ConfigInput): Config {
  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success)
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  return parsed.data;
}
