import process from "node:process";
import type { Readable, Writable } from "node:stream";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { type JSONRPCMessage, JSONRPCMessageSchema, type RequestId } from "@modelcontextprotocol/sdk/types.js";
import { isObject, plainRequest } from "../plain-request.js";

/** Longest line read (the SDK's own limit); a longer one is discarded and answered. */
const MAX_LINE_BYTES = 10 * 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * Serves one MCP session over stdin/stdout. When stdin ends the process exits by itself once
 * in-flight calls have answered (nothing else keeps it alive); signals are handled by the CLI.
 */
export async function serveStdio(server: McpServer): Promise<void> {
  await server.connect(new AnsweringStdioTransport());
}

/**
 * The SDK's stdio transport, except that a line which is not JSON-RPC gets a JSON-RPC error
 * (-32700 for text that is not JSON, -32600 for JSON that is not a message, with the request's
 * id when it has one) where the SDK drops it silently and a client waiting on that id hangs.
 * Replies go through `send`, so stdout stays one JSON-RPC message per line.
 */
export class AnsweringStdioTransport extends StdioServerTransport {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** The current line grew past MAX_LINE_BYTES: skip it up to its newline. */
  #discarding = false;

  constructor(stdin: Readable = process.stdin, stdout: Writable = process.stdout) {
    super(stdin, stdout);
    this._ondata = (chunk: Buffer) => this.#receive(chunk);
  }

  #receive(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      const tail = chunk.subarray(start, end);
      start = end + 1;
      if (this.#discarding || this.#pendingBytes + tail.length > MAX_LINE_BYTES) {
        this.#dropLine();
        continue;
      }
      const line = Buffer.concat([...this.#pending, tail]).toString("utf8");
      this.#pending = [];
      this.#pendingBytes = 0;
      this.#handle(line.endsWith("\r") ? line.slice(0, -1) : line);
    }
    const rest = chunk.subarray(start);
    if (this.#discarding || rest.length === 0) return;
    if (this.#pendingBytes + rest.length > MAX_LINE_BYTES) {
      this.#pending = [];
      this.#pendingBytes = 0;
      this.#discarding = true;
      return;
    }
    this.#pending.push(rest);
    this.#pendingBytes += rest.length;
  }

  /** End of a line too long to read: answer once, start afresh. */
  #dropLine(): void {
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#discarding = false;
    this.#reply(null, -32600, `Invalid Request: a message is limited to ${MAX_LINE_BYTES} bytes.`);
  }

  #handle(line: string): void {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.#reply(null, -32700, "Parse error: the line is not valid JSON.");
      return;
    }
    const message = plainRequest(value)
      ? { success: true as const, data: value }
      : JSONRPCMessageSchema.safeParse(value);
    if (message.success) {
      try {
        this.onmessage?.(message.data);
      } catch (error) {
        this.onerror?.(error as Error);
      }
      return;
    }
    // A malformed response is not answered (a reply to a reply would be one more bad message).
    if (isObject(value) && ("result" in value || "error" in value)) return;
    this.#reply(
      requestIdOf(value),
      -32600,
      "Invalid Request: the message is not a JSON-RPC 2.0 request or notification.",
    );
  }

  #reply(id: RequestId | null, code: number, message: string): void {
    // id null is what JSON-RPC prescribes when the request's id cannot be read; the SDK's type has no null.
    const error = { jsonrpc: "2.0", id, error: { code, message } } as unknown as JSONRPCMessage;
    this.send(error).catch(() => undefined);
  }
}

function requestIdOf(value: unknown): RequestId | null {
  if (!isObject(value)) return null;
  const { id } = value;
  return typeof id === "string" || (typeof id === "number" && Number.isInteger(id)) ? id : null;
}
