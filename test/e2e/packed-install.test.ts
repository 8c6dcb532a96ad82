/**
 * The package as a user installs it: `npm pack` of the dist/ that `npm test` built, installed with
 * npm into an empty folder (dependencies from the local npm cache where it has them), then the
 * installed `scaivault-mcp` bin is driven over stdio by the SDK client, and the library entries
 * are imported from that folder. Installing takes a while on a loaded machine: the hook has a
 * generous timeout, and nothing here is timed.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "packed-install-"));
const app = join(work, "app");
// npm run by `npm test` exports npm_config_* (the project's own prefix among them): a nested npm
// must not inherit them, or it installs into this repository.
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`,
};
let tarball: string;
let packed: string[];

beforeAll(async () => {
  if (!existsSync(join(root, "dist/bin/cli.js")))
    throw new Error("dist/ is missing: run `npm run build` (npm test does it first)");
  // --ignore-scripts: pack the dist/ this run tests rather than rebuilding it mid-run.
  const pack = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: root, env });
  const [info] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
  tarball = join(work, info.filename);
  packed = info.files.map((f) => f.path);
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await run("npm", ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund"], {
    cwd: app,
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

it("packs the built code and the documents, not the sources or tests", () => {
  expect(packed).toEqual(
    expect.arrayContaining(["package.json", "README.md", "LICENSE", "CHANGELOG.md", "dist/bin/cli.js"]),
  );
  expect(packed.filter((p) => !/^(dist\/|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$)/.test(p))).toEqual([]);
  expect(packed.some((p) => p.startsWith("dist/scenarios/"))).toBe(true);
});

it("installs the SDK once, as the peer it is, beside the package", () => {
  const sdk = join(app, "node_modules/@modelcontextprotocol/sdk/package.json");
  expect(existsSync(sdk)).toBe(true);
  expect(existsSync(join(app, "node_modules/scaivault-mcp/node_modules/@modelcontextprotocol"))).toBe(false);
});

it("runs the installed `scaivault-mcp --mock` bin through an MCP client: initialize, 67 tools, one call", async () => {
  const bin = join(app, "node_modules/.bin/scaivault-mcp");
  const transport = new StdioClientTransport({ command: bin, args: ["--mock", "--mask-values"], env, stderr: "pipe" });
  const client = new Client({ name: "packed-install", version: "1.0.0" });
  try {
    await client.connect(transport);
    expect(client.getServerVersion()).toMatchObject({ name: "scaivault-mcp" });
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(67);
    const result = (await client.callTool({
      name: "scaivault_read_secret",
      arguments: { path: "integrations/stripe/api-key" },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ path: "integrations/stripe/api-key", data: { key: "••••••" } });
  } finally {
    await client.close();
  }
}, 300_000);

it("serves the library entries from the installed package", async () => {
  const script = `
    const [lib, mock, scen] = await Promise.all([import("scaivault-mcp"), import("scaivault-mcp/mock-vault"), import("scaivault-mcp/scenarios")]);
    const vault = mock.createMockVault({ seed: 1 });
    const server = lib.createServer({ config: { mock: true }, fetch: vault.fetch });
    const outage = scen.scenarios.find((s) => s.id === "audit.outage-investigation");
    const played = await scen.playScenario(outage);
    process.stdout.write(JSON.stringify({ tools: lib.catalog.length, server: server.constructor.name, passed: played.passed }));
  `;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: app, env });
  expect(JSON.parse(stdout)).toEqual({ tools: 67, server: "McpServer", passed: true });
}, 300_000);

it("types a TypeScript consumer against the installed declarations", async () => {
  // A consumer compiled against the installed .d.ts files (which import zod and the SDK from there).
  writeFileSync(
    join(app, "consumer.ts"),
    [
      'import { createServer, type ConfigInput } from "scaivault-mcp";',
      'import { createMockVault } from "scaivault-mcp/mock-vault";',
      'import { playScenario, scenario, type ScenarioResult } from "scaivault-mcp/scenarios";',
      "const config: ConfigInput = { mock: true, readOnly: true };",
      "const server = createServer({ config, fetch: createMockVault().fetch });",
      'const mine = scenario({ id: "mine.read", title: "t", steps: [{ tool: "scaivault_list_secrets", expect: { ok: true } }] });',
      "const result: Promise<ScenarioResult> = playScenario(mine);",
      "export { server, result };",
    ].join("\n"),
  );
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  const flags = [
    "--noEmit",
    "--strict",
    "--module",
    "nodenext",
    "--moduleResolution",
    "nodenext",
    "--target",
    "es2022",
  ];
  await run(
    process.execPath,
    [tsc, ...flags, "--types", "node", "--typeRoots", join(root, "node_modules/@types"), "consumer.ts"],
    {
      cwd: app,
      env,
    },
  );
}, 300_000);
