import { z } from "zod";
import { parseClockStart } from "../mock-vault/demo-time.js";
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

/** When the mock vault's clock starts: an ISO 8601 time with offset, or "now" for the wall clock. */
const mockNow = z
  .string()
  .trim()
  .refine((v) => parseClockStart(v) !== undefined, {
    message: 'expected an ISO 8601 time with offset (e.g. 2026-05-17T15:00:00Z) or "now"',
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

/** Defaults of MCP_MAX_SESSIONS and MCP_SESSION_IDLE_S, also used by the transports when built in code. */
export const DEFAULT_MAX_SESSIONS = 1000;
export const DEFAULT_SESSION_IDLE_S = 300;

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
    mockNow: mockNow.optional(),
    logLevel: logLevel.default("info"),
  })
  .superRefine((c, ctx) => {
    if (!c.mock && !c.url)
      ctx.addIssue({ code: "custom", path: ["url"], message: "SCAIVAULT_URL is required (or use --mock)" });
    if (!c.mock && !c.token)
      ctx.addIssue({ code: "custom", path: ["token"], message: "SCAIVAULT_TOKEN is required (or use --mock)" });
    if (c.stateless && c.transport !== "http")
      ctx.addIssue({ code: "custom", path: ["stateless"], message: "needs MCP_TRANSPORT=http (Streamable HTTP)" });
    if (c.scenario && !c.mock) ctx.addIssue({ code: "custom", path: ["scenario"], message: "--demo needs --mock" });
    if (c.mockNow && !c.mock) ctx.addIssue({ code: "custom", path: ["mockNow"], message: "--mock-now needs --mock" });
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
};

/** Lists whose empty value is refused rather than read as "unset" (see pathList). */
const LISTS = new Set<keyof ConfigInput>(["allowedPaths", "deniedPaths", "toolsets", "allowedOrigins", "allowedHosts"]);

/** Command-line flag for each setting; boolean flags take no value. */
const FLAGS: Record<string, { key: keyof ConfigInput; boolean?: true }> = {
  "--mock": { key: "mock", boolean: true },
  "--read-only": { key: "readOnly", boolean: true },
  "--mask-values": { key: "maskValues", boolean: true },
  "--confirm": { key: "confirm" },
  "--allowed-paths": { key: "allowedPaths" },
  "--denied-paths": { key: "deniedPaths" },
  "--tenant-id": { key: "tenantId" },
  "--partner-id": { key: "partnerId" },
  "--toolsets": { key: "toolsets" },
  "--output-schemas": { key: "outputSchemas", boolean: true },
  "--transport": { key: "transport" },
  "--port": { key: "port" },
  "--host": { key: "host" },
  "--stateless": { key: "stateless", boolean: true },
  "--url": { key: "url" },
  "--demo": { key: "scenario" },
  "--mock-now": { key: "mockNow" },
  "--log-level": { key: "logLevel" },
};

export type CliAction = { kind: "run"; config: Config } | { kind: "help" } | { kind: "version" };

function parseArgv(argv: readonly string[]): Partial<Record<keyof ConfigInput, string | boolean>> | "help" | "version" {
  const out: Partial<Record<keyof ConfigInput, string | boolean>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") return "help";
    if (arg === "--version" || arg === "-v") return "version";
    const eq = arg.indexOf("=");
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const flag = FLAGS[name];
    if (!flag) throw new ConfigError(`unknown option ${name} (see --help)`);
    if (flag.boolean) {
      out[flag.key] = eq >= 0 ? arg.slice(eq + 1) : true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith("--"))) throw new ConfigError(`${name} needs a value`);
    out[flag.key] = value;
  }
  return out;
}

/**
 * What an MCPB host (Claude Desktop's bundles) passes for an optional `user_config` field the user
 * left blank: its placeholder, untouched. The user chose "not set" in the host's form, so it is.
 */
const BLANK_BUNDLE_FIELD = /^\$\{user_config\.[\w.-]+\}$/;
/** Any other whole-value `${...}`: a template variable that was never expanded; refused, not guessed at. */
const PLACEHOLDER = /^\$\{[^}]*\}$/;

/**
 * Reads settings from the environment and command line.
 * @throws ConfigError with one readable sentence naming the setting at fault.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  argv: readonly string[] = [],
): CliAction {
  const flags = parseArgv(argv);
  if (flags === "help") return { kind: "help" };
  if (flags === "version") return { kind: "version" };
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
  Object.assign(raw, flags);
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path[0] as keyof ConfigInput | undefined;
    const where = key ? `${ENV[key]}${flagFor(key)}` : "configuration";
    const message = issue?.message ?? "bad value";
    throw new ConfigError(message.startsWith("is set") ? `${where} ${message}` : `invalid ${where}: ${message}`);
  }
  return { kind: "run", config: parsed.data };
}

function flagFor(key: keyof ConfigInput): string {
  const flag = Object.entries(FLAGS).find(([, f]) => f.key === key)?.[0];
  return flag ? ` / ${flag}` : "";
}

/** Builds a config in code (createServer users, tests): same validation, no environment. */
export function defineConfig(input: ConfigInput): Config {
  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success)
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  return parsed.data;
}

export const HELP = `scaivault-mcp - MCP server for the ScaiVault API

Usage: scaivault-mcp [options]
       scaivault-mcp --mock            run offline against the built-in mock vault

Options (each also set by the environment variable shown):
  --mock                 use the in-memory mock vault with demo data        SCAIVAULT_MOCK
  --demo <scenario>      with --mock: play a scripted scenario and exit     SCAIVAULT_DEMO
                         (--demo list shows the scenarios)
  --mock-now <time|now>  with --mock: start the mock clock here             SCAIVAULT_MOCK_NOW
                         (default 2026-05-17T15:00:00Z; "now" = wall clock)
  --url <url>            ScaiVault base URL                                 SCAIVAULT_URL
                         bearer token (environment only)                    SCAIVAULT_TOKEN
  --read-only            refuse every write/delete tool                     SCAIVAULT_READ_ONLY
  --mask-values          replace secret values with ••••••                   SCAIVAULT_MASK_VALUES
  --confirm <mode>       ask the user before irreversible acts: off,        SCAIVAULT_CONFIRM
                         destructive (default: when the client can ask)
                         or required (refuse when it cannot)
  --allowed-paths <a,b>  only these path prefixes                           SCAIVAULT_ALLOWED_PATHS
  --denied-paths <a,b>   never these path prefixes                          SCAIVAULT_DENIED_PATHS
  --tenant-id <id>       lock every request to this tenant                  SCAIVAULT_TENANT_ID
  --partner-id <id>      lock every request to this partner                 SCAIVAULT_PARTNER_ID
  --toolsets <a,b>       expose only these tool groups                      SCAIVAULT_TOOLSETS
  --output-schemas       also list each tool's output schema                SCAIVAULT_OUTPUT_SCHEMAS
  --transport <t>        stdio (default), http or sse                       MCP_TRANSPORT
  --port <n>             HTTP port (default 8765)                           PORT
  --host <addr>          HTTP bind address (default 127.0.0.1)              MCP_HOST
                         bearer token required by the HTTP endpoint         MCP_HTTP_TOKEN
                         extra allowed Origins for HTTP, comma-separated    MCP_ALLOWED_ORIGINS
                         extra Host names a loopback bind answers to        MCP_ALLOWED_HOSTS
  --stateless            HTTP: every POST stands alone, no sessions         MCP_HTTP_STATELESS
                         open HTTP/SSE sessions at most (default 1000)      MCP_MAX_SESSIONS
                         close a session idle this long (default 300 s)     MCP_SESSION_IDLE_S
                         cursor seal key replicas share (hex, 32+ bytes)    SCAIVAULT_CURSOR_KEY
                         API timeout in ms (default 30000)                  SCAIVAULT_TIMEOUT_MS
                         retries for idempotent calls (default 2)           SCAIVAULT_MAX_RETRIES
  --log-level <level>    stderr log: error, warn, info (default) or debug   SCAIVAULT_LOG_LEVEL
  --help, --version
`;
