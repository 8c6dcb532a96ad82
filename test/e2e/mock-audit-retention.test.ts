/**
 * The built scaivault-mock binary's --audit-retention: the served vault keeps that many audit
 * entries (the newest), and a retention below 1 is refused before anything loads.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";

const MOCK_CLI = fileURLToPath(new URL("../../dist/bin/mock-vault/cli.js", import.meta.url));
const ADMIN = "skt_mock_demo_admin";

beforeAll(() => {
  if (!existsSync(MOCK_CLI))
    throw new Error("dist/bin/mock-vault/cli.js is missing: run `npm run build` (npm test does it first)");
});

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill();
  child = undefined;
});

/** Starts the binary on port 0 and resolves its URL from the line it prints on stderr. */
function serve(args: string[]): Promise<string> {
  const proc = spawn(process.execPath, [MOCK_CLI, "--port", "0", ...args], { stdio: ["ignore", "ignore", "pipe"] });
  child = proc;
  return new Promise((resolve, reject) => {
    let err = "";
    proc.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(err)?.[1];
      if (url) resolve(url);
    });
    proc.once("exit", (code) => reject(new Error(`scaivault-mock exited (${code}): ${err}`)));
  });
}

const get = (url: string) => fetch(url, { headers: { Authorization: `Bearer ${ADMIN}` } });

describe("scaivault-mock --audit-retention", () => {
  it("keeps the newest entries up to the retention", async () => {
    const url = await serve(["--empty", "--audit-retention", "10"]);
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await get(`${url}/v1/auth/whoami`)).headers.get("x-request-id") as string);
    const { logs } = (await (await get(`${url}/v1/audit/logs?order=asc&limit=100`)).json()) as {
      logs: { request_id: string }[];
    };
    expect(logs.length).toBeLessThanOrEqual(10);
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.map((l) => l.request_id)).toEqual(ids.slice(-logs.length));
  });

  it("refuses a retention below 1 with exit code 2", async () => {
    const proc = spawn(process.execPath, [MOCK_CLI, "--audit-retention", "0"], { stdio: ["ignore", "ignore", "pipe"] });
    child = proc;
    let err = "";
    proc.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    const code = await new Promise((resolve) => proc.once("exit", resolve));
    expect(code).toBe(2);
    expect(err).toContain("--audit-retention must be a whole number from 1 to 100000000");
  });
});
