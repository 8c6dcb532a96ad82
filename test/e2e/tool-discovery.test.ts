/**
 * The built binary (dist/bin/cli.js) with --tool-discovery search, over stdio as a host drives it:
 * the tools/list answer on the wire is the three discovery tools in under 3 kB, a call by name
 * runs; a bad value stops start-up with one line and exit code 2.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, requireBuiltCli } from "./built-cli.js";

requireBuiltCli();

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill();
  child = undefined;
});

function start(args: string[], env: Record<string, string> = {}) {
  child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? "", ...env } });
  const lines: string[] = [];
  const waiting = new Map<number, (line: string) => void>();
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    let end = buffered.indexOf("\n");
    while (end >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      lines.push(line);
      const id = (JSON.parse(line) as { id?: number }).id;
      if (id !== undefined) waiting.get(id)?.(line);
      end = buffered.indexOf("\n");
    }
  });
  let next = 1;
  /** Sends one request and resolves with the answer's line exactly as written to stdout. */
  const request = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<string>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      child!.stdin!.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    });
  const notify = (method: string) => child!.stdin!.write(`${JSON.stringify({ jsonrpc: "2.0", method })}\n`);
  return { request, notify, lines };
}

describe("scaivault-mcp --mock --tool-discovery search over stdio", () => {
  it("answers tools/list with the three discovery tools in under 3 kB, and calls a tool by name", async () => {
    const { request, notify } = start(["--mock", "--tool-discovery", "search"]);
    await request("initialize", {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "e2e", version: "1.0.0" },
    });
    notify("notifications/initialized");
    const listed = await request("tools/list");
    expect(Buffer.byteLength(listed)).toBeLessThan(3000);
    const names = (JSON.parse(listed) as { result: { tools: { name: string }[] } }).result.tools.map((t) => t.name);
    expect(names).toEqual(["scaivault_search_tools", "scaivault_describe_tool", "scaivault_call_tool"]);
    const called = JSON.parse(
      await request("tools/call", {
        name: "scaivault_call_tool",
        arguments: { name: "scaivault_read_secret", arguments: { path: "integrations/stripe/api-key" } },
      }),
    ) as { result: { isError?: boolean; structuredContent: { path: string } } };
    expect(called.result.isError).toBeFalsy();
    expect(called.result.structuredContent.path).toBe("integrations/stripe/api-key");
  });

  it("refuses a bad SCAIVAULT_TOOL_DISCOVERY in one line and exits 2, writing nothing to stdout", async () => {
    const { lines } = start(["--mock"], { SCAIVAULT_TOOL_DISCOVERY: "lazy" });
    const stderr: string[] = [];
    child!.stderr!.on("data", (chunk) => stderr.push(String(chunk)));
    const code = await new Promise<number | null>((resolve) => child!.on("exit", resolve));
    expect(code).toBe(2);
    expect(stderr.join("")).toMatch(
      /^scaivault-mcp: invalid SCAIVAULT_TOOL_DISCOVERY \/ --tool-discovery: expected all or search, got "lazy"\n$/,
    );
    expect(lines).toEqual([]);
  });
});
