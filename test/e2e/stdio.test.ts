/**
 * End to end: the built binary (dist/bin/cli.js, built by `npm test`) over stdio with --mock, driven
 * by the SDK client exactly as Claude Desktop or any MCP host would.
 */
import { spawn, spawnSync } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { catalog } from "../../src/tools/index.js";
import { CLI, requireBuiltCli } from "./built-cli.js";

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
  const stderr: string[] = [];
  transport.stderr?.on("data", (chunk) => stderr.push(String(chunk)));
  client = new Client({ name: "e2e", version: "1.0.0" });
  await client.connect(transport);
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client!.callTool({ name, arguments: args })) as CallToolResult;
  return { client, call, stderr };
}

describe("scaivault-mcp --mock over stdio", () => {
  it("lists every tool and runs the secrets lifecycle", async () => {
    const { client, call } = await start(["--mock"]);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(catalog.map((t) => t.name).sort());

    const write = await call("scaivault_write_secret", { path: "apps/e2e/token", data: { token: "one" } });
    expect(write.structuredContent).toMatchObject({ version: 1 });
    await call("scaivault_write_secret", { path: "apps/e2e/token", data: { token: "two" } });
    expect((await call("scaivault_read_secret", { path: "apps/e2e/token" })).structuredContent).toMatchObject({
      version: 2,
      data: { token: "two" },
    });
    expect((await call("scaivault_get_secret_versions", { path: "apps/e2e/token" })).structuredContent).toMatchObject({
      current_version: 2,
    });
    expect((await call("scaivault_rotate_secret", { path: "apps/e2e/token" })).structuredContent).toMatchObject({
      new_version: 3,
    });
    const list = (await call("scaivault_list_secrets", { prefix: "apps/e2e" })).structuredContent as {
      data: { path: string }[];
    };
    expect(list.data.map((s) => s.path)).toEqual(["apps/e2e/token"]);
    expect((await call("scaivault_delete_secret", { path: "apps/e2e/token" })).structuredContent).toMatchObject({
      deleted: true,
    });
    expect((await call("scaivault_read_secret", { path: "apps/e2e/token" })).isError).toBe(true);
  });

  it("applies the guardrails given as flags", async () => {
    const { call } = await start([
      "--mock",
      "--read-only",
      "--mask-values",
      "--allowed-paths",
      "integrations",
      "--denied-paths",
      "integrations/stripe",
    ]);
    const read = await call("scaivault_read_secret", { path: "integrations/salesforce/oauth" });
    expect(read.structuredContent).toMatchObject({ data: { client_id: "••••••", client_secret: "••••••" } });
    expect((await call("scaivault_write_secret", { path: "integrations/x", data: {} }))._meta?.["scaivault/code"]).toBe(
      "read_only",
    );
    expect(
      (await call("scaivault_read_secret", { path: "integrations/stripe/api-key" }))._meta?.["scaivault/code"],
    ).toBe("path_denied");
    expect(
      (await call("scaivault_read_secret", { path: "infra/db/primary/credentials" }))._meta?.["scaivault/code"],
    ).toBe("path_not_allowed");
  });

  it("applies the guardrails given as environment variables", async () => {
    const { call } = await start(["--mock"], { SCAIVAULT_READ_ONLY: "true", SCAIVAULT_TENANT_ID: "tnt_acme_prod" });
    expect((await call("scaivault_delete_secret", { path: "apps/web/session-key" }))._meta?.["scaivault/code"]).toBe(
      "read_only",
    );
    expect(
      (await call("scaivault_read_secret", { path: "apps/web/session-key", tenant_id: "tnt_globex" }))._meta?.[
        "scaivault/code"
      ],
    ).toBe("tenant_locked");
  });
});

describe("scaivault-mcp --mock over stdio, bad input", () => {
  it("answers a line that is not JSON with -32700 and an invalid request with -32600 for its id", async () => {
    const child = spawn(process.execPath, [CLI, "--mock"], {
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["pipe", "pipe", "ignore"],
    });
    const lines: string[] = [];
    const answered = new Map<unknown, (message: any) => void>();
    const answer = (id: number) => new Promise<any>((resolve) => answered.set(id, resolve));
    let buffer = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      for (let end = buffer.indexOf("\n"); end >= 0; end = buffer.indexOf("\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        lines.push(line);
        const message = JSON.parse(line);
        answered.get(message.id)?.(message);
      }
    });
    try {
      const initialized = answer(1);
      child.stdin.write(
        `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } })}\n`,
      );
      await initialized;
      const pinged = answer(8);
      child.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
      child.stdin.write("this is not json\n");
      child.stdin.write('{"jsonrpc":"2.0","id":7}\r\n');
      child.stdin.write("\n");
      child.stdin.write('{"jsonrpc":"2.0","id":"abc","method":42}\n');
      child.stdin.write('{"jsonrpc":"2.0","id":8,"method":"ping"}\n');
      expect(await pinged).toEqual({ jsonrpc: "2.0", id: 8, result: {} });

      const messages = lines.slice(1).map((line) => JSON.parse(line));
      expect(messages).toEqual([
        { jsonrpc: "2.0", id: null, error: { code: -32700, message: expect.stringMatching(/^Parse error/) } },
        { jsonrpc: "2.0", id: 7, error: { code: -32600, message: expect.stringMatching(/^Invalid Request/) } },
        { jsonrpc: "2.0", id: "abc", error: { code: -32600, message: expect.stringMatching(/^Invalid Request/) } },
        { jsonrpc: "2.0", id: 8, result: {} },
      ]);
      expect(lines.join("\n")).not.toContain("this is not json");
    } finally {
      child.kill();
    }
  });
});

describe("scaivault-mcp start-up errors", () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
      encoding: "utf8",
      input: "",
    });

  it.each([
    [[], { SCAIVAULT_URL: "https://vault.example" }, /SCAIVAULT_TOKEN is required/],
    [["--mock"], { SCAIVAULT_READ_ONLY: "ture" }, /SCAIVAULT_READ_ONLY/],
    [["--mock", "--transport", "carrier-pigeon"], {}, /transport must be/],
    [["--mock", "--tenant-id", "tnt_globex"], {}, /tenant/],
    [["--bogus"], {}, /unknown option --bogus/],
    [["--mock"], { SCAIVAULT_LOG_LEVEL: "verbose" }, /SCAIVAULT_LOG_LEVEL/],
  ] as const)("%j %j exits 2 with one clear line on stderr", (args, env, message) => {
    const result = run([...args], { ...env });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^scaivault-mcp: /);
    expect(lines[0]).toMatch(message);
  });

  it("logs to stderr down to SCAIVAULT_LOG_LEVEL: debug adds the settings line, error drops info and warn", () => {
    // initialize, then a call the vault answers with 404 (logged as a warning); stdin then ends.
    const input = [
      {
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "e2e", version: "1" } },
      },
      { jsonrpc: "2.0", method: "notifications/initialized" },
      {
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: { name: "scaivault_read_secret", arguments: { path: "no/such/secret" } },
      },
    ]
      .map((m) => `${JSON.stringify(m)}\n`)
      .join("");
    const levelsAt = (level: string) => {
      const result = spawnSync(process.execPath, [CLI, "--mock"], {
        env: { PATH: process.env.PATH ?? "", SCAIVAULT_LOG_LEVEL: level },
        encoding: "utf8",
        input,
      });
      expect(result.stdout).toContain("secret_not_found");
      return result.stderr
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { level: string; message: string });
    };
    expect(levelsAt("debug").map((l) => `${l.level} ${l.message}`)).toEqual([
      "debug settings",
      "info scaivault-mcp ready on stdio",
      "warn tool failed",
    ]);
    expect(levelsAt("warn").map((l) => l.level)).toEqual(["warn"]);
    expect(levelsAt("error")).toEqual([]);
  });

  it("prints help to stderr and keeps stdout clean", () => {
    const result = run(["--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("SCAIVAULT_READ_ONLY");
  });
});
