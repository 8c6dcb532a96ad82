/**
 * A "vault" that answers differently from the mock: the mock behind a fetch whose JSON responses
 * `rewrite` may change, served through a real MCP client and server. For shapes the mock does not
 * produce (a vault answering exactly as documented, or echoing more than it should). A rewrite
 * returns the body to send, or a whole Response (for other statuses and headers).
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createMockVault, type MockVaultHandle } from "../../mock-vault/index.js";
import type { ConfigInput } from "../../src/config.js";
import type { Logger } from "../../src/log.js";
import { buildServer, type ServerParts } from "../../src/server.js";

export type Rewrite = (path: string, method: string, body: any, request: Request) => any;

export interface RewritingHarness {
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  client: Client;
  mock: MockVaultHandle;
  parts: ServerParts;
  close(): Promise<void>;
}

export async function connectRewriting(
  rewrite: Rewrite,
  profile: Partial<ConfigInput> = {},
  logger?: Logger,
): Promise<RewritingHarness> {
  const mock = createMockVault();
  const fetch = async (request: Request) => {
    const response = await mock.fetch(request.clone());
    if (!(response.headers.get("content-type") ?? "").includes("json")) return response;
    const { pathname } = new URL(request.url);
    const out = await rewrite(pathname, request.method, await response.json(), request);
    return out instanceof Response ? out : Response.json(out, { status: response.status });
  };
  const parts = buildServer({
    config: { mock: true, maxRetries: 0, ...profile },
    fetch,
    ...(logger ? { logger } : {}),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await parts.server.connect(serverSide);
  const client = new Client({ name: "scaivault-rewriting-test", version: "1.0.0" });
  await client.connect(clientSide);
  return {
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    client,
    mock,
    parts,
    close: async () => {
      await client.close();
      await parts.server.close();
    },
  };
}
