/**
 * The shortcut past the SDK's message classification: a message taken for a plain request must
 * be one the SDK's own schemas classify as a request and nothing else, and the guarded transport
 * hands exactly those to the request dispatch, everything else to the SDK's onmessage.
 */
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
} from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { GuardedTransport } from "../../src/guarded-transport.js";
import { createLogger } from "../../src/log.js";
import { plainRequest } from "../../src/plain-request.js";
import { Redactor } from "../../src/redact.js";

const call = { name: "scaivault_read_secret", arguments: { path: "a/b" } };
const MESSAGES: [string, unknown][] = [
  ["a tools/call", { jsonrpc: "2.0", id: 1, method: "tools/call", params: call }],
  ["a string id", { jsonrpc: "2.0", id: "x", method: "tools/list" }],
  ["no params", { jsonrpc: "2.0", id: 2, method: "ping" }],
  [
    "params with _meta",
    { jsonrpc: "2.0", id: 3, method: "tools/call", params: { ...call, _meta: { progressToken: 1 } } },
  ],
  ["a notification", { jsonrpc: "2.0", method: "notifications/initialized" }],
  ["a result", { jsonrpc: "2.0", id: 4, result: {} }],
  ["an error", { jsonrpc: "2.0", id: 5, error: { code: -1, message: "x" } }],
  ["a request with a result key", { jsonrpc: "2.0", id: 6, method: "ping", result: {} }],
  ["a fractional id", { jsonrpc: "2.0", id: 1.5, method: "ping" }],
  ["an unsafe integer id", { jsonrpc: "2.0", id: 2 ** 60, method: "ping" }],
  ["a null id", { jsonrpc: "2.0", id: null, method: "ping" }],
  ["params an array", { jsonrpc: "2.0", id: 7, method: "ping", params: [1] }],
  ["params undefined but present", { jsonrpc: "2.0", id: 8, method: "ping", params: undefined }],
  ["jsonrpc 1.0", { jsonrpc: "1.0", id: 9, method: "ping" }],
  ["an extra key", { jsonrpc: "2.0", id: 10, method: "ping", extra: 1 }],
];

describe("plainRequest", () => {
  it.each(MESSAGES)("never disagrees with the SDK's schemas: %s", (_, message) => {
    if (!plainRequest(message)) return;
    expect(isJSONRPCRequest(message)).toBe(true);
    expect(isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)).toBe(false);
  });

  it("takes the requests hosts send, and leaves the rest to the SDK", () => {
    const taken = MESSAGES.filter(([, m]) => plainRequest(m)).map(([name]) => name);
    expect(taken).toEqual(["a tools/call", "a string id", "no params"]);
  });
});

describe("GuardedTransport with a request dispatch", () => {
  const inner = (): Transport => ({ start: async () => {}, close: async () => {}, send: async () => {} });

  it("hands plain requests to the dispatch and every other message to onmessage", () => {
    const base = inner();
    const dispatched: unknown[] = [];
    const classified: unknown[] = [];
    const guarded = new GuardedTransport(
      base,
      new Redactor(),
      createLogger(() => undefined),
      (request) => dispatched.push(request),
    );
    guarded.onmessage = (message) => classified.push(message);
    for (const [, message] of MESSAGES) base.onmessage?.(message as JSONRPCMessage);
    expect(dispatched).toEqual(MESSAGES.filter(([, m]) => plainRequest(m)).map(([, m]) => m));
    expect(classified).toEqual(MESSAGES.filter(([, m]) => !plainRequest(m)).map(([, m]) => m));
    expect(classified.some((m) => isJSONRPCNotification(m))).toBe(true);
  });
});

describe("the SDK's request dispatch", () => {
  it("is still there, so the shortcut is taken (without it every message takes the SDK's way)", async () => {
    const { Server } = await import("@modelcontextprotocol/sdk/server/index.js");
    const server = new Server({ name: "t", version: "1" }, { capabilities: {} });
    expect(typeof (server as unknown as { _onrequest?: unknown })._onrequest).toBe("function");
  });
});
