/**
 * Test harness: a real MCP Client <-> InMemoryTransport <-> createServer <-> mock vault.
 * Every integration test builds its own (no shared state between tests).
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult, ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { expect } from "vitest";
import { z } from "zod";
import { createMockVault, type MockVaultHandle, type MockVaultOptions } from "../../mock-vault/index.js";
import type { ConfigInput } from "../../src/config.js";
import type { Logger } from "../../src/log.js";
import { buildServer, type ServerParts } from "../../src/server.js";

/** One request the server sent to the mock vault, as sent (the mock's journal keeps only method, pathname and status). */
export interface SentRequest {
  method: string;
  url: URL;
  body: string;
  /** The mock's answer, raw (before any guard or masking); absent when the request failed or hung. */
  answer?: { status: number; body: string };
}

export interface Harness {
  mock: MockVaultHandle;
  /** Every request the server sent to the mock vault, oldest first; tests may empty it. */
  sent: SentRequest[];
  client: Client;
  parts: ServerParts;
  /** Calls a tool; never throws for tool-level errors (they come back as isError results). */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** Calls a tool and returns its structuredContent, failing the test on an error result. */
  ok<T = any>(name: string, args?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export async function connect(
  profile: Partial<ConfigInput> = {},
  mockOptions: MockVaultOptions = {},
  logger?: Logger,
  /** What the test client declares (elicitation, for the guard's questions). */
  capabilities: ClientCapabilities = {},
): Promise<Harness> {
  const mock = createMockVault(mockOptions);
  const sent: SentRequest[] = [];
  const parts = buildServer({
    config: { mock: true, maxRetries: 0, ...profile },
    fetch: async (request) => {
      const entry: SentRequest = {
        method: request.method,
        url: new URL(request.url),
        body: await request.clone().text(),
      };
      sent.push(entry);
      const response = await mock.fetch(request);
      entry.answer = { status: response.status, body: await response.clone().text() };
      return response;
    },
    ...(logger ? { logger } : {}),
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await parts.server.connect(serverTransport);
  const client = new Client({ name: "scaivault-test", version: "1.0.0" }, { capabilities });
  await client.connect(clientTransport);
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    if (!result.isError) expectWireShape(parts, name, result);
    return result;
  };
  return {
    mock,
    sent,
    client,
    parts,
    call,
    async ok(name, args = {}) {
      const result = await call(name, args);
      if (result.isError) throw new Error(`${name} failed: ${textOf(result)}`);
      return result.structuredContent as any;
    },
    async close() {
      await client.close();
      await parts.server.close();
    },
  };
}

/**
 * At run time results are only checked against the advertised top-level types (a real vault may
 * differ in detail); here the mock is held to the full declared shape of every successful result.
 */
function expectWireShape(parts: ServerParts, name: string, result: CallToolResult): void {
  const def = parts.tools.find((t) => t.name === name);
  if (!def) return;
  const parsed = z.object(def.output).safeParse(result.structuredContent);
  expect(parsed.success, `${name} result does not match its declared output: ${parsed.error?.message}`).toBe(true);
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
}

/** Asserts an isError result whose stable code is `code` (text prefix and _meta), with no structuredContent. */
export function expectRefused(result: CallToolResult, code: string): void {
  expect(result.isError, textOf(result)).toBe(true);
  expect(textOf(result).startsWith(`${code}:`), textOf(result)).toBe(true);
  expect(result._meta?.["scaivault/code"]).toBe(code);
  expect(result.structuredContent).toBeUndefined();
}

/** Number of audited requests that reached the mock vault so far. */
export function requestsSeen(mock: MockVaultHandle): number {
  return mock.state.audit.events.length;
}
