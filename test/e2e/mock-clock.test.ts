/**
 * The built binary's mock clock: the agent is told what time the mock keeps (it would otherwise
 * read "today" by its own calendar and find nothing), and --mock-now moves the demo to another day.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, requireBuiltCli } from "./built-cli.js";

requireBuiltCli();

let client: Client | undefined;
afterEach(async () => client?.close());

async function start(args: string[]) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, "--mock", ...args],
    env: { PATH: process.env.PATH ?? "" },
    stderr: "pipe",
  });
  client = new Client({ name: "e2e-clock", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

async function createdAt(c: Client): Promise<string> {
  const result = await c.callTool({
    name: "scaivault_write_secret",
    arguments: { path: "apps/clock/probe", data: { v: "x" } },
  });
  return (result.structuredContent as { created_at: string }).created_at;
}

describe("the mock vault's clock", () => {
  it("tells the agent the mock's time, and keeps it", async () => {
    const c = await start([]);
    expect(c.getInstructions()).toContain("clock stands still at 2026-05-17T15:00:00Z");
    expect(await createdAt(c)).toBe("2026-05-17T15:00:00.000Z");
  });

  it("starts where --mock-now says", async () => {
    const c = await start(["--mock-now", "2026-12-01T18:30:00+01:00"]);
    expect(c.getInstructions()).toContain("stands still at 2026-12-01T17:30:00Z");
    expect(await createdAt(c)).toBe("2026-12-01T17:30:00.000Z");
  });

  it("follows the wall clock with --mock-now now", async () => {
    const before = Date.now();
    const c = await start(["--mock-now", "now"]);
    const at = Date.parse(await createdAt(c));
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now());
  });
});
