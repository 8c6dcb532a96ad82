import { type Config, ConfigError, type ConfigInput, ENV, loadConfig, type Overrides } from "../config.js";
import { isMockClockStart, MOCK_NOW_FORMAT } from "./mock.js";

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
  "--tool-discovery": { key: "toolDiscovery" },
  "--transport": { key: "transport" },
  "--port": { key: "port" },
  "--host": { key: "host" },
  "--stateless": { key: "stateless", boolean: true },
  "--url": { key: "url" },
  "--demo": { key: "scenario" },
  "--mock-now": { key: "mockNow" },
  "--log-level": { key: "logLevel" },
  "--tools-for-scopes": { key: "toolsForScopes", boolean: true },
  "--rate-limit": { key: "rateLimit" },
  "--audit-log": { key: "auditLog" },
  "--otel": { key: "otel", boolean: true },
};

export type CliAction = { kind: "run"; config: Config } | { kind: "help" } | { kind: "version" };

function parseArgv(argv: readonly string[]): Overrides["values"] | "help" | "version" {
  const out: Overrides["values"] = {};
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

function flagOf(key: keyof ConfigInput): string | undefined {
  return Object.entries(FLAGS).find(([, f]) => f.key === key)?.[0];
}

/**
 * What the binary is asked to do, from its flags and the environment (flags win).
 * @throws ConfigError with one readable sentence naming the setting at fault.
 */
export function parseCommandLine(
  env: Record<string, string | undefined> = process.env,
  argv: readonly string[] = [],
): CliAction {
  const flags = parseArgv(argv);
  if (flags === "help") return { kind: "help" };
  if (flags === "version") return { kind: "version" };
  const config = loadConfig(env, { values: flags, flagOf });
  if (config.mockNow !== undefined && !isMockClockStart(config.mockNow))
    throw new ConfigError(`invalid ${ENV.mockNow} / ${flagOf("mockNow")}: ${MOCK_NOW_FORMAT}`);
  return { kind: "run", config };
}
