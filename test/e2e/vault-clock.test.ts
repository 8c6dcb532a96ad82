/**
 * The built binary against a vault whose clock is years off this host's: with a tenant lock the
 * start-up check reads the vault's clock beside whoami, so the agent is told the vault's time;
 * without one start-up makes no call, and the agent is told this host's time, in UTC.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, requireBuiltCli } from "./built-cli.js";

const VAULT_NOW = "2031-03-04T05:06:07.000Z";

requireBuiltCli();

let vault: Server | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  await new Promise<void>((resolve) => (vault ? vault.close(() => resolve()) : resolve()));
});

/** A vault that knows its tenant and keeps its own time. */
async function farVault(): Promise<string> {
  vault = createServer((req, res) => {
    const body =
      req.url === "/v1/health"
        ? { status: "healthy", timestamp: VAULT_NOW }
        : {
            identity_id: "sa:agent",
            identity_type: "service_account",
            tenant_id: "tnt_far",
            partner_id: "ptn_far",
            scopes: [],
          };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => vault?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(vault.address() as AddressInfo).port}`;
}

async function instructions(env: Record<string, string>): Promise<string> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI],
    env: { PATH: process.env.PATH ?? "", SCAIVAULT_TOKEN: "vault-clock-test-token-77", ...env },
    stderr: "pipe",
  });
  client = new Client({ name: "e2e-vault-clock", version: "1.0.0" });
  await client.connect(transport);
  return client.getInstructions() ?? "";
}

describe("the time the built binary states against a vault", () => {
  it("is the vault's when the tenant lock's start-up check reads it", async () => {
    const text = await instructions({ SCAIVAULT_URL: await farVault(), SCAIVAULT_TENANT_ID: "tnt_far" });
    expect(text).toMatch(/it was 2031-03-04T05:\d\d:\d\d(\.\d+)?Z by the vault's clock/);
  });

  it("is this host's, in UTC, when start-up makes no call", async () => {
    const before = new Date().toISOString().slice(0, 10);
    const text = await instructions({ SCAIVAULT_URL: await farVault() });
    expect(text).toContain("The server works in UTC.");
    expect(text).toMatch(new RegExp(`it was ${before}T\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z by this server's clock`));
  });
});
