/**
 * Shared by the HTTP and SSE end-to-end tests: an in-process server on port 0 backed by a fresh
 * mock vault, a raw request helper (to send Host/Origin headers fetch would not let us set), and
 * the built CLI spawned with a transport.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { request } from "node:http";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { createMockVault, type MockVaultHandle } from "../../mock-vault/index.js";
import type { ConfigInput } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import { buildServer } from "../../src/server.js";
import type { HttpServeOptions, RunningHttpServer } from "../../src/transports/gate.js";
import { CLI } from "./built-cli.js";

export { CLI };

export const TOKEN = "e2e-http-token-0123456789";

export interface Served {
  running: RunningHttpServer;
  mock: MockVaultHandle;
  /** Every server the factory built, in session order. */
  servers: McpServer[];
  logs: string[];
}

/**
 * Starts `serve` on 127.0.0.1:0 with one server per session (or request, when stateless) over
 * one mock vault: a fresh one, or `mock` when replicas are to share it.
 */
export async function serveInProcess(
  serve: (options: HttpServeOptions) => Promise<RunningHttpServer>,
  http: Partial<HttpServeOptions["config"]> = {},
  profile: Partial<ConfigInput> = {},
  {
    mock = createMockVault(),
    ...extra
  }: Pick<HttpServeOptions, "maxSessions" | "sessionIdleMs" | "now" | "stateless" | "readiness"> & {
    mock?: MockVaultHandle;
  } = {},
): Promise<Served> {
  const servers: McpServer[] = [];
  const logs: string[] = [];
  const log = createLogger((line) => logs.push(line));
  const running = await serve({
    config: { host: "127.0.0.1", port: 0, httpToken: TOKEN, allowedOrigins: [], ...http },
    log,
    ...extra,
    createServer: () => {
      const { server } = buildServer({
        config: { mock: true, maxRetries: 0, ...profile },
        fetch: mock.fetch,
        logger: log,
      });
      servers.push(server);
      return server;
    },
  });
  return { running, mock, servers, logs };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with exactly these headers; an event stream is cut after its headers. */
export function raw(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: options.method ?? "GET",
        headers: options.headers,
      },
      (res) => {
        const base = { status: res.statusCode ?? 0, headers: res.headers };
        if (String(res.headers["content-type"]).startsWith("text/event-stream")) {
          res.destroy();
          resolve({ ...base, body: "" });
          return;
        }
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ ...base, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/**
 * Opens an event stream and keeps it open until `close()` (which resolves once the socket is
 * gone); `ended` resolves when the stream ends, whichever side ends it.
 */
export function openStream(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; close: () => Promise<void>; ended: Promise<void> }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: "GET", headers },
      (res) => {
        resolve({
          status: res.statusCode ?? 0,
          ended: new Promise<void>((done) => {
            res.once("close", () => done());
            res.resume(); // events are not read, only drained, so the end is seen
          }),
          close: () =>
            new Promise<void>((done) => {
              if (res.closed || !res.socket || res.socket.destroyed) return done();
              res.socket.once("close", () => done());
              res.destroy();
            }),
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

export const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
});

export interface SpawnedCli {
  child: ChildProcess;
  /** The URL the server logged as ready (…/mcp or …/sse). */
  url: string;
  exit: Promise<number | null>;
  stderr: string[];
}

/** Spawns dist/bin/cli.js and resolves once it logs that it is ready (or rejects with its stderr when it exits). */
export function spawnCli(args: string[], env: Record<string, string>): Promise<SpawnedCli> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stderr: string[] = [];
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let buffered = "";
    child.stderr!.on("data", (chunk) => {
      stderr.push(String(chunk));
      buffered += String(chunk);
      for (const line of buffered.split("\n").slice(0, -1)) {
        try {
          const entry = JSON.parse(line) as { message?: string; url?: string };
          if (entry.message?.startsWith("scaivault-mcp ready on") && entry.url)
            resolve({ child, url: entry.url, exit, stderr });
        } catch {
          // not a log line
        }
      }
      buffered = buffered.slice(buffered.lastIndexOf("\n") + 1);
    });
    void exit.then((code) => reject(new Error(`cli exited with ${code}: ${stderr.join("")}`)));
  });
}
