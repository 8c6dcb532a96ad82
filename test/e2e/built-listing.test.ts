/**
 * The binaries carry the catalog's tools/list computed at build time (tsup.config.ts), so a cold
 * start answers it without building JSON Schemas. What the built binary lists must be exactly what
 * the sources compute (`toolList`), in every setting that picks entries out of it: the whole
 * catalog, a few toolsets, one tool described in search mode; and with output schemas, which are
 * computed at run time.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { catalog } from "../../src/tools/index.js";
import { toolList } from "../../src/tools/list.js";

const BIN = fileURLToPath(new URL("../../dist/bin/", import.meta.url));
const CLI = `${BIN}cli.js`;

let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
});

/** A server from dist/ with --mock and these settings. */
async function start(env: Record<string, string> = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, "--mock"],
    env: { PATH: process.env.PATH ?? "", ...env },
    stderr: "ignore",
  });
  client = new Client({ name: "e2e", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

/** The tools/list answer as the server wrote it (the SDK client's own parse would fill in defaults). */
async function listed(server: Client): Promise<unknown[]> {
  const answer = await server.request({ method: "tools/list" }, z.looseObject({ tools: z.array(z.unknown()) }));
  return answer.tools;
}

/** What the sources list for these tools, as it reads on the wire. */
const computed = (tools: typeof catalog, outputSchemas = false) =>
  JSON.parse(JSON.stringify(toolList(tools, { outputSchemas }))) as unknown[];

beforeAll(() => {
  const files = readdirSync(BIN).filter((f) => f.endsWith(".js"));
  const text = files.map((f) => readFileSync(`${BIN}${f}`, "utf8")).join("\n");
  // The build replaced the placeholder with the listing: otherwise these tests would only prove
  // the run-time computation equal to itself.
  expect(text).not.toContain("__SCAIVAULT_CATALOG_LIST__");
  expect(text).toMatch(/\\?"name\\?":\\?"scaivault_read_secret\\?",\\?"title\\?":\\?"Read secret\\?"/);
});

describe("the tools/list built into dist/bin", () => {
  it("equals what the sources compute for the whole catalog", async () => {
    expect(await listed(await start())).toEqual(computed(catalog));
  });

  it("equals it for the tools of a few toolsets", async () => {
    const groups = ["secrets", "pki", "audit"];
    const tools = catalog.filter((t) => groups.includes(t.group));
    expect(await listed(await start({ SCAIVAULT_TOOLSETS: groups.join(",") }))).toEqual(computed(tools));
  });

  it("describes a tool in search mode by the same entry", async () => {
    const server = await start({ SCAIVAULT_TOOL_DISCOVERY: "search" });
    for (const name of ["scaivault_read_secret", "scaivault_issue_certificate", "scaivault_query_audit"]) {
      const described = await server.callTool({ name: "scaivault_describe_tool", arguments: { name } });
      const expected = computed(catalog.filter((t) => t.name === name))[0];
      expect(expected).toBeDefined();
      expect((described.structuredContent as { tool: unknown }).tool).toEqual(expected);
    }
  });

  it("lists output schemas, computed at run time, as the sources do", async () => {
    expect(await listed(await start({ SCAIVAULT_OUTPUT_SCHEMAS: "true" }))).toEqual(computed(catalog, true));
  });
});
