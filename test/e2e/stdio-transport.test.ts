/**
 * The stdio transport in-process, over PassThrough streams: line framing across chunks, CRLF,
 * JSON-RPC errors for lines that are not messages, and a line over the size limit.
 */
import { PassThrough } from "node:stream";
import { type JSONRPCMessage, JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { AnsweringStdioTransport } from "../../src/transports/stdio.js";

let transport: AnsweringStdioTransport | undefined;
afterEach(async () => transport?.close());

function open() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const received: JSONRPCMessage[] = [];
  const written: string[] = [];
  stdout.on("data", (chunk: Buffer) => written.push(...chunk.toString("utf8").split("\n").filter(Boolean)));
  transport = new AnsweringStdioTransport(stdin, stdout);
  transport.onmessage = (message) => received.push(message);
  return { stdin, received, replies: () => written.map((line) => JSON.parse(line)), start: () => transport!.start() };
}

/** Stream events are queued as ticks; setImmediate runs once all of them have. */
function settled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe("AnsweringStdioTransport", () => {
  it("frames messages split across chunks and ending in CRLF", async () => {
    const { stdin, received, replies, start } = open();
    await start();
    stdin.write('{"jsonrpc":"2.0","id":1,');
    stdin.write('"method":"ping"}\r\n{"jsonrpc":"2.0","method":"notifications/initialized"}\n{"jsonrpc"');
    stdin.write(':"2.0","id":2,"method":"ping"}\n');
    await settled();
    expect(received).toEqual([
      { jsonrpc: "2.0", id: 1, method: "ping" },
      { jsonrpc: "2.0", method: "notifications/initialized" },
      { jsonrpc: "2.0", id: 2, method: "ping" },
    ]);
    expect(replies()).toEqual([]);
  });

  it("answers bad lines, ignores blank ones and never answers a malformed response", async () => {
    const { stdin, received, replies, start } = open();
    await start();
    stdin.write('not json\n\n  \n{"jsonrpc":"2.0","id":3}\n[1,2]\n{"jsonrpc":"2.0","id":4,"error":"oops"}\n');
    await settled();
    expect(received).toEqual([]);
    expect(replies().map((r) => [r.id, r.error.code])).toEqual([
      [null, -32700],
      [3, -32600],
      [null, -32600],
    ]);
  });

  it("discards a line over 10 MB with one -32600 and keeps reading", async () => {
    const { stdin, received, replies, start } = open();
    await start();
    const chunk = Buffer.alloc(4 * 1024 * 1024, "x");
    stdin.write('{"jsonrpc":"2.0","id":5,"method":"ping","params":{"x":"');
    for (let i = 0; i < 3; i++) stdin.write(chunk);
    stdin.write('"}}\n{"jsonrpc":"2.0","id":6,"method":"ping"}\n');
    await settled();
    expect(replies().map((r) => [r.id, r.error.code])).toEqual([[null, -32600]]);
    expect(received).toEqual([{ jsonrpc: "2.0", id: 6, method: "ping" }]);
  });

  // Requests skip the SDK's message schema when they certainly pass it: the verdict and the
  // message delivered must be the schema's for every line, on either side of that shortcut.
  it.each([
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"t","arguments":{"a":[1,{"b":null}]}}}',
    '{"jsonrpc":"2.0","id":"x-1","method":"tools/list"}',
    '{"jsonrpc":"2.0","id":0,"method":"ping","params":{}}',
    '{"jsonrpc":"2.0","id":1.5,"method":"ping"}',
    '{"jsonrpc":"2.0","id":9007199254740993,"method":"ping"}',
    '{"jsonrpc":"2.0","id":null,"method":"ping"}',
    '{"jsonrpc":"2.0","id":true,"method":"ping"}',
    '{"jsonrpc":"2.0","id":1,"method":7}',
    '{"jsonrpc":"1.0","id":1,"method":"ping"}',
    '{"jsonrpc":"2.0","id":1,"method":"ping","extra":1}',
    '{"jsonrpc":"2.0","id":1,"method":"ping","__proto__":{"x":1}}',
    '{"jsonrpc":"2.0","id":1,"method":"ping","params":[1]}',
    '{"jsonrpc":"2.0","id":1,"method":"ping","params":null}',
    '{"jsonrpc":"2.0","id":1,"method":"ping","params":"p"}',
    '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"__proto__":{"x":1},"y":2}}',
    '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"_meta":{"progressToken":"p1"}}}',
    '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"_meta":{"progressToken":{"no":1}}}}',
    '{"jsonrpc":"2.0","method":"notifications/initialized"}',
    '{"jsonrpc":"2.0","id":5,"result":{}}',
  ])("takes %s exactly as the SDK's message schema does", async (line) => {
    const { stdin, received, replies, start } = open();
    await start();
    stdin.write(`${line}\n`);
    await settled();
    const verdict = JSONRPCMessageSchema.safeParse(JSON.parse(line));
    if (verdict.success) {
      expect(received).toEqual([verdict.data]);
      expect(replies()).toEqual([]);
    } else {
      expect(received).toEqual([]);
      expect(replies().map((r: { error?: { code: number } }) => r.error?.code)).toEqual([-32600]);
    }
  });
});
