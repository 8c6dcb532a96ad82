/**
 * End to end: the built binary reads its token's scopes at start-up (whoami) and lists only the
 * tools they can use; --tools-for-scopes=false lists all; --rate-limit refuses the call over the
 * limit; a bad --rate-limit stops start-up with one line and exit code 2.
 */
import { spawnSync } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO } from "../../mock-vault/core/demo.js";
import { catalog } from "../../src/tools/index.js";
import { expectRefused } from "../helpers/harness.js";
import { CLI, requireBuiltCli } from "./built-cli.js";

/** The mock's demo reader: secrets:read, secrets:list, audit:read, policies:read. */
const READER = ["secrets:read", "secrets:list", "audit:read", "policies:read"];

requireBuiltCli();

let client: Client | undefined;
afterEach(async () => client?.close());

async function start(args: string[], env: Record<string, string> = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, ...args],
    env: { PATH: process.env.PATH ?? "", ...env },
    stderr: "pipe",
  });
  client = new Client({ name: "e2e", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

describe("scaivault-mcp --mock with a scoped token", () => {
  it("lists only the tools the token's scopes can use, and says what was left out", async () => {
    const c = await start(["--mock"], { SCAIVAULT_TOKEN: DEMO.tokens.readOnly });
    const names = (await c.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(catalog.filter((d) => d.scopes.every((s) => READER.includes(s))).map((d) => d.name));
    expect(c.getInstructions()).toContain("Not listed because the vault token lacks the scopes");
    const write = (await c.callTool({
      name: "scaivault_write_secret",
      arguments: { path: "apps/x", data: { a: "1" } },
    })) as CallToolResult;
    expectRefused(write, "insufficient_scope");
  });

  it("lists every tool with --tools-for-scopes=false", async () => {
    const c = await start(["--mock", "--tools-for-scopes=false"], { SCAIVAULT_TOKEN: DEMO.tokens.readOnly });
    expect((await c.listTools()).tools).toHaveLength(catalog.length);
  });

  it("refuses the call over --rate-limit with rate_limited and retry_after", async () => {
    const c = await start(["--mock", "--rate-limit", "1/h,burst=1"]);
    const read = { name: "scaivault_read_secret", arguments: { path: "integrations/stripe/api-key" } };
    expect(((await c.callTool(read)) as CallToolResult).isError).toBeFalsy();
    const limited = (await c.callTool(read)) as CallToolResult;
    expectRefused(limited, "rate_limited");
    expect(limited._meta?.["scaivault/retry_after"]).toBeGreaterThan(0);
  });
});

it("stops start-up on a bad SCAIVAULT_RATE_LIMIT with one line and exit code 2", () => {
  const run = spawnSync(process.execPath, [CLI, "--mock"], {
    env: { PATH: process.env.PATH ?? "", SCAIVAULT_RATE_LIMIT: "lots" },
    encoding: "utf8",
    input: "",
  });
  expect(run.status).toBe(2);
  expect(run.stderr.trim().split("\n")).toEqual([
    expect.stringMatching(/^scaivault-mcp: invalid SCAIVAULT_RATE_LIMIT \/ --rate-limit: "lots" is not understood/),
  ]);
});
