/**
 * OAuth resource-server mode end to end, with the SDK client's own OAuth support (the
 * client-credentials provider of auth-extensions): discovery from the 401 challenge, a token from
 * the mock vault's issuer (served over HTTP, as `scaivault-mock` serves it), each session acting
 * with its user's own vault token (POST /v1/auth/exchange), scope challenges, bad tokens, and no
 * token of any kind in a log line or an answer.
 */

import { generateKeyPairSync } from "node:crypto";
import { ClientCredentialsProvider } from "@modelcontextprotocol/sdk/client/auth-extensions.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { SignJWT } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { createMockVault, type MockVaultHandle } from "../../mock-vault/index.js";
import { OAuthResourceServer } from "../../src/auth/resource-server.js";
import { VaultTokens } from "../../src/auth/vault-tokens.js";
import type { Caller } from "../../src/caller.js";
import { callerLogger } from "../../src/cli/oauth.js";
import { createLogger } from "../../src/log.js";
import { buildServer } from "../../src/server.js";
import { serveHttp } from "../../src/transports/streamable-http.js";
import { INITIALIZE, raw } from "./http-helpers.js";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const STRIPE = "integrations/stripe/api-key";
const POST = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };

interface Setup {
  mock: MockVaultHandle;
  issuer: string;
  url: string;
  logs: string[];
  callers: (Caller | undefined)[];
  clock: { offsetMs: number };
}

/** The mock vault served over HTTP (it is the issuer there), and an OAuth-mode MCP server over it. */
async function setUp(options: { stateless?: boolean } = {}): Promise<Setup> {
  const mock = createMockVault();
  const site = await mock.serve({ port: 0, control: false });
  cleanups.push(() => site.close());
  const logs: string[] = [];
  const log = createLogger((line) => logs.push(line));
  const callers: (Caller | undefined)[] = [];
  const clock = { offsetMs: 0 };
  const now = () => Date.now() + clock.offsetMs;
  const oauth = new OAuthResourceServer({
    issuer: site.url,
    log,
    now,
    vaultTokens: new VaultTokens({ baseUrl: mock.baseUrl, fetch: mock.fetch, now }),
  });
  const running = await serveHttp({
    config: { host: "127.0.0.1", port: 0, allowedOrigins: [], oauthIssuer: site.url },
    log,
    oauth,
    now,
    ...(options.stateless ? { stateless: true } : {}),
    createServer: (acting) => {
      callers.push(acting?.caller);
      return buildServer({
        config: { mock: true, maxRetries: 0, ...(acting ? { token: acting.vaultToken } : {}) },
        fetch: mock.fetch,
        logger: callerLogger(log),
        ...(acting ? { caller: acting.caller } : {}),
      }).server;
    },
  });
  cleanups.push(() => running.close());
  return { mock, issuer: site.url, url: running.url, logs, callers, clock };
}

const SECRETS: Record<string, string> = {
  "ops-agent": "mock-client-secret-ops",
  "auditor-agent": "mock-client-secret-auditor",
  "former-agent": "mock-client-secret-former",
};

/** An SDK client that authenticates as a demo client of the issuer by itself. */
async function connectAs(setup: Setup, clientId: string) {
  const provider = new ClientCredentialsProvider({
    clientId,
    clientSecret: SECRETS[clientId] as string,
    expectedIssuer: setup.issuer,
  });
  const transport = new StreamableHTTPClientTransport(new URL(`${setup.url}/mcp`), { authProvider: provider });
  const client = new Client({ name: `e2e-${clientId}`, version: "1.0.0" });
  cleanups.push(() => client.close());
  await client.connect(transport);
  return { client, provider, transport };
}

const text = (result: unknown) => ((result as CallToolResult).content[0] as { text: string }).text;

/** A token straight from the issuer's token endpoint, for the requests the SDK client would never send. */
async function issuedToken(issuer: string, clientId: string, params: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${issuer}/oauth/token`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Authorization: `Basic ${Buffer.from(`${clientId}:${SECRETS[clientId]}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "client_credentials", ...params }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const initializeWith = (setup: Setup, token: string) =>
  raw(setup.url, "/mcp", { method: "POST", headers: { ...POST, Authorization: `Bearer ${token}` }, body: INITIALIZE });

describe("OAuth resource-server mode (Streamable HTTP)", () => {
  it("publishes Protected Resource Metadata and challenges a request without a token", async () => {
    const setup = await setUp();
    const prm = await raw(setup.url, "/.well-known/oauth-protected-resource/mcp");
    expect(prm.status).toBe(200);
    expect(JSON.parse(prm.body)).toEqual({
      resource: `${setup.url}/mcp`,
      authorization_servers: [setup.issuer],
      scopes_supported: ["scaivault:read", "scaivault:write"],
      bearer_methods_supported: ["header"],
      resource_name: "scaivault-mcp",
    });
    expect(JSON.parse((await raw(setup.url, "/.well-known/oauth-protected-resource")).body).resource).toBe(
      `${setup.url}/mcp`,
    );
    const bare = await raw(setup.url, "/mcp", { method: "POST", headers: POST, body: INITIALIZE });
    expect(bare.status).toBe(401);
    expect(bare.headers["www-authenticate"]).toBe(
      `Bearer resource_metadata="${setup.url}/.well-known/oauth-protected-resource/mcp", scope="scaivault:read"`,
    );
    expect(setup.callers).toEqual([]);
  });

  it("the SDK client discovers the issuer, gets a token and acts as its user with the user's vault token", async () => {
    const setup = await setUp();
    const { client } = await connectAs(setup, "ops-agent");
    const read = await client.callTool({ name: "scaivault_read_secret", arguments: { path: STRIPE } });
    expect(read.isError).toBeFalsy();
    expect(setup.callers).toEqual([{ subject: "scaikey|usr_ops", scopes: ["admin"] }]);
    // The vault saw the call from the user's exchanged token, not from a token of the server.
    const reads = setup.mock.state.audit.events.filter((e) => e.action === "read" && e.path === STRIPE);
    expect(reads.at(-1)?.actor).toBe("user:ops@acme.example");
  });

  it("two users see what their own trust grants: the auditor lists, and reading a secret is refused for the scope its vault token lacks", async () => {
    const setup = await setUp();
    const ops = await connectAs(setup, "ops-agent");
    const auditor = await connectAs(setup, "auditor-agent");
    expect(
      (await ops.client.callTool({ name: "scaivault_read_secret", arguments: { path: STRIPE } })).isError,
    ).toBeFalsy();
    const refused = await auditor.client.callTool({ name: "scaivault_read_secret", arguments: { path: STRIPE } });
    expect(refused.isError).toBe(true);
    // The catalog is fitted to the caller's vault token (SCAIVAULT_TOOLS_FOR_SCOPES): refused before the vault.
    expect(text(refused)).toMatch(/^insufficient_scope: scaivault_read_secret needs the vault scope secrets:read/);
    const auditorTools = (await auditor.client.listTools()).tools.map((t) => t.name);
    expect(auditorTools).toContain("scaivault_list_secrets");
    expect(auditorTools).not.toContain("scaivault_read_secret");
    const listed = await auditor.client.callTool({
      name: "scaivault_list_secrets",
      arguments: { prefix: "integrations" },
    });
    expect(listed.isError).toBeFalsy();
    expect(setup.callers.map((c) => c?.subject)).toEqual(["scaikey|usr_ops", "scaikey|usr_auditor"]);
    expect(setup.callers[1]?.scopes).toEqual(["secrets:list", "audit:read", "policies:read"]);
  });

  it("a write needs scaivault:write: the ops client holds it, the auditor's issuer grants no more and the 403 challenge stays", async () => {
    const setup = await setUp();
    const ops = await connectAs(setup, "ops-agent");
    const written = await ops.client.callTool({
      name: "scaivault_write_secret",
      arguments: { path: "apps/oauth-e2e/flag", data: { enabled: "yes" } },
    });
    expect(written.isError).toBeFalsy();
    expect(ops.provider.tokens()?.scope).toBe("scaivault:read scaivault:write");

    const auditor = await connectAs(setup, "auditor-agent");
    expect(auditor.provider.tokens()?.scope).toBe("scaivault:read");
    const challenge = await raw(setup.url, "/mcp", {
      method: "POST",
      headers: {
        ...POST,
        Authorization: `Bearer ${auditor.provider.tokens()?.access_token}`,
        "Mcp-Session-Id": auditor.transport.sessionId as string,
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 9,
        method: "tools/call",
        params: { name: "scaivault_write_secret", arguments: { path: "apps/oauth-e2e/flag", data: { a: "b" } } },
      }),
    });
    expect(challenge.status).toBe(403);
    expect(challenge.headers["www-authenticate"]).toContain('error="insufficient_scope"');
    expect(challenge.headers["www-authenticate"]).toContain('scope="scaivault:read scaivault:write"');
    await expect(
      auditor.client.callTool({
        name: "scaivault_write_secret",
        arguments: { path: "apps/oauth-e2e/flag", data: { a: "b" } },
      }),
    ).rejects.toThrow(/403/);
    expect(
      setup.mock.state.audit.events.some((e) => e.action === "write" && e.actor === "user:auditor@acme.example"),
    ).toBe(false);
  });

  it("refuses a bad signature, a token for another audience and an expired token with 401 invalid_token", async () => {
    const setup = await setUp();
    const good = await issuedToken(setup.issuer, "ops-agent", { resource: `${setup.url}/mcp` });
    expect((await initializeWith(setup, good)).status).toBe(200);

    // Same claims, signed by a key the issuer never published.
    const [header, payload] = good.split(".") as [string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    const { kid } = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid })
      .sign(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey);
    const elsewhere = await issuedToken(setup.issuer, "ops-agent", { resource: "https://other.example/mcp" });
    for (const [token, reason] of [
      [forged, /signature/],
      [elsewhere, /audience/],
      [`${good.slice(0, -4)}AAAA`, /signature/],
    ] as const) {
      const answer = await initializeWith(setup, token);
      expect(answer.status).toBe(401);
      expect(answer.headers["www-authenticate"]).toMatch(/^Bearer error="invalid_token", error_description="[^"]+"/);
      expect(answer.headers["www-authenticate"]).toMatch(reason);
    }
    setup.clock.offsetMs = 16 * 60_000;
    const late = await initializeWith(setup, good);
    expect(late.status).toBe(401);
    expect(late.headers["www-authenticate"]).toMatch(/expired/);
    expect(setup.callers).toHaveLength(1);
  });

  it("a session answers only its own user, and a user the vault will not exchange is refused with 403", async () => {
    const setup = await setUp();
    const ops = await connectAs(setup, "ops-agent");
    const auditorToken = await issuedToken(setup.issuer, "auditor-agent", { resource: `${setup.url}/mcp` });
    const hijack = await raw(setup.url, "/mcp", {
      method: "POST",
      headers: {
        ...POST,
        Authorization: `Bearer ${auditorToken}`,
        "Mcp-Session-Id": ops.transport.sessionId as string,
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 5, method: "tools/list" }),
    });
    expect(hijack.status).toBe(403);
    expect(hijack.body).toMatch(/another user/);

    await expect(connectAs(setup, "former-agent")).rejects.toThrow(/Forbidden: the vault grants this user no token/);
    expect(setup.callers.map((c) => c?.subject)).toEqual(["scaikey|usr_ops"]);
  });

  it("a session ends when its vault token lapses: 404, and a new session acts with a fresh exchange", async () => {
    const setup = await setUp();
    const trust = setup.mock.state
      .tenant("tnt_acme_prod")
      .identity.state.trust.find((t) => t.subject === "scaikey|usr_ops");
    (trust as { token_ttl_seconds: number }).token_ttl_seconds = 120;
    const ops = await connectAs(setup, "ops-agent");
    const token = ops.provider.tokens()?.access_token as string;
    const list = JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/list" });
    const headers = { ...POST, Authorization: `Bearer ${token}`, "Mcp-Session-Id": ops.transport.sessionId as string };
    expect((await raw(setup.url, "/mcp", { method: "POST", headers, body: list })).status).toBe(200);
    setup.clock.offsetMs = 121_000;
    const lapsed = await raw(setup.url, "/mcp", { method: "POST", headers, body: list });
    expect(lapsed.status).toBe(404);
    expect(lapsed.body).toMatch(/vault token expired/);
    // The access token still lives (900 s): a new session gets a new vault token.
    expect((await initializeWith(setup, token)).status).toBe(200);
    expect(setup.mock.state.audit.events.filter((e) => e.action === "auth_exchange")).toHaveLength(2);
  });

  it("stateless: every request validated and built for its caller, the exchange cached per access token", async () => {
    const setup = await setUp({ stateless: true });
    const { client } = await connectAs(setup, "ops-agent");
    for (let i = 0; i < 3; i++)
      expect(
        (await client.callTool({ name: "scaivault_read_secret", arguments: { path: STRIPE } })).isError,
      ).toBeFalsy();
    expect(new Set(setup.callers.map((c) => c?.subject))).toEqual(new Set(["scaikey|usr_ops"]));
    const exchanges = setup.mock.state.audit.events.filter((e) => e.action === "auth_exchange");
    expect(exchanges).toHaveLength(1);
  });

  it("stateless: two users' requests interleaved are each answered as their own user, never by the other's server", async () => {
    const setup = await setUp({ stateless: true });
    const ops = await connectAs(setup, "ops-agent");
    const auditor = await connectAs(setup, "auditor-agent");
    for (let i = 0; i < 3; i++) {
      const asOps = await ops.client.callTool({ name: "scaivault_read_secret", arguments: { path: STRIPE } });
      const asAuditor = await auditor.client.callTool({ name: "scaivault_read_secret", arguments: { path: STRIPE } });
      expect(asOps.isError).toBeFalsy();
      expect(asAuditor.isError).toBe(true);
      expect(text(asAuditor)).toMatch(/^insufficient_scope/);
    }
    // A server built for a caller holds that caller's vault token: one is built for every request.
    const built = setup.callers.map((c) => c?.subject);
    expect(built).not.toContain(undefined);
    expect(new Set(built)).toEqual(new Set(["scaikey|usr_ops", "scaikey|usr_auditor"]));
  });

  it("never puts an access token, a client secret or a vault token in a log line or an answer", async () => {
    const setup = await setUp();
    const ops = await connectAs(setup, "ops-agent");
    const answers = [
      await ops.client.callTool({ name: "scaivault_read_secret", arguments: { path: STRIPE } }),
      await ops.client.callTool({ name: "scaivault_list_secrets", arguments: { prefix: "integrations" } }),
    ];
    const bad = await initializeWith(setup, "not.a-jwt.at-all");
    const exchanged = [...setup.mock.state.tokens.keys()].filter((t) => t.startsWith("skt_mock_exch_"));
    expect(exchanged).toHaveLength(1);
    const secrets = [ops.provider.tokens()?.access_token as string, SECRETS["ops-agent"] as string, ...exchanged];
    const seen = [...setup.logs, ...answers.map((a) => JSON.stringify(a)), bad.body, JSON.stringify(bad.headers)].join(
      "\n",
    );
    expect(setup.logs.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(seen).not.toContain(secret);
    expect(seen).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });
});
