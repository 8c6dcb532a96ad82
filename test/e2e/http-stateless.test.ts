/**
 * Stateless Streamable HTTP (MCP_HTTP_STATELESS) as replicas behind a load balancer, without the
 * load balancer: two in-process instances over one mock vault, the test alternating requests
 * between them, sealed cursors followed from one to the other. Then the cursor key's scope: one
 * process-wide key without SCAIVAULT_CURSOR_KEY (a cursor works on every session of its process,
 * on no other process), the configured key across processes (the built CLI, twice).
 */
import { existsSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { createMockVault } from "../../mock-vault/index.js";
import { serveHttp } from "../../src/transports/streamable-http.js";
import { CLI, INITIALIZE, raw, type Served, serveInProcess, spawnCli, TOKEN } from "./http-helpers.js";

const KEY = "5c".repeat(32);
const OTHER_KEY = "a7".repeat(32);
const WINDOW = { allowedPaths: ["integrations", "apps", "infra"], deniedPaths: ["infra/db"] };
const POST = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

type Page = { data: { path: string }[]; cursor: string | null; has_more: boolean };

/** Two stateless replicas over one vault, sharing (or not) a cursor key. */
async function replicas(keys: [string | undefined, string | undefined] = [KEY, KEY]): Promise<Served[]> {
  const mock = createMockVault();
  return Promise.all(
    keys.map(async (cursorKey) => {
      const served = await serveInProcess(serveHttp, {}, { ...WINDOW, cursorKey }, { stateless: true, mock });
      cleanups.push(() => served.running.close());
      return served;
    }),
  );
}

/**
 * An SDK client whose POSTs go to the replicas in turn (GETs, which stateless replicas answer
 * with 405, to the first), recording which replica got each tool call and its arguments.
 */
async function alternatingClient(urls: string[]) {
  const calls: { replica: number; args: Record<string, unknown> }[] = [];
  let next = 0;
  const transport = new StreamableHTTPClientTransport(new URL(`${urls[0]}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
    fetch: (_url, init) => {
      const replica = init?.method === "POST" ? next++ % urls.length : 0;
      const message = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
      if (message?.method === "tools/call") calls.push({ replica, args: message.params.arguments });
      return fetch(new URL("/mcp", urls[replica]), init);
    },
  });
  const client = new Client({ name: "e2e-stateless", version: "1.0.0" });
  await client.connect(transport);
  cleanups.push(() => client.close());
  return { client, transport, calls };
}

async function connectTo(url: string) {
  const transport = new StreamableHTTPClientTransport(new URL(url.endsWith("/mcp") ? url : `${url}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
  });
  const client = new Client({ name: "e2e-stateless", version: "1.0.0" });
  await client.connect(transport);
  cleanups.push(() => client.close());
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

async function pageThrough(client: Client, limit: number): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const result = await call(client, "scaivault_list_secrets", { limit, ...(cursor ? { cursor } : {}) });
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    const page = result.structuredContent as Page;
    pages.push(page);
    cursor = page.cursor;
  } while (cursor);
  return pages;
}

describe("stateless Streamable HTTP replicas", () => {
  it("follow a listing's sealed cursors from one replica to the other, every request standing alone", async () => {
    const [a, b] = await replicas();
    const { client, transport, calls } = await alternatingClient([a!.running.url, b!.running.url]);
    expect(transport.sessionId).toBeUndefined();
    expect((await client.listTools()).tools.length).toBeGreaterThan(60);

    const whole = (await call(await connectTo(a!.running.url), "scaivault_list_secrets", { limit: 1000 }))
      .structuredContent as Page;
    const pages = await pageThrough(client, 1);
    expect(pages.flatMap((p) => p.data.map((s) => s.path))).toEqual(whole.data.map((s) => s.path));
    expect(pages.length).toBeGreaterThan(3);

    // Each page after the first was asked for with the previous page's sealed cursor, from the other replica.
    const paged = calls.filter((c) => c.args.limit === 1);
    expect(paged).toHaveLength(pages.length);
    for (let i = 1; i < paged.length; i++) {
      expect(paged[i]!.args.cursor).toBe(pages[i - 1]!.cursor);
      expect(paged[i]!.args.cursor).toMatch(/^sv1\./);
      expect(paged[i]!.replica).not.toBe(paged[i - 1]!.replica);
    }
    // No session on either side, and no server outlives its request.
    expect(a!.running.sessionCount() + b!.running.sessionCount()).toBe(0);
    await expect.poll(() => [...a!.servers, ...b!.servers].filter((s) => s.isConnected()).length).toBe(0);
    expect(a!.servers.length + b!.servers.length).toBeGreaterThan(pages.length);
  });

  it("refuse a cursor sealed with another key, or forged, as invalid_cursor", async () => {
    const [a, , other] = await replicas3();
    const onA = await connectTo(a.running.url);
    const first = (await call(onA, "scaivault_list_secrets", { limit: 1 })).structuredContent as Page;
    expect(first.cursor).toMatch(/^sv1\./);
    const onOther = await connectTo(other.running.url);
    for (const cursor of [first.cursor, `${first.cursor!.slice(0, -4)}AAAA`, "sv1.forged", "integrations/zz"]) {
      const refused = await call(onOther, "scaivault_list_secrets", { limit: 1, cursor });
      expect(refused._meta?.["scaivault/code"], String(cursor)).toBe("invalid_cursor");
    }
    expect((await call(onA, "scaivault_list_secrets", { limit: 1, cursor: first.cursor })).isError).toBeFalsy();
  });

  it("answer a request POSTed without any initialize first, in one JSON body with no session id; GET and DELETE get 405", async () => {
    const [a] = await replicas();
    const headers = { ...POST, Authorization: `Bearer ${TOKEN}`, "Mcp-Protocol-Version": "2025-06-18" };
    const init = await raw(a!.running.url, "/mcp", { method: "POST", headers, body: INITIALIZE });
    expect(init.status).toBe(200);
    expect(init.headers["mcp-session-id"]).toBeUndefined();
    const list = await raw(a!.running.url, "/mcp", {
      method: "POST",
      headers: { ...headers, Accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/list" }),
    });
    expect(list.status).toBe(200);
    // One JSON answer per POST, not an event stream.
    expect(list.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(list.body)).toMatchObject({ jsonrpc: "2.0", id: 7, result: { tools: expect.any(Array) } });
    for (const method of ["GET", "DELETE"]) {
      const refused = await raw(a!.running.url, "/mcp", { method, headers });
      expect(refused.status, method).toBe(405);
      expect(refused.headers.allow).toBe("POST");
    }
    const unauthorized = await raw(a!.running.url, "/mcp", { method: "POST", headers: POST, body: INITIALIZE });
    expect(unauthorized.status).toBe(401);
  });
});

/** Replicas A and B sharing KEY, and a third over the same vault with another key. */
async function replicas3(): Promise<[Served, Served, Served]> {
  const mock = createMockVault();
  const out = await Promise.all(
    [KEY, KEY, OTHER_KEY].map(async (cursorKey) => {
      const served = await serveInProcess(serveHttp, {}, { ...WINDOW, cursorKey }, { stateless: true, mock });
      cleanups.push(() => served.running.close());
      return served;
    }),
  );
  return out as [Served, Served, Served];
}

describe("the cursor key's scope", () => {
  it("without SCAIVAULT_CURSOR_KEY a cursor from one session works on another session of the same process", async () => {
    const served = await serveInProcess(serveHttp, {}, WINDOW);
    cleanups.push(() => served.running.close());
    const one = await connectTo(served.running.url);
    const two = await connectTo(served.running.url);
    expect(served.running.sessionCount()).toBe(2);
    const first = (await call(one, "scaivault_list_secrets", { limit: 1 })).structuredContent as Page;
    const next = await call(two, "scaivault_list_secrets", { limit: 1, cursor: first.cursor });
    expect(next.isError, JSON.stringify(next.content)).toBeFalsy();
    expect((next.structuredContent as Page).data[0]!.path).not.toBe(first.data[0]!.path);
  });

  it("across processes (the built CLI twice): a cursor opens on the other replica with a shared key, not without", async () => {
    if (!existsSync(CLI)) throw new Error("dist/bin/cli.js is missing: run `npm run build` (npm test does it first)");
    const spawn = async (env: Record<string, string>) => {
      const cli = await spawnCli(["--mock", "--stateless", "--allowed-paths", "integrations,apps"], {
        MCP_TRANSPORT: "http",
        PORT: "0",
        MCP_HTTP_TOKEN: TOKEN,
        ...env,
      });
      cleanups.push(() => cli.child.kill("SIGKILL"));
      return cli;
    };
    const [a, b, loneA, loneB] = await Promise.all([
      spawn({ SCAIVAULT_CURSOR_KEY: KEY }),
      spawn({ SCAIVAULT_CURSOR_KEY: KEY }),
      spawn({}),
      spawn({}),
    ]);
    const follow = async (from: string, to: string) => {
      const first = (await call(await connectTo(from), "scaivault_list_secrets", { limit: 1 }))
        .structuredContent as Page;
      return call(await connectTo(to), "scaivault_list_secrets", { limit: 1, cursor: first.cursor });
    };
    expect((await follow(a!.url, b!.url)).isError).toBeFalsy();
    expect((await follow(loneA!.url, loneB!.url))._meta?.["scaivault/code"]).toBe("invalid_cursor");
    expect([a, b].flatMap((c) => c!.stderr).join("")).not.toContain(KEY);
  });

  it("the built CLI refuses a malformed SCAIVAULT_CURSOR_KEY in one line, without echoing it, and exits 2", async () => {
    if (!existsSync(CLI)) throw new Error("dist/bin/cli.js is missing: run `npm run build` (npm test does it first)");
    const short = KEY.slice(0, 40);
    const cli = spawnCli(["--mock"], { MCP_TRANSPORT: "http", PORT: "0", SCAIVAULT_CURSOR_KEY: short });
    const error = (await cli.catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(
      /^cli exited with 2: scaivault-mcp: invalid SCAIVAULT_CURSOR_KEY: must be hex, at least 32 bytes[^\n]*\n$/,
    );
    expect(error.message).not.toContain(short);
  });
});
