/**
 * A server with an audit file, a real MCP client over InMemoryTransport and the mock vault, for
 * the audit tests: the file's lines, and the X-Request-ID of every answer the vault gave.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createMockVault, type MockVaultHandle } from "../../mock-vault/index.js";
import type { AuditSink } from "../../src/audit/sink.js";
import type { Caller } from "../../src/caller.js";
import type { ConfigInput } from "../../src/config.js";
import type { Logger } from "../../src/log.js";
import { buildServer, type ServerParts } from "../../src/server.js";

export interface Audited {
  file: string;
  mock: MockVaultHandle;
  client: Client;
  parts: ServerParts;
  /** X-Request-ID of each vault answer, in order. */
  vaultIds: string[];
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** The audit file's lines, parsed (none when it does not exist yet). */
  lines(): Record<string, any>[];
  text(): string;
  close(): Promise<void>;
}

export async function audited(
  profile: Partial<ConfigInput> = {},
  options: { caller?: Caller; audit?: AuditSink; file?: string; logger?: Logger } = {},
): Promise<Audited> {
  const file = options.file ?? join(mkdtempSync(join(tmpdir(), "scaivault-audit-")), "audit.jsonl");
  const mock = createMockVault();
  const vaultIds: string[] = [];
  const parts = buildServer({
    config: { mock: true, maxRetries: 0, auditLog: file, ...profile },
    fetch: async (request) => {
      const response = await mock.fetch(request);
      const id = response.headers.get("x-request-id");
      if (id) vaultIds.push(id);
      return response;
    },
    ...(options.caller ? { caller: options.caller } : {}),
    ...(options.audit ? { audit: options.audit } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await parts.server.connect(serverTransport);
  const client = new Client({ name: "audit-test-agent", version: "2.3.4" });
  await client.connect(clientTransport);
  const text = () => {
    try {
      return readFileSync(file, "utf8");
    } catch {
      return "";
    }
  };
  return {
    file,
    mock,
    client,
    parts,
    vaultIds,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    lines: () =>
      text()
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
    text,
    async close() {
      await client.close();
      await parts.server.close();
    },
  };
}
