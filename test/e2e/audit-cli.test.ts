/**
 * The binary's audit settings: a bad value or an audit file that cannot be appended to stops
 * start-up with one line and exit code 2; `--audit-log` writes lines to the file, or to stderr
 * beside the log, and stdout stays JSON-RPC only.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, requireBuiltCli } from "./built-cli.js";

requireBuiltCli();

const session = [
  {
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "e2e-agent", version: "9" } },
  },
  { jsonrpc: "2.0", method: "notifications/initialized" },
  {
    jsonrpc: "2.0",
    id: 2,
    method: "tools/call",
    params: { name: "scaivault_write_secret", arguments: { path: "apps/e2e/a", data: { v: "e2e-value-7731" } } },
  },
]
  .map((m) => `${JSON.stringify(m)}\n`)
  .join("");

const run = (args: string[], env: Record<string, string> = {}, input = "") =>
  spawnSync(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    input,
  });

describe("scaivault-mcp --audit-log", () => {
  it.each([
    [
      ["--mock", "--audit-log", "/no/such/dir/audit.jsonl"],
      {},
      /--audit-log: cannot append to \/no\/such\/dir\/audit\.jsonl \(ENOENT\)/,
    ],
    [["--mock", "--audit-log", "a.jsonl"], { SCAIVAULT_AUDIT_LOG_MAX_BYTES: "10MB" }, /SCAIVAULT_AUDIT_LOG_MAX_BYTES/],
    [["--mock", "--audit-log", "a.jsonl"], { SCAIVAULT_AUDIT_LOG_FILES: "0" }, /SCAIVAULT_AUDIT_LOG_FILES/],
    [["--mock"], { SCAIVAULT_OTEL: "maybe" }, /SCAIVAULT_OTEL/],
  ] as const)("%j %j exits 2 with one clear line on stderr", (args, env, message) => {
    const result = run([...args], env);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^scaivault-mcp: /);
    expect(lines[0]).toMatch(message);
  });

  it("writes a line per call to the file, never the value", () => {
    const file = join(mkdtempSync(join(tmpdir(), "scaivault-audit-e2e-")), "audit.jsonl");
    const result = run(["--mock", "--audit-log", file], {}, session);
    const answers = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(answers.map((a) => a.id)).toEqual([1, 2]);
    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({
        client: { name: "e2e-agent", version: "9" },
        user: "token",
        name: "scaivault_write_secret",
        arguments: { path: "apps/e2e/a" },
        withheld: ["data"],
        outcome: "ok",
      }),
    ]);
    expect(readFileSync(file, "utf8")).not.toContain("e2e-value-7731");
  });

  it("to stderr: the line beside the log, stdout JSON-RPC only", () => {
    const result = run(["--mock", "--audit-log", "stderr"], {}, session);
    for (const line of result.stdout.trim().split("\n")) expect(JSON.parse(line).jsonrpc).toBe("2.0");
    const audit = result.stderr
      .split("\n")
      .filter((l) => l.includes('"audit":"agent_action"'))
      .map((l) => JSON.parse(l));
    expect(audit).toEqual([expect.objectContaining({ name: "scaivault_write_secret", withheld: ["data"] })]);
    expect(result.stderr).not.toContain("e2e-value-7731");
  });
});
