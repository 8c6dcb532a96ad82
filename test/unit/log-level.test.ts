/** SCAIVAULT_LOG_LEVEL: what reaches stderr, and how the setting is read. */
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../src/cli/argv.js";
import { ConfigError } from "../../src/config.js";
import { createLogger, LEVELS, type Level } from "../../src/log.js";

const base = { SCAIVAULT_URL: "https://vault.example", SCAIVAULT_TOKEN: "skt_test_token" };
const level = (env: Record<string, string>, argv: string[] = []) => {
  const action = parseCommandLine({ ...base, ...env }, argv);
  if (action.kind !== "run") throw new Error(action.kind);
  return action.config.logLevel;
};

describe("log level", () => {
  it.each([
    ["error", ["error"]],
    ["warn", ["error", "warn"]],
    ["info", ["error", "warn", "info"]],
    ["debug", ["error", "warn", "info", "debug"]],
  ] as const)("a logger at %s writes %j", (verbosity, written) => {
    const lines: string[] = [];
    const log = createLogger((line) => lines.push(line), verbosity);
    for (const l of LEVELS) log.log(l, `a ${l} line`);
    expect(lines.map((line) => (JSON.parse(line) as { level: Level }).level)).toEqual(written);
  });

  it("is info unless set, read in any case, and the flag wins", () => {
    expect(level({})).toBe("info");
    expect(level({ SCAIVAULT_LOG_LEVEL: " DEBUG " })).toBe("debug");
    expect(level({ SCAIVAULT_LOG_LEVEL: "debug" }, ["--log-level", "error"])).toBe("error");
  });

  it.each(["verbose", "warning", "0"])("refuses %j with one line naming the setting", (value) => {
    expect(() => level({ SCAIVAULT_LOG_LEVEL: value })).toThrow(ConfigError);
    expect(() => level({ SCAIVAULT_LOG_LEVEL: value })).toThrow(
      `invalid SCAIVAULT_LOG_LEVEL / --log-level: expected error, warn, info or debug, got "${value}"`,
    );
  });
});
