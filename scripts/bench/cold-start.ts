/**
 * Cold start of a stdio server, from spawn to the initialize answer and to the first tools/list
 * answer (the moment a host can show the tools), read from stdout as JSON-RPC lines: a server's
 * first stdout bytes prove nothing.
 */
import { spawn } from "node:child_process";

const line = (message: object) => `${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`;
const INITIALIZE = line({
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "1" } },
});
const LIST = line({ method: "notifications/initialized" }) + line({ id: 2, method: "tools/list" });

export interface ColdStart {
  initialize: number;
  toolsList: number;
}

export function coldStart(args: string[], timeoutMs = 30_000): Promise<ColdStart> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "ignore"], env: { PATH: process.env.PATH } });
    let initialize = 0;
    let buffered = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${args[0]} did not answer tools/list within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const text of lines) {
        let id: unknown;
        try {
          id = (JSON.parse(text) as { id?: unknown }).id;
        } catch {
          continue;
        }
        if (id === 1 && !initialize) {
          initialize = performance.now() - t0;
          child.stdin.write(LIST);
        } else if (id === 2) {
          const toolsList = performance.now() - t0;
          clearTimeout(timer);
          child.kill();
          resolve({ initialize, toolsList });
        }
      }
    });
    child.once("error", reject);
    child.stdin.write(INITIALIZE);
  });
}
