/**
 * The built package as a user imports it: "scaivault-mcp" and "scaivault-mcp/mock-vault" resolve
 * through package.json "exports" (self-reference) to dist/, built by `npm test`.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { expect, it } from "vitest";

it("createServer and createMockVault work from the built exports", async () => {
  // Typed from dist/*.d.ts too: `npm run typecheck` compiles this consumer against the built types.
  const lib = await import("scaivault-mcp");
  const mockLib = await import("scaivault-mcp/mock-vault");
  expect(lib.catalog).toHaveLength(67);
  const mock = mockLib.createMockVault({ seed: 1 });
  const server = lib.createServer({ config: { mock: true, maskValues: true }, fetch: mock.fetch });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  const client = new Client({ name: "dist", version: "1" });
  await client.connect(a);
  const result = await client.callTool({
    name: "scaivault_read_secret",
    arguments: { path: "integrations/stripe/api-key" },
  });
  expect(result.structuredContent).toMatchObject({ data: { key: "••••••" } });
  await client.close();
});
