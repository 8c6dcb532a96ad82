/**
 * The servers the bench compares: scaivault-mcp (from dist/, with its in-process mock vault) and
 * the reference MCP servers, installed outside the repository and named by BENCH_REFERENCE:
 *   npm install --prefix /tmp/ref @modelcontextprotocol/server-{filesystem,memory,everything}
 *   BENCH_REFERENCE=/tmp/ref npm run bench
 * A reference that is not installed is skipped, and the bench says so.
 */
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../dist/bin/cli.js", import.meta.url));

export interface ToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

export interface Compared {
  name: string;
  /** `node <stdio...>` serves MCP on stdio. */
  stdio: string[];
  /** The cheap call timed against the others' (a read, an echo). */
  call?: ToolCall;
  /** How to serve Streamable HTTP on a given port, and the path of its endpoint. */
  http?: (port: number) => { args: string[]; env: Record<string, string>; ready: RegExp };
}

export const HTTP_TOKEN = "bench-http-token-0123456789abcdef";

export const scaivault: Compared = {
  name: "scaivault-mcp",
  stdio: [CLI, "--mock"],
  call: { name: "scaivault_read_secret", arguments: { path: "integrations/stripe/api-key" } },
  http: (port) => ({
    args: [CLI, "--mock"],
    env: { MCP_TRANSPORT: "http", PORT: String(port), MCP_HTTP_TOKEN: HTTP_TOKEN },
    ready: /scaivault-mcp ready on http/,
  }),
};

const REFERENCES: Record<string, Omit<Compared, "name" | "stdio"> & { entry: string; args: string[] }> = {
  "server-everything": {
    entry: "server-everything/dist/index.js",
    args: ["stdio"],
    call: { name: "echo", arguments: { message: "hello" } },
    http: (port) => ({
      args: ["streamableHttp"],
      env: { PORT: String(port) },
      ready: /listening on port/i,
    }),
  },
  "server-filesystem": { entry: "server-filesystem/dist/index.js", args: [tmpdir()] },
  "server-memory": { entry: "server-memory/dist/index.js", args: [] },
};

/** The installed reference servers, and a sentence for each one that is not. */
export function references(root: string | undefined): { found: Compared[]; missing: string[] } {
  if (!root)
    return {
      found: [],
      missing: [
        "reference servers: BENCH_REFERENCE is not set, so no ratios against them " +
          "(npm install --prefix /tmp/ref @modelcontextprotocol/server-{filesystem,memory,everything}; BENCH_REFERENCE=/tmp/ref npm run bench)",
      ],
    };
  const found: Compared[] = [];
  const missing: string[] = [];
  for (const [name, { entry, args, call, http }] of Object.entries(REFERENCES)) {
    const script = join(root, "node_modules/@modelcontextprotocol", entry);
    if (!existsSync(script)) {
      missing.push(`${name}: not installed under ${root} (${script} is missing), skipped`);
      continue;
    }
    found.push({
      name,
      stdio: [script, ...args],
      ...(call ? { call } : {}),
      ...(http
        ? {
            http: (port: number) => {
              const served = http(port);
              return { ...served, args: [script, ...served.args] };
            },
          }
        : {}),
    });
  }
  return { found, missing };
}
