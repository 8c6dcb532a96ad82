/**
 * End to end over the legacy HTTP+SSE transport (GET /sse, POST /messages): the SDK's
 * SSEClientTransport against serveSse in-process on port 0, raw requests for the gate, and the
 * built CLI with MCP_TRANSPORT=sse.
 */
import { existsSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import type { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config.js";
import { MASK } from "../../src/guard/index.js";
import { SECRET_URI_TEMPLATE, secretUri } from "../../src/resources.js";
import { catalog } from "../../src/tools/index.js";
import { serveSse } from "../../src/transports/sse.js";
import { serveHttp } from "../../src/transports/streamable-http.js";
import { CLI, raw, type Served, serveInProcess, spawnCli, TOKEN } from "./http-helpers.js";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function start(
  http: Parameters<typeof serveInProcess>[1] = {},
  profile: Parameters<typeof serveInProcess>[2] = {},
): Promise<Served> {
  const served = await serveInProcess(serveSse, http, profile);
  cleanups.push(() => served.running.close());
  return served;
}

async function connectClient(url: string, token: string | null = TOKEN) {
  const headers = token ? { Authorization: `Bearer ${token}` } : undefined;
  const transport = new SSEClientTransport(new URL(url), { requestInit: headers ? { headers } : {} });
  const client = new Client({ name: "e2e-sse", version: "1.0.0" });
  await client.connect(transport);
  cleanups.push(() => client.close());
  return { client, transport };
}

const paths = (result: CallToolResult) =>
  (result.structuredContent as { data: { path: string }[] }).data.map((s) => s.path);

describe("SSE transport", () => {
  it("serves the tool catalog and scaivault_list_secrets against the mock", async () => {
    const served = await start();
    const { client } = await connectClient(`${served.running.url}/sse`);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(catalog.map((t) => t.name).sort());
    const result = (await client.callTool({
      name: "scaivault_list_secrets",
      arguments: { prefix: "integrations" },
    })) as CallToolResult;
    expect(paths(result)).toEqual(["integrations/salesforce/oauth", "integrations/stripe/api-key"]);
  });

  it("applies the profile to resources and completions", async () => {
    const served = await start({}, { maskValues: true, allowedPaths: ["integrations"], tenantId: "tnt_acme_prod" });
    const { client } = await connectClient(`${served.running.url}/sse`);
    const read = await client.readResource({ uri: secretUri("tnt_acme_prod", "integrations/salesforce/oauth") });
    expect(JSON.parse((read.contents[0] as { text: string }).text).data).toEqual({
      client_id: MASK,
      client_secret: MASK,
    });
    await expect(
      client.readResource({ uri: secretUri("tnt_globex", "integrations/salesforce/oauth") }),
    ).rejects.toThrow(/tenant_locked: /);
    await expect(client.readResource({ uri: secretUri("tnt_acme_prod", "apps/web/session-key") })).rejects.toThrow(
      /path_not_allowed: /,
    );
    const done = await client.complete({
      ref: { type: "ref/resource", uri: SECRET_URI_TEMPLATE },
      argument: { name: "path", value: "" },
    });
    expect(done.completion.values).toEqual(["integrations/salesforce/oauth", "integrations/stripe/api-key"]);
  });

  it("isolates concurrent sessions: own server each, closing one keeps the other", async () => {
    const served = await start();
    const a = await connectClient(`${served.running.url}/sse`);
    const b = await connectClient(`${served.running.url}/sse`);
    expect(served.servers).toHaveLength(2);
    expect(served.servers[0]).not.toBe(served.servers[1]);
    expect(served.running.sessionCount()).toBe(2);

    // A logging level set by A is A's server's alone: the same failing call logs to A, not to B.
    const logged = [[], []] as unknown[][];
    a.client.fallbackNotificationHandler = async (n) => void logged[0]!.push(n);
    b.client.fallbackNotificationHandler = async (n) => void logged[1]!.push(n);
    await a.client.setLoggingLevel("debug");
    for (const { client } of [a, b])
      await client.callTool({ name: "scaivault_read_secret", arguments: { path: "apps/e2e/nothing-here" } });
    // The notification goes on the stream before the answer it belongs to.
    expect(logged[0]!.map((n) => (n as { method: string }).method)).toEqual(["notifications/message"]);
    expect(logged[1]).toEqual([]);

    const [ra, rb] = await Promise.all([
      a.client.callTool({ name: "scaivault_list_secrets", arguments: { prefix: "apps" } }),
      b.client.callTool({ name: "scaivault_list_secrets", arguments: { prefix: "infra" } }),
    ]);
    expect(paths(ra as CallToolResult).every((p) => p.startsWith("apps/"))).toBe(true);
    expect(paths(rb as CallToolResult).every((p) => p.startsWith("infra/"))).toBe(true);

    await a.client.close();
    await expect.poll(() => served.running.sessionCount()).toBe(1);
    expect(served.servers[1]!.isConnected()).toBe(true);
    expect((await b.client.listPrompts()).prompts).toHaveLength(3);
  });

  it("at the cap evicts the longest-idle stream's session, and closes sessions idle for the limit", async () => {
    let now = 0;
    const served = await serveInProcess(serveSse, {}, {}, { maxSessions: 2, sessionIdleMs: 60_000, now: () => now });
    cleanups.push(() => served.running.close());
    const url = `${served.running.url}/sse`;
    const a = await connectClient(url);
    now = 10_000;
    const b = await connectClient(url);
    now = 20_000;
    await a.client.listTools(); // a is used; b, the longest idle, is evicted for c
    const c = await connectClient(url);
    expect(served.running.sessionCount()).toBe(2);
    expect(served.servers[1]!.isConnected()).toBe(false);
    expect(served.servers[0]!.isConnected()).toBe(true);
    await expect(b.client.listTools()).rejects.toThrow();

    now = 85_000; // a idle 65 s, c idle 65 s: both closed by the next sweep, streams open or not
    await connectClient(url);
    expect(served.servers[0]!.isConnected()).toBe(false);
    expect(served.servers[2]!.isConnected()).toBe(false);
    await expect(c.client.listTools()).rejects.toThrow();
  });

  it("refuses a missing or wrong bearer token with 401, on both routes", async () => {
    const served = await start();
    const missing = await raw(served.running.url, "/sse", { headers: { Accept: "text/event-stream" } });
    expect(missing.status).toBe(401);
    expect(missing.headers["www-authenticate"]).toMatch(/^Bearer /);
    const wrong = await raw(served.running.url, "/sse", {
      headers: { Accept: "text/event-stream", Authorization: "Bearer wrong-token-wrong-token" },
    });
    expect(wrong.status).toBe(401);
    const post = await raw(served.running.url, "/messages?sessionId=x", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(post.status).toBe(401);
    await expect(connectClient(`${served.running.url}/sse`, null)).rejects.toThrow();
    expect(served.servers).toHaveLength(0);
  });

  it("refuses a foreign Origin or Host with 403", async () => {
    const served = await start();
    const auth = { Accept: "text/event-stream", Authorization: `Bearer ${TOKEN}` };
    const port = new URL(served.running.url).port;
    expect(
      (await raw(served.running.url, "/sse", { headers: { ...auth, Origin: "https://evil.example" } })).status,
    ).toBe(403);
    expect(
      (await raw(served.running.url, "/sse", { headers: { ...auth, Host: `attacker.example:${port}` } })).status,
    ).toBe(403);
    expect(
      (await raw(served.running.url, "/sse", { headers: { ...auth, Origin: "http://localhost:3000" } })).status,
    ).toBe(403);
    expect(served.servers).toHaveLength(0);
    const ok = await raw(served.running.url, "/sse", { headers: { ...auth, Origin: `http://127.0.0.1:${port}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers["content-type"]).toMatch(/^text\/event-stream/);
  });

  it("answers unknown sessions, methods and paths clearly", async () => {
    const served = await start();
    const auth = { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" };
    expect(
      (await raw(served.running.url, "/messages?sessionId=nope", { method: "POST", headers: auth, body: "{}" })).status,
    ).toBe(404);
    expect((await raw(served.running.url, "/messages", { headers: auth })).status).toBe(405);
    expect((await raw(served.running.url, "/mcp", { headers: auth })).status).toBe(404);
  });

  it("answers bad POST bodies with JSON-RPC errors that never echo the body, like Streamable HTTP", async () => {
    const served = await start();
    await connectClient(`${served.running.url}/sse`);
    const sessionId = (served.servers[0]!.server.transport as SSEServerTransport).sessionId;
    const post = (body: string, contentType = "application/json") =>
      raw(served.running.url, `/messages?sessionId=${sessionId}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": contentType },
        body,
      });
    const error = (response: { body: string }) => JSON.parse(response.body) as { id: null; error: { code: number } };

    const huge = await post(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: { x: "a".repeat(5e6) } }));
    expect(huge.status).toBe(413);
    expect(error(huge)).toMatchObject({ id: null, error: { code: -32000 } });
    const malformed = await post('{"jsonrpc":"2.0","id":1,"method":"ping","params":{"canary":"CANARY-BODY"');
    expect(malformed.status).toBe(400);
    expect(error(malformed).error.code).toBe(-32700);
    const plain = await post("CANARY-BODY", "text/plain");
    expect(plain.status).toBe(415);
    expect(error(plain).error.code).toBe(-32000);
    const notRpc = await post('{"canary":"CANARY-BODY"}');
    expect(notRpc.status).toBe(400);
    expect(error(notRpc).error.code).toBe(-32600);
    for (const response of [huge, malformed, plain, notRpc]) {
      expect(response.headers["content-type"]).toBe("application/json");
      expect(response.body).not.toContain("CANARY-BODY");
    }

    // The same body sent to Streamable HTTP gets the same status and code.
    const http = await serveInProcess(serveHttp);
    cleanups.push(() => http.running.close());
    const viaHttp = await raw(http.running.url, "/mcp", {
      method: "POST",
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        "Content-Type": "application/json",
        Accept: "application/json, text/event-stream",
      },
      body: "{bad",
    });
    expect([viaHttp.status, error(viaHttp).error.code]).toEqual([400, -32700]);
    // The session still works.
    expect((await post('{"jsonrpc":"2.0","id":9,"method":"ping"}')).status).toBe(202);
  });

  it("closes every stream and the listener on close()", async () => {
    const served = await start();
    await connectClient(`${served.running.url}/sse`);
    await connectClient(`${served.running.url}/sse`);
    expect(served.running.sessionCount()).toBe(2);
    await served.running.close();
    expect(served.running.sessionCount()).toBe(0);
    expect(served.servers.every((s) => !s.isConnected())).toBe(true);
    await expect(raw(served.running.url, "/sse", { headers: { Authorization: `Bearer ${TOKEN}` } })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });

  it("refuses a non-loopback bind without a token", async () => {
    await expect(serveInProcess(serveSse, { host: "0.0.0.0", httpToken: undefined })).rejects.toBeInstanceOf(
      ConfigError,
    );
  });
});

describe("scaivault-mcp --mock with MCP_TRANSPORT=sse (built CLI)", () => {
  it("serves over SSE on the port given and exits 0 on SIGINT", async () => {
    if (!existsSync(CLI)) throw new Error("dist/bin/cli.js is missing: run `npm run build` (npm test does it first)");
    const cli = await spawnCli(["--mock", "--read-only"], { MCP_TRANSPORT: "sse", PORT: "0", MCP_HTTP_TOKEN: TOKEN });
    cleanups.push(() => cli.child.kill("SIGKILL"));
    expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sse$/);
    const { client } = await connectClient(cli.url);
    const result = (await client.callTool({
      name: "scaivault_list_secrets",
      arguments: { prefix: "integrations/" },
    })) as CallToolResult;
    expect(paths(result)).toEqual(["integrations/salesforce/oauth", "integrations/stripe/api-key"]);
    const write = (await client.callTool({
      name: "scaivault_write_secret",
      arguments: { path: "apps/x", data: { a: "b" } },
    })) as CallToolResult;
    expect(write._meta?.["scaivault/code"]).toBe("read_only");
    cli.child.kill("SIGINT");
    expect(await cli.exit).toBe(0);
  });
});
