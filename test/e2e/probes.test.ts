/**
 * GET /healthz and GET /readyz on both HTTP transports: no MCP token needed, the Host rule still
 * holds, readiness follows the vault (reachable, token accepted) and no answer names an identity,
 * a tenant or a credential. In-process, then the built CLI against a vault that is not there.
 */
import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createMockVault } from "../../mock-vault/index.js";
import { defineConfig } from "../../src/config.js";
import { clientFor } from "../../src/server.js";
import { cachedReadiness } from "../../src/transports/health.js";
import { serveSse } from "../../src/transports/sse.js";
import { serveHttp } from "../../src/transports/streamable-http.js";
import { CLI, raw, serveInProcess, spawnCli, TOKEN } from "./http-helpers.js";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const WRONG_TOKEN = "skt_mock_not_a_known_token";

/** A server whose readiness asks the mock vault with `token`. */
async function start(serve: typeof serveHttp, token?: string) {
  const mock = createMockVault();
  const client = clientFor(defineConfig({ mock: true, token, maxRetries: 0 }), mock.fetch);
  const served = await serveInProcess(
    serve,
    {},
    {},
    { mock, readiness: cachedReadiness((signal) => client.whoami(signal)) },
  );
  cleanups.push(() => served.running.close());
  return { served, mock };
}

describe.each([
  ["Streamable HTTP", serveHttp],
  ["SSE", serveSse],
])("probes over %s", (_, serve) => {
  it("/healthz and /readyz answer without the MCP token, and say nothing about who or which tenant", async () => {
    const { served, mock } = await start(serve);
    const health = await raw(served.running.url, "/healthz");
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: "ok" });
    expect(health.headers["cache-control"]).toBe("no-store");
    const ready = await raw(served.running.url, "/readyz");
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: "ready" });
    for (const body of [health.body, ready.body]) {
      expect(body).not.toContain(mock.tenantId);
      expect(body).not.toContain(mock.tokens.admin);
    }
    // The MCP endpoint itself still wants the token.
    expect((await raw(served.running.url, serve === serveHttp ? "/mcp" : "/sse")).status).toBe(401);
  });

  it("/readyz is 503 with a fixed reason while the vault refuses the token; probes keep the Host rule", async () => {
    const { served } = await start(serve, WRONG_TOKEN);
    const ready = await raw(served.running.url, "/readyz");
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({ status: "not_ready", reason: "token_rejected" });
    expect(ready.body).not.toContain(WRONG_TOKEN);
    expect((await raw(served.running.url, "/healthz")).status).toBe(200);
    const port = new URL(served.running.url).port;
    expect((await raw(served.running.url, "/healthz", { headers: { Host: `evil.example:${port}` } })).status).toBe(403);
    const post = await raw(served.running.url, "/healthz", {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
  });
});

describe("probes of the built CLI", () => {
  it("/healthz is up while /readyz says vault_unreachable for a vault that is not there", async () => {
    if (!existsSync(CLI)) throw new Error("dist/bin/cli.js is missing: run `npm run build` (npm test does it first)");
    const cli = await spawnCli([], {
      MCP_TRANSPORT: "http",
      PORT: "0",
      SCAIVAULT_URL: "http://127.0.0.1:9",
      SCAIVAULT_TOKEN: "skt_probe_test_token",
      SCAIVAULT_MAX_RETRIES: "0",
    });
    cleanups.push(() => cli.child.kill("SIGKILL"));
    const base = new URL(cli.url).origin;
    expect((await raw(base, "/healthz")).status).toBe(200);
    const ready = await raw(base, "/readyz");
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({ status: "not_ready", reason: "vault_unreachable" });
  });

  it("/readyz is ready against the mock vault", async () => {
    if (!existsSync(CLI)) throw new Error("dist/bin/cli.js is missing: run `npm run build` (npm test does it first)");
    const cli = await spawnCli(["--mock", "--stateless"], { MCP_TRANSPORT: "http", PORT: "0", MCP_HTTP_TOKEN: TOKEN });
    cleanups.push(() => cli.child.kill("SIGKILL"));
    const ready = await raw(new URL(cli.url).origin, "/readyz");
    expect([ready.status, JSON.parse(ready.body)]).toEqual([200, { status: "ready" }]);
  });
});
