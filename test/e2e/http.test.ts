/**
 * End to end over Streamable HTTP (/mcp): the SDK client against serveHttp in-process on port 0
 * (one server per session, one shared mock vault), raw requests for the gate (bearer token,
 * Host/Origin against DNS rebinding), and the built CLI with MCP_TRANSPORT=http.
 */
import { existsSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config.js";
import { MASK } from "../../src/guard/index.js";
import { secretUri } from "../../src/resources.js";
import { catalog } from "../../src/tools/index.js";
import { isLoopbackHost } from "../../src/transports/gate.js";
import { serveHttp } from "../../src/transports/streamable-http.js";
import { CLI, INITIALIZE, openStream, raw, type Served, serveInProcess, spawnCli, TOKEN } from "./http-helpers.js";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function start(
  http: Parameters<typeof serveInProcess>[1] = {},
  profile: Parameters<typeof serveInProcess>[2] = {},
): Promise<Served> {
  const served = await serveInProcess(serveHttp, http, profile);
  cleanups.push(() => served.running.close());
  return served;
}

async function connectClient(served: Served, token: string | null = TOKEN) {
  const transport = new StreamableHTTPClientTransport(new URL(`${served.running.url}/mcp`), {
    requestInit: token ? { headers: { Authorization: `Bearer ${token}` } } : {},
  });
  const client = new Client({ name: "e2e-http", version: "1.0.0" });
  await client.connect(transport);
  cleanups.push(() => client.close());
  return { client, transport };
}

const POST = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };

/** An initialized session made of raw requests (no GET stream, unlike the SDK client): its id. */
async function rawSession(served: Served): Promise<string> {
  const auth = { ...POST, Authorization: `Bearer ${TOKEN}` };
  const init = await raw(served.running.url, "/mcp", { method: "POST", headers: auth, body: INITIALIZE });
  expect(init.status).toBe(200);
  const sid = String(init.headers["mcp-session-id"]);
  const initialized = await raw(served.running.url, "/mcp", {
    method: "POST",
    headers: { ...auth, "Mcp-Session-Id": sid, "Mcp-Protocol-Version": "2025-06-18" },
    body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
  });
  expect(initialized.status).toBe(202);
  return sid;
}

describe("Streamable HTTP transport", () => {
  it("serves the tool catalog and scaivault_list_secrets against the mock", async () => {
    const served = await start();
    const { client, transport } = await connectClient(served);
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(catalog.map((t) => t.name).sort());
    const result = (await client.callTool({
      name: "scaivault_list_secrets",
      arguments: { prefix: "integrations/" },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { data: { path: string }[] }).data.map((s) => s.path)).toEqual([
      "integrations/salesforce/oauth",
      "integrations/stripe/api-key",
    ]);
  });

  it("applies the guardrails of the profile to tools and resources", async () => {
    const served = await start({}, { maskValues: true, deniedPaths: ["infra/db"] });
    const { client } = await connectClient(served);
    const read = await client.readResource({ uri: secretUri("tnt_acme_prod", "integrations/stripe/api-key") });
    expect(JSON.parse((read.contents[0] as { text: string }).text).data.key).toBe(MASK);
    const refused = (await client.callTool({
      name: "scaivault_read_secret",
      arguments: { path: "infra/db/primary/credentials" },
    })) as CallToolResult;
    expect(refused._meta?.["scaivault/code"]).toBe("path_denied");
    await expect(
      client.readResource({ uri: secretUri("tnt_acme_prod", "infra/db/primary/credentials") }),
    ).rejects.toThrow(/path_denied: /);
  });

  it("gives each session its own server and keeps the other session working when one closes", async () => {
    const served = await start();
    const a = await connectClient(served);
    const b = await connectClient(served);
    expect(a.transport.sessionId).not.toBe(b.transport.sessionId);
    expect(served.servers).toHaveLength(2);
    expect(served.servers[0]).not.toBe(served.servers[1]);
    expect(served.running.sessionCount()).toBe(2);

    // Session state stays in the session's own server: a logging level set by A is unknown to B's,
    // so the same failing call sends A a log notification and B none.
    const logged = [[], []] as unknown[][];
    a.client.fallbackNotificationHandler = async (n) => void logged[0]!.push(n);
    b.client.fallbackNotificationHandler = async (n) => void logged[1]!.push(n);
    await a.client.setLoggingLevel("warning");
    for (const { client } of [a, b])
      await client.callTool({ name: "scaivault_read_secret", arguments: { path: "apps/e2e/nothing-here" } });
    expect(logged[0]!.map((n) => (n as { method: string }).method)).toEqual(["notifications/message"]);
    expect(logged[1]).toEqual([]);

    // Writes go to the one vault the process shares (that is the mock, not session state).
    await a.client.callTool({
      name: "scaivault_write_secret",
      arguments: { path: "apps/e2e/shared", data: { v: "1" } },
    });

    const aSession = a.transport.sessionId!;
    await a.transport.terminateSession();
    await a.client.close();
    expect(served.running.sessionCount()).toBe(1);
    expect(served.servers[0]!.isConnected()).toBe(false);
    expect(served.servers[1]!.isConnected()).toBe(true);
    const list = (await b.client.callTool({
      name: "scaivault_list_secrets",
      arguments: { prefix: "apps/e2e" },
    })) as CallToolResult;
    expect((list.structuredContent as { data: { path: string }[] }).data.map((s) => s.path)).toEqual([
      "apps/e2e/shared",
    ]);

    const stale = await raw(served.running.url, "/mcp", {
      method: "POST",
      headers: { ...POST, Authorization: `Bearer ${TOKEN}`, "Mcp-Session-Id": aSession },
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
    });
    expect(stale.status).toBe(404);
  });

  it("refuses a missing or wrong bearer token with 401", async () => {
    const served = await start();
    const missing = await raw(served.running.url, "/mcp", { method: "POST", headers: POST, body: INITIALIZE });
    expect(missing.status).toBe(401);
    expect(missing.headers["www-authenticate"]).toMatch(/^Bearer /);
    const wrong = await raw(served.running.url, "/mcp", {
      method: "POST",
      headers: { ...POST, Authorization: `Bearer ${TOKEN}x` },
      body: INITIALIZE,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).not.toContain(TOKEN);
    const scheme = await raw(served.running.url, "/mcp", {
      method: "POST",
      headers: { ...POST, Authorization: `Basic ${TOKEN}` },
      body: INITIALIZE,
    });
    expect(scheme.status).toBe(401);
    await expect(connectClient(served, null)).rejects.toThrow();
    await expect(connectClient(served, "not-the-token-at-all")).rejects.toThrow();
    expect(served.servers).toHaveLength(0);
    expect(served.logs.join("")).not.toContain(TOKEN);
  });

  it("refuses a foreign Origin or Host with 403 (DNS rebinding)", async () => {
    const served = await start({ allowedOrigins: ["https://console.acme.example"] });
    const auth = { ...POST, Authorization: `Bearer ${TOKEN}` };
    const port = new URL(served.running.url).port;
    const foreign = await raw(served.running.url, "/mcp", {
      method: "POST",
      headers: { ...auth, Origin: "https://evil.example" },
      body: INITIALIZE,
    });
    expect(foreign.status).toBe(403);
    const nullOrigin = await raw(served.running.url, "/mcp", {
      method: "POST",
      headers: { ...auth, Origin: "null" },
      body: INITIALIZE,
    });
    expect(nullOrigin.status).toBe(403);
    const rebound = await raw(served.running.url, "/mcp", {
      method: "POST",
      headers: { ...auth, Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` },
      body: INITIALIZE,
    });
    expect(rebound.status).toBe(403);
    // An allowed Origin is not an allowed Host: a rebinding page on that domain gets no further.
    const listedAsHost = await raw(served.running.url, "/mcp", {
      method: "POST",
      headers: { ...auth, Host: `console.acme.example:${port}` },
      body: INITIALIZE,
    });
    expect(listedAsHost.status).toBe(403);
    expect(served.servers).toHaveLength(0);

    const local = await raw(served.running.url, "/mcp", {
      method: "POST",
      headers: { ...auth, Origin: `http://localhost:${port}` },
      body: INITIALIZE,
    });
    expect(local.status).toBe(200);
    expect(local.headers["access-control-allow-origin"]).toBe(`http://localhost:${port}`);
    const listed = await raw(served.running.url, "/mcp", {
      method: "POST",
      headers: { ...auth, Origin: "https://console.acme.example" },
      body: INITIALIZE,
    });
    expect(listed.status).toBe(200);
    const preflight = await raw(served.running.url, "/mcp", {
      method: "OPTIONS",
      headers: { Origin: "https://console.acme.example", "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(String(preflight.headers["access-control-allow-headers"])).toContain("Authorization");
  });

  it("answers protocol misuse with clear HTTP errors", async () => {
    const served = await start();
    const auth = { ...POST, Authorization: `Bearer ${TOKEN}` };
    expect((await raw(served.running.url, "/other", { headers: auth })).status).toBe(404);
    expect((await raw(served.running.url, "/mcp", { headers: auth })).status).toBe(400);
    const notJson = await raw(served.running.url, "/mcp", { method: "POST", headers: auth, body: "{nope" });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.code).toBe(-32700);
    const noInit = await raw(served.running.url, "/mcp", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(noInit.status).toBe(400);
    const unknown = await raw(served.running.url, "/mcp", {
      method: "POST",
      headers: { ...auth, "Mcp-Session-Id": "no-such-session" },
      body: INITIALIZE,
    });
    expect(unknown.status).toBe(404);
  });

  it("closes every session and the listener on close()", async () => {
    const served = await start();
    await connectClient(served);
    await connectClient(served);
    expect(served.running.sessionCount()).toBe(2);
    await served.running.close();
    expect(served.running.sessionCount()).toBe(0);
    expect(served.servers.every((s) => !s.isConnected())).toBe(true);
    await expect(raw(served.running.url, "/mcp", { method: "POST", headers: POST, body: INITIALIZE })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });

  it("at the cap evicts the longest-idle session instead of refusing the new client", async () => {
    let now = 0;
    const served = await serveInProcess(serveHttp, {}, {}, { maxSessions: 2, sessionIdleMs: 600_000, now: () => now });
    cleanups.push(() => served.running.close());
    const abandoned = await rawSession(served); // a client that went away without DELETE
    now = 30_000;
    const b = await connectClient(served);
    now = 60_000;
    const c = await connectClient(served); // the cap is reached: the abandoned session goes
    expect(served.running.sessionCount()).toBe(2);
    expect(served.servers[0]!.isConnected()).toBe(false);
    const stale = await raw(served.running.url, "/mcp", {
      method: "POST",
      headers: { ...POST, Authorization: `Bearer ${TOKEN}`, "Mcp-Session-Id": abandoned },
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
    });
    expect(stale.status).toBe(404);

    now = 90_000;
    await c.client.listTools(); // c is now more recent than b
    await connectClient(served);
    expect(served.servers[1]!.isConnected()).toBe(false); // b, the longest idle, went
    await expect(b.client.listTools()).rejects.toThrow(/404|Session not found/);
    expect((await c.client.listTools()).tools.length).toBeGreaterThan(0);
    expect(served.logs.join("")).toContain("evicting the longest-idle MCP session");
  });

  it("100 bare initialize requests lock nobody out: the next client still connects", async () => {
    const served = await serveInProcess(serveHttp, {}, {}, { maxSessions: 100 });
    cleanups.push(() => served.running.close());
    const auth = { ...POST, Authorization: `Bearer ${TOKEN}` };
    for (let i = 0; i < 100; i++) {
      const init = await raw(served.running.url, "/mcp", { method: "POST", headers: auth, body: INITIALIZE });
      expect(init.status).toBe(200);
    }
    expect(served.running.sessionCount()).toBe(100);
    const { client } = await connectClient(served);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    expect(served.running.sessionCount()).toBe(100);
  });

  it("closes a session idle for the limit even while its GET stream is open (a vanished client's stream never ends)", async () => {
    let now = 0;
    const served = await serveInProcess(serveHttp, {}, {}, { sessionIdleMs: 60_000, now: () => now });
    cleanups.push(() => served.running.close());
    const sid = await rawSession(served);
    const stream = await openStream(served.running.url, "/mcp", {
      Accept: "text/event-stream",
      Authorization: `Bearer ${TOKEN}`,
      "Mcp-Session-Id": sid,
      "Mcp-Protocol-Version": "2025-06-18",
    });
    expect(stream.status).toBe(200);

    now = 50_000; // inside the limit: kept
    const recent = await rawSession(served); // a new session sweeps idle ones
    expect(served.servers[0]!.isConnected()).toBe(true);
    now = 100_000;
    const used = await raw(served.running.url, "/mcp", {
      method: "POST",
      headers: { ...POST, Authorization: `Bearer ${TOKEN}`, "Mcp-Session-Id": recent },
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
    });
    expect(used.status).toBe(200);
    now = 120_000; // 120 s since the stream opened, with no request: closed, and its stream ended
    await rawSession(served);
    expect(served.servers[0]!.isConnected()).toBe(false);
    await stream.ended;
    expect(served.servers[1]!.isConnected()).toBe(true); // last used 20 s ago
  });

  it("accepts only its own origin by default, so another local page cannot drive it without a token", async () => {
    const served = await start({ httpToken: undefined, allowedOrigins: ["http://localhost:5173"] });
    const port = Number(new URL(served.running.url).port);
    const status = async (origin?: string) =>
      (
        await raw(served.running.url, "/mcp", {
          method: "POST",
          headers: { ...POST, ...(origin ? { Origin: origin } : {}) },
          body: INITIALIZE,
        })
      ).status;
    for (const foreign of [
      "http://localhost:3000", // a dev server in the same browser
      `http://localhost:${port + 1}`,
      "http://127.0.0.1",
      `https://localhost:${port}`,
      `http://localhost.evil.example:${port}`,
    ])
      expect(await status(foreign), foreign).toBe(403);
    expect(served.servers).toHaveLength(0);
    for (const own of [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`])
      expect(await status(own), own).toBe(200);
    expect(await status("http://localhost:5173")).toBe(200); // MCP_ALLOWED_ORIGINS
    expect(await status()).toBe(200); // no Origin: not a browser
  });

  it("refuses to bind a non-loopback address without a token", async () => {
    await expect(serveInProcess(serveHttp, { host: "0.0.0.0", httpToken: undefined })).rejects.toBeInstanceOf(
      ConfigError,
    );
    expect(isLoopbackHost("127.0.0.1")).toBe(true);
    expect(isLoopbackHost("::1")).toBe(true);
    expect(isLoopbackHost("localhost")).toBe(true);
    expect(isLoopbackHost("0.0.0.0")).toBe(false);
    expect(isLoopbackHost("10.0.0.5")).toBe(false);
  });

  it("answers a Host in MCP_ALLOWED_HOSTS on loopback (a reverse proxy in front), without admitting it as an Origin", async () => {
    const served = await start({ allowedHosts: ["mcp.acme.example"] });
    const port = new URL(served.running.url).port;
    const auth = { ...POST, Authorization: `Bearer ${TOKEN}` };
    const status = async (headers: Record<string, string>) =>
      (await raw(served.running.url, "/mcp", { method: "POST", headers: { ...auth, ...headers }, body: INITIALIZE }))
        .status;
    expect(await status({ Host: "mcp.acme.example" })).toBe(200);
    expect(await status({ Host: `MCP.acme.example:${port}` })).toBe(200);
    expect(await status({ Host: "evil.mcp.acme.example" })).toBe(403);
    expect(await status({ Host: "mcp.acme.example.evil" })).toBe(403);
    expect(await status({ Host: "mcp.acme.example", Origin: "https://mcp.acme.example" })).toBe(403);
    expect(await status({ Host: "mcp.acme.example", Origin: `http://mcp.acme.example:${port}` })).toBe(403);
  });

  it("accepts the Host of any loopback address it is bound to", async () => {
    const served = await start({ host: "127.0.0.2" });
    expect(served.running.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
    const { client } = await connectClient(served);
    expect((await client.listResourceTemplates()).resourceTemplates).toHaveLength(4);
  });

  it("keeps idle keep-alive connections 65 s, longer than a proxy's 60 s, so a proxy never reuses one being closed", async () => {
    const served = await start();
    const response = await raw(served.running.url, "/healthz", { headers: { Connection: "keep-alive" } });
    expect(response.status).toBe(200);
    expect(response.headers["keep-alive"]).toBe("timeout=65");
  });

  it("serves without a token on loopback", async () => {
    const served = await start({ httpToken: undefined });
    const { client } = await connectClient(served, null);
    expect((await client.listPrompts()).prompts).toHaveLength(3);
  });
});

describe("scaivault-mcp --mock with MCP_TRANSPORT=http (built CLI)", () => {
  it("serves over HTTP and exits 0 on SIGTERM", async () => {
    if (!existsSync(CLI)) throw new Error("dist/bin/cli.js is missing: run `npm run build` (npm test does it first)");
    const cli = await spawnCli(["--mock"], { MCP_TRANSPORT: "http", PORT: "0", MCP_HTTP_TOKEN: TOKEN });
    cleanups.push(() => cli.child.kill("SIGKILL"));
    expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const transport = new StreamableHTTPClientTransport(new URL(cli.url), {
      requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
    });
    const client = new Client({ name: "e2e-cli", version: "1.0.0" });
    await client.connect(transport);
    const result = (await client.callTool({
      name: "scaivault_list_secrets",
      arguments: { prefix: "apps/" },
    })) as CallToolResult;
    expect((result.structuredContent as { data: unknown[] }).data.length).toBeGreaterThan(0);
    cli.child.kill("SIGTERM");
    expect(await cli.exit).toBe(0);
    await client.close();
    expect(cli.stderr.join("")).not.toContain(TOKEN);
  });

  it("exits 2 when asked to bind a non-loopback host without MCP_HTTP_TOKEN", async () => {
    if (!existsSync(CLI)) throw new Error("dist/bin/cli.js is missing: run `npm run build` (npm test does it first)");
    const cli = spawnCli(["--mock", "--host", "0.0.0.0"], { MCP_TRANSPORT: "http", PORT: "0" });
    await expect(cli).rejects.toThrow(
      /exited with 2: scaivault-mcp: refusing to serve MCP over HTTP on non-loopback host '0.0.0.0'/,
    );
  });
});
