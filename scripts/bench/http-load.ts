/**
 * Streamable HTTP under concurrency: one server process, `clients` MCP sessions calling its cheap
 * tool at once. Throughput, p99 latency, and the process's RSS are read by the caller.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { quantile } from "./measure.js";
import { type Compared, HTTP_TOKEN } from "./servers.js";

export interface Served {
  child: ChildProcess;
  url: URL;
  stop(): void;
}

/** Starts a server over HTTP on `port` and resolves once it says it listens (on either stream). */
export function serveHttp(server: Compared, port: number): Promise<Served> {
  const spec = server.http?.(port);
  if (!spec) throw new Error(`${server.name} has no HTTP transport`);
  const child = spawn(process.execPath, spec.args, {
    env: { PATH: process.env.PATH ?? "", ...spec.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (!spec.ready.test(seen)) return;
      seen = "";
      child.stdout?.removeListener("data", onData);
      child.stderr?.removeListener("data", onData);
      resolve({ child, url: new URL(`http://127.0.0.1:${port}/mcp`), stop: () => child.kill("SIGTERM") });
    };
    // Read (and drop) both streams for good: a full pipe would stall the server.
    child.stdout?.on("data", onData).resume();
    child.stderr?.on("data", onData).resume();
    child.once("exit", (code) =>
      reject(new Error(`${server.name} exited with ${code} before listening: ${seen.slice(-300)}`)),
    );
  });
}

export interface LoadResult {
  calls: number;
  errors: number;
  seconds: number;
  throughput: number;
  p50: number;
  p99: number;
}

/** `clients` sessions making `perClient` calls each, all at once (after a short warm-up). */
export async function load(
  served: Served,
  call: Compared["call"],
  clients: number,
  perClient: number,
): Promise<LoadResult> {
  if (!call) throw new Error("no call to time");
  const sessions = await Promise.all(
    Array.from({ length: clients }, async () => {
      const transport = new StreamableHTTPClientTransport(served.url, {
        requestInit: { headers: { Authorization: `Bearer ${HTTP_TOKEN}` } },
      });
      const client = new Client({ name: "bench", version: "1" });
      await client.connect(transport);
      return { client, transport };
    }),
  );
  const latencies: number[] = [];
  let errors = 0;
  const run = async (client: Client, n: number, record: boolean) => {
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      try {
        const result = await client.callTool(call);
        if (result.isError) errors += record ? 1 : 0;
      } catch {
        errors += record ? 1 : 0;
      }
      if (record) latencies.push(performance.now() - t);
    }
  };
  await Promise.all(sessions.map(({ client }) => run(client, 3, false)));
  const t0 = performance.now();
  await Promise.all(sessions.map(({ client }) => run(client, perClient, true)));
  const seconds = (performance.now() - t0) / 1000;
  // End the sessions, so that the next block starts from the same state.
  await Promise.all(
    sessions.map(async ({ client, transport }) => {
      await transport.terminateSession().catch(() => undefined);
      await client.close().catch(() => undefined);
    }),
  );
  return {
    calls: latencies.length,
    errors,
    seconds,
    throughput: latencies.length / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
  };
}
