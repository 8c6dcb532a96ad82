/**
 * Stateless HTTP reuses built servers (src/transports/server-pool.ts). Reuse must not carry
 * anything from one request to the next: a server that answered `initialize` (the client's
 * capabilities and version) or `logging/setLevel` (its log level) never answers again, a server
 * answers one request at a time, and the answers are the same as from fresh servers.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { afterEach, describe, expect, it } from "vitest";
import { createMockVault } from "../../mock-vault/index.js";
import { createLogger } from "../../src/log.js";
import { buildServer } from "../../src/server.js";
import { leavesServerAsBuilt, REUSABLE_METHODS, ServerPool } from "../../src/transports/server-pool.js";
import { serveHttp } from "../../src/transports/streamable-http.js";
import { raw, TOKEN } from "../e2e/http-helpers.js";

const HEADERS = {
  "Content-Type": "application/json",
  Accept: "application/json, text/event-stream",
  Authorization: `Bearer ${TOKEN}`,
  "Mcp-Protocol-Version": "2025-06-18",
};

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A stateless instance whose factory records every server built and, in order, each connection (one per POST). */
async function statelessInstance() {
  const mock = createMockVault();
  const built: McpServer[] = [];
  const answered: McpServer[] = [];
  /** Servers handling a request right now: one request at a time each. */
  const busy = new Set<McpServer>();
  let overlapped = false;
  const running = await serveHttp({
    config: { host: "127.0.0.1", port: 0, httpToken: TOKEN, allowedOrigins: [] },
    log: createLogger(() => undefined),
    stateless: true,
    createServer: () => {
      const { server } = buildServer({ config: { mock: true, maxRetries: 0 }, fetch: mock.fetch });
      const connect = server.connect.bind(server);
      server.connect = (transport) => {
        if (busy.has(server)) overlapped = true;
        busy.add(server);
        answered.push(server);
        const onclose = transport.onclose;
        transport.onclose = () => {
          busy.delete(server);
          onclose?.();
        };
        return connect(transport);
      };
      built.push(server);
      return server;
    },
  });
  cleanups.push(() => running.close());
  let id = 1;
  const post = async (method: string, params: unknown) => {
    const res = await raw(running.url, "/mcp", {
      method: "POST",
      headers: HEADERS,
      body: JSON.stringify({ jsonrpc: "2.0", id: id++, method, params }),
    });
    expect(res.status).toBe(200);
    return JSON.parse(res.body) as { result?: Record<string, unknown>; error?: unknown };
  };
  return { built, answered, post, overlapped: () => overlapped };
}

const READ = { name: "scaivault_read_secret", arguments: { path: "integrations/stripe/api-key" } };

describe("stateless server reuse", () => {
  it("answers request after request from one reused server, with the same answers", async () => {
    const { built, answered, post } = await statelessInstance();
    await post("tools/call", READ);
    // From the second read on, the vault's answer is the same (the first sets last_accessed_at).
    const { result } = await post("tools/call", READ);
    expect(result?.isError).toBeFalsy();
    for (let i = 0; i < 20; i++) expect((await post("tools/call", READ)).result).toEqual(result);
    expect(answered).toHaveLength(22);
    expect(built).toHaveLength(1);
  });

  it("never reuses a server that answered initialize or logging/setLevel", async () => {
    const { answered, post } = await statelessInstance();
    await post("tools/call", READ);
    const init = await post("initialize", {
      protocolVersion: "2025-06-18",
      capabilities: { elicitation: {} },
      clientInfo: { name: "client-a", version: "7" },
    });
    expect(init.result?.protocolVersion).toBeDefined();
    const initialized = answered.at(-1)!;
    expect(initialized.server.getClientVersion()?.name).toBe("client-a");
    await post("logging/setLevel", { level: "debug" });
    const leveled = answered.at(-1)!;
    for (let i = 0; i < 10; i++) {
      await post("tools/call", READ);
      const server = answered.at(-1)!;
      expect(server).not.toBe(initialized);
      expect(server).not.toBe(leveled);
      expect(server.server.getClientVersion()).toBeUndefined();
      expect(server.server.getClientCapabilities()).toBeUndefined();
    }
    // Each answered nothing after its state-changing request (the first call's server is taken for initialize).
    expect(answered.lastIndexOf(initialized)).toBe(1);
    expect(answered.lastIndexOf(leveled)).toBe(2);
  });

  it("gives each concurrent request a server of its own", async () => {
    const { built, answered, post, overlapped } = await statelessInstance();
    const rounds = [0, 1, 2];
    for (const _ of rounds) await Promise.all(Array.from({ length: 12 }, () => post("tools/call", READ)));
    expect(overlapped()).toBe(false);
    expect(answered).toHaveLength(36);
    // Later rounds take the servers the first one built.
    expect(built.length).toBeLessThan(36);
  });
});

describe("leavesServerAsBuilt", () => {
  const request = (method: string, id: unknown = 1) => ({ jsonrpc: "2.0", id, method, params: {} });

  it("holds for requests of the reusable methods, alone or batched", () => {
    for (const method of REUSABLE_METHODS) expect(leavesServerAsBuilt(request(method))).toBe(true);
    expect(leavesServerAsBuilt([request("tools/call", 1), request("tools/list", 2)])).toBe(true);
  });

  it("fails for anything that changes the server or is not a request", () => {
    expect(leavesServerAsBuilt(request("initialize"))).toBe(false);
    expect(leavesServerAsBuilt(request("logging/setLevel"))).toBe(false);
    expect(leavesServerAsBuilt(request("resources/subscribe"))).toBe(false);
    expect(leavesServerAsBuilt([request("tools/call"), request("initialize", 2)])).toBe(false);
    expect(leavesServerAsBuilt({ jsonrpc: "2.0", method: "notifications/initialized" })).toBe(false);
    expect(leavesServerAsBuilt({ jsonrpc: "2.0", method: "tools/call", id: null })).toBe(false);
    expect(leavesServerAsBuilt([])).toBe(false);
    expect(leavesServerAsBuilt(null)).toBe(false);
    expect(leavesServerAsBuilt("tools/call")).toBe(false);
  });
});

describe("ServerPool", () => {
  const counting = () => {
    let n = 0;
    return { build: () => ({ n: n++ }) as unknown as McpServer, built: () => n };
  };

  it("keeps at most its bound of idle servers and hands back the last one given", () => {
    const { build, built } = counting();
    const pool = new ServerPool(build, { idle: 3, idleMs: 60_000 });
    const taken = Array.from({ length: 5 }, () => pool.take());
    expect(built()).toBe(5);
    for (const server of taken) pool.give(server);
    expect(pool.size).toBe(3);
    expect(pool.take()).toBe(taken[2]);
    pool.clear();
    expect(pool.size).toBe(0);
    pool.take();
    expect(built()).toBe(6);
  });

  it("drops the servers idle longer than idleMs, the most recently used stay", () => {
    let now = 0;
    const { build } = counting();
    const pool = new ServerPool(build, { idle: 10, idleMs: 1000, now: () => now });
    const [a, b, c] = [pool.take(), pool.take(), pool.take()];
    pool.give(a);
    now = 600;
    pool.give(b);
    pool.give(c);
    now = 1200;
    pool.sweep();
    expect(pool.size).toBe(2);
    now = 1601;
    pool.sweep();
    expect(pool.size).toBe(0);
    pool.clear();
  });
});
