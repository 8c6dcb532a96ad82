/** The audit and telemetry settings: off by default, from the environment or the flags. */
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../src/cli/argv.js";
import { DEFAULT_AUDIT_LOG_FILES, DEFAULT_AUDIT_LOG_MAX_BYTES, loadConfig } from "../../src/config.js";

describe("audit and telemetry settings", () => {
  it("are off by default", () => {
    const config = loadConfig({ SCAIVAULT_MOCK: "true" });
    expect(config.auditLog).toBeUndefined();
    expect(config.otel).toBe(false);
    expect([config.auditLogMaxBytes, config.auditLogFiles]).toEqual([
      DEFAULT_AUDIT_LOG_MAX_BYTES,
      DEFAULT_AUDIT_LOG_FILES,
    ]);
  });

  it("come from the environment and the flags (flags win)", () => {
    const env = {
      SCAIVAULT_MOCK: "true",
      SCAIVAULT_AUDIT_LOG: "/var/log/env.jsonl",
      SCAIVAULT_AUDIT_LOG_MAX_BYTES: "0",
      SCAIVAULT_AUDIT_LOG_FILES: "12",
    };
    const fromEnv = parseCommandLine(env, []);
    const fromFlags = parseCommandLine(env, ["--audit-log", "stderr", "--otel"]);
    if (fromEnv.kind !== "run" || fromFlags.kind !== "run") throw new Error("expected a run");
    expect(fromEnv.config).toMatchObject({
      auditLog: "/var/log/env.jsonl",
      auditLogMaxBytes: 0,
      auditLogFiles: 12,
      otel: false,
    });
    expect(fromFlags.config).toMatchObject({ auditLog: "stderr", otel: true });
  });

  it.each([
    ["SCAIVAULT_AUDIT_LOG_MAX_BYTES", "10MB", /invalid SCAIVAULT_AUDIT_LOG_MAX_BYTES: expected a size in bytes/],
    ["SCAIVAULT_AUDIT_LOG_FILES", "0", /invalid SCAIVAULT_AUDIT_LOG_FILES: expected a number of rotated files/],
    ["SCAIVAULT_AUDIT_LOG_FILES", "101", /SCAIVAULT_AUDIT_LOG_FILES/],
    ["SCAIVAULT_OTEL", "sometimes", /invalid SCAIVAULT_OTEL: expected true or false/],
    ["SCAIVAULT_AUDIT_LOG", "   ", /SCAIVAULT_AUDIT_LOG/],
  ])("%s=%j is refused with one sentence", (name, value, message) => {
    expect(() => loadConfig({ SCAIVAULT_MOCK: "true", [name]: value })).toThrow(message);
  });
});
