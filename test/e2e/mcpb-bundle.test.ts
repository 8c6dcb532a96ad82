/**
 * The MCPB bundle as Claude Desktop runs it: packed from the repository (manifest.json,
 * .mcpbignore, the dist/bin that `npm test` built) with @anthropic-ai/mcpb, unpacked, and started
 * with the command and environment the host's own code derives from the manifest and the answers
 * in its form, against the mock vault served over real HTTP.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { getMcpConfigForManifest, packExtension, unpackExtension } from "@anthropic-ai/mcpb";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createMockVault, type ServedVault } from "../../mock-vault/index.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "mcpb-"));
const extension = join(work, "installed");
const mock = createMockVault();
let vault: ServedVault;

beforeAll(async () => {
  const bundle = join(work, "scaivault-mcp.mcpb");
  // packExtension reports its manifest check on the console even when silent.
  const quiet = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    expect(await packExtension({ extensionPath: root, outputPath: bundle, silent: true })).toBe(true);
  } finally {
    quiet.mockRestore();
  }
  expect(await unpackExtension({ mcpbPath: bundle, outputDir: extension, silent: true })).toBe(true);
  vault = await mock.serve({ port: 0 });
}, 120_000);

afterAll(async () => {
  await vault?.close();
  rmSync(work, { recursive: true, force: true });
});

it("starts from the unpacked bundle with the form's answers: read-only and masked by default, inside the given prefix", async () => {
  const manifest = JSON.parse(readFileSync(join(extension, "manifest.json"), "utf8"));
  const config = await getMcpConfigForManifest({
    manifest,
    extensionPath: extension,
    systemDirs: {},
    userConfig: { url: vault.url, token: mock.tokens.admin, allowed_paths: "integrations" },
    pathSeparator: sep,
  });
  expect(config).toBeDefined();
  // The host runs "node" with its own runtime; this test's node stands in for it.
  expect(config!.command).toBe("node");
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: config!.args ?? [],
    env: { ...config!.env, PATH: process.env.PATH ?? "" },
    stderr: "pipe",
  });
  const client = new Client({ name: "mcpb-host", version: "1.0.0" });
  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  const stderr: string[] = [];
  transport.stderr?.on("data", (chunk) => stderr.push(String(chunk)));
  try {
    await client.connect(transport).catch((error) => {
      throw new Error(`the bundle's server did not start: ${stderr.join("") || error}`);
    });
    expect((await client.listTools()).tools).toHaveLength(67);
    const read = await call("scaivault_read_secret", { path: "integrations/stripe/api-key" });
    expect(read.structuredContent).toMatchObject({ data: { key: "••••••" } });
    const write = await call("scaivault_write_secret", { path: "integrations/x", data: { a: "b" } });
    expect(write._meta?.["scaivault/code"]).toBe("read_only");
    const outside = await call("scaivault_read_secret", { path: "infra/db/primary/credentials" });
    expect(outside._meta?.["scaivault/code"]).toBe("path_not_allowed");
  } finally {
    await client.close();
  }
  // The read reached the served vault, which accepted the token from the form.
  expect(mock.state.journal.some((r) => r.path === "/v1/secrets/integrations/stripe/api-key")).toBe(true);
}, 120_000);
