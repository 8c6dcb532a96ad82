/**
 * The built package as a user imports it: "scaivault-mcp", "scaivault-mcp/mock-vault" and
 * "scaivault-mcp/scenarios" resolve through package.json "exports" (self-reference) to dist/, built by `npm test`.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { expect, it } from "vitest";
import { catalogTable } from "../helpers/catalog-table.js";

it("createServer and createMockVault work from the built exports", async () => {
  // Typed from dist/*.d.ts too: `npm run typecheck` compiles this consumer against the built types.
  const lib = await import("scaivault-mcp");
  const mockLib = await import("scaivault-mcp/mock-vault");
  expect(lib.catalog).toHaveLength(catalogTable.length);
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

it("scaivault-mcp/scenarios plays a library scenario by id and one declared for an own profile", async () => {
  const { scenario, scenarios, playScenario, formatTranscript } = await import("scaivault-mcp/scenarios");
  const outage = scenarios.find((s) => s.id === "audit.outage-investigation");
  expect(outage).toBeDefined();
  const played = await playScenario(outage!);
  expect(played.passed).toBe(true);
  expect(formatTranscript(outage!, played)).toContain("scaivault_query_audit");

  const mine = scenario({
    id: "mine.integrations-reader",
    title: "An agent that may only read integrations/, masked",
    profile: { readOnly: true, maskValues: true, allowedPaths: ["integrations"] },
    steps: [
      {
        tool: "scaivault_read_secret",
        args: { path: "integrations/stripe/api-key" },
        expect: { ok: true, match: { "data.key": "••••••" } },
      },
      {
        tool: "scaivault_read_secret",
        args: { path: "infra/db/primary/credentials" },
        expect: { refused: "path_not_allowed" },
      },
      {
        tool: "scaivault_delete_secret",
        args: { path: "integrations/stripe/api-key" },
        expect: { refused: "read_only" },
      },
    ],
  });
  const result = await playScenario(mine);
  expect(result.steps.map((s) => s.problem)).toEqual([undefined, undefined, undefined]);
  expect([...result.guardrails].sort()).toEqual(["allowed_paths", "mask_values", "read_only"]);
  // A wrong expectation fails the scenario rather than passing quietly.
  const wrong = scenario({
    id: "mine.wrong",
    title: "Expects a read outside the window to succeed",
    profile: mine.profile,
    steps: [{ tool: "scaivault_read_secret", args: { path: "infra/db/primary/credentials" }, expect: { ok: true } }],
  });
  expect((await playScenario(wrong)).passed).toBe(false);
});
