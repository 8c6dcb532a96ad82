/**
 * `scaivault-mcp --mock` with `MCP_OAUTH_ISSUER=mock` (built CLI): the whole OAuth flow offline,
 * the mock vault's issuer served on the MCP listener, the SDK client's client-credentials
 * provider signing in, and nothing of it in the server's stderr.
 */
import { existsSync } from "node:fs";
import { ClientCredentialsProvider } from "@modelcontextprotocol/sdk/client/auth-extensions.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, spawnCli } from "./http-helpers.js";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

describe("scaivault-mcp --mock with MCP_OAUTH_ISSUER=mock (built CLI)", () => {
  it("runs discovery, the token, the exchange and the calls offline, as the signed-in user", async () => {
    if (!existsSync(CLI)) throw new Error("dist/bin/cli.js is missing: run `npm run build` (npm test does it first)");
    const cli = await spawnCli(["--mock"], { MCP_TRANSPORT: "http", PORT: "0", MCP_OAUTH_ISSUER: "mock" });
    cleanups.push(() => cli.child.kill("SIGKILL"));
    const origin = new URL(cli.url).origin;
    const metadata = (await (await fetch(`${origin}/.well-known/oauth-authorization-server`)).json()) as Record<
      string,
      unknown
    >;
    expect(metadata.issuer).toBe(origin);
    expect(metadata.token_endpoint).toBe(`${origin}/oauth/token`);

    const provider = new ClientCredentialsProvider({
      clientId: "auditor-agent",
      clientSecret: "mock-client-secret-auditor",
      expectedIssuer: origin,
    });
    const client = new Client({ name: "e2e-oauth-cli", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(cli.url), { authProvider: provider }));
    cleanups.push(() => client.close());
    const listed = await client.callTool({ name: "scaivault_list_secrets", arguments: { prefix: "integrations" } });
    expect(listed.isError).toBeFalsy();
    // The auditor's vault token (by the seeded trust) lists but does not read.
    const read = await client.callTool({
      name: "scaivault_read_secret",
      arguments: { path: "integrations/stripe/api-key" },
    });
    expect(read.isError).toBe(true);

    cli.child.kill("SIGTERM");
    expect(await cli.exit).toBe(0);
    const stderr = cli.stderr.join("");
    expect(stderr).toContain('"auth":"oauth"');
    expect(stderr).not.toContain(provider.tokens()?.access_token as string);
    expect(stderr).not.toContain("mock-client-secret-auditor");
    expect(stderr).not.toMatch(/skt_mock_exch_/);
  });

  it.each([
    [{ MCP_HTTP_TOKEN: "e2e-http-token-0123456789" }, /cannot be used with MCP_HTTP_TOKEN/],
    [{ MCP_TRANSPORT: "sse" }, /needs MCP_TRANSPORT=http/],
  ])("exits 2 for OAuth with %o", async (env, message) => {
    if (!existsSync(CLI)) throw new Error("dist/bin/cli.js is missing: run `npm run build` (npm test does it first)");
    const cli = spawnCli(["--mock"], { MCP_TRANSPORT: "http", PORT: "0", MCP_OAUTH_ISSUER: "mock", ...env });
    await expect(cli).rejects.toThrow(/exited with 2: scaivault-mcp: invalid MCP_OAUTH_ISSUER/);
    await expect(cli).rejects.toThrow(message);
  });
});
