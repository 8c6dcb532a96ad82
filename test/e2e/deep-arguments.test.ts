/**
 * The built binary over stdio, fed a tool call whose data is nested 50,000 levels deep as a raw
 * JSON-RPC line (what a prompt-injected agent's host would forward): the answer is an
 * `invalid_arguments` result with one sentence, and the next call is served as usual.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CLI, requireBuiltCli } from "./built-cli.js";

requireBuiltCli();

describe("scaivault-mcp --mock over stdio, arguments nested 50,000 levels deep", () => {
  it("answers invalid_arguments and keeps serving", async () => {
    const child = spawn(process.execPath, [CLI, "--mock"], { stdio: ["pipe", "pipe", "ignore"] });
    const answers = new Map<number, any>();
    let buffer = "";
    const waiters: (() => void)[] = [];
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        const message = JSON.parse(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        if (typeof message.id === "number") answers.set(message.id, message);
        for (const wake of waiters.splice(0)) wake();
        nl = buffer.indexOf("\n");
      }
    });
    const answer = async (id: number) => {
      while (!answers.has(id)) await new Promise<void>((resolve) => waiters.push(resolve));
      return answers.get(id);
    };
    const send = (message: object | string) =>
      child.stdin.write(`${typeof message === "string" ? message : JSON.stringify(message)}\n`);
    try {
      send({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
      });
      await answer(1);
      send({ jsonrpc: "2.0", method: "notifications/initialized" });
      // Built as text: the test itself must not recurse 50,000 levels.
      const deep = `${'{"x":'.repeat(50_000)}1${"}".repeat(50_000)}`;
      send(
        `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"scaivault_write_secret","arguments":{"path":"apps/deep","data":${deep}}}}`,
      );
      const refused = await answer(2);
      expect(refused.result).toEqual({
        isError: true,
        content: [{ type: "text", text: "invalid_arguments: the arguments are nested deeper than 64 levels." }],
        _meta: { "scaivault/code": "invalid_arguments" },
      });
      send({
        jsonrpc: "2.0",
        id: 3,
        method: "tools/call",
        params: { name: "scaivault_read_secret", arguments: { path: "integrations/stripe/api-key" } },
      });
      expect((await answer(3)).result.structuredContent.path).toBe("integrations/stripe/api-key");
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill();
    }
  }, 60_000);
});
