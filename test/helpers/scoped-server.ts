/**
 * A real MCP client connected to a server acting with a vault token of chosen scopes, minted in
 * the mock vault; the server is built as the CLI builds it (the token's scopes read with whoami
 * first), or for an OAuth caller (ServerOptions.caller), with an optional shared rate limiter.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createMockVault, type MockVaultHandle } from "../../mock-vault/index.js";
import type { Caller } from "../../src/caller.js";
import { type ConfigInput, defineConfig } from "../../src/config.js";
import type { RateLimiter } from "../../src/guard/index.js";
import { buildServer, clientFor, type ServerParts, tokenScopes } from "../../src/server.js";

export interface ScopedServer {
  mock: MockVaultHandle;
  client: Client;
  parts: ServerParts;
  /** The requests that reached the mock vault so far (its journal). */
  vaultRequests(): number;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  listed(): Promise<string[]>;
  instructions(): string;
  close(): Promise<void>;
}

export interface ScopedOptions {
  profile?: Partial<ConfigInput>;
  caller?: Caller;
  rateLimiter?: RateLimiter;
  /** A vault to share between servers (rate limits across sessions). */
  mock?: MockVaultHandle;
}

let minted = 0;

/** Mints a token with these scopes in the mock vault (tenant tnt_acme_prod) and returns it. */
export function mintToken(mock: MockVaultHandle, scopes: readonly string[]): string {
  const token = `skt_mock_scoped_${++minted}`;
  mock.state.addToken({
    token,
    identity_id: "user:ops@acme.example",
    identity_type: "user",
    tenant_id: mock.tenantId,
    partner_id: "ptn_acme",
    scopes: [...scopes],
  });
  return token;
}

export async function serveWithScopes(scopes: readonly string[], options: ScopedOptions = {}): Promise<ScopedServer> {
  const mock = options.mock ?? createMockVault();
  const token = mintToken(mock, scopes);
  const config = defineConfig({ mock: true, token, maxRetries: 0, ...options.profile });
  // What the CLI does at start-up: whoami, unless the catalog is not fitted.
  const held = config.toolsForScopes ? await tokenScopes(clientFor(config, mock.fetch)) : undefined;
  const parts = buildServer({
    config,
    fetch: mock.fetch,
    ...(held ? { tokenScopes: held } : {}),
    ...(options.caller ? { caller: options.caller } : {}),
    ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await parts.server.connect(serverTransport);
  const client = new Client({ name: "scaivault-test", version: "1.0.0" });
  await client.connect(clientTransport);
  return {
    mock,
    client,
    parts,
    vaultRequests: () => mock.state.journal.length,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    listed: async () => (await client.listTools()).tools.map((t) => t.name),
    instructions: () => client.getInstructions() ?? "",
    close: async () => {
      await client.close();
      await parts.server.close();
    },
  };
}
