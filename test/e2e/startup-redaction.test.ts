/**
 * The start-up check of the tenant lock prints the vault's answer to stderr when it refuses to
 * serve. A vault that echoes the token there (as the tenant id it reports, or as its error code)
 * must not get it printed. Runs the built binary (dist/bin/cli.js) against a one-route vault.
 */
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, requireBuiltCli } from "./built-cli.js";

const TOKEN = "startup-echoed-credential-5b81e0";

requireBuiltCli();

let vault: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (vault ? vault.close(() => resolve()) : resolve())));

/** A vault whose whoami answers with whatever `answer` makes of the bearer token it received. */
async function echoingVault(answer: (token: string) => { status: number; body: unknown }): Promise<string> {
  vault = createServer((req, res) => {
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    const { status, body } = answer(token);
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => vault?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(vault.address() as AddressInfo).port}`;
}

function runCli(url: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI], {
      env: {
        PATH: process.env.PATH ?? "",
        SCAIVAULT_URL: url,
        SCAIVAULT_TOKEN: TOKEN,
        SCAIVAULT_TENANT_ID: "tnt_locked",
      },
      stdio: ["pipe", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("the tenant-lock start-up check on stderr", () => {
  it("a whoami naming the token as the tenant: refused, the token not printed", async () => {
    const url = await echoingVault((token) => ({
      status: 200,
      body: { identity_id: "user:x", identity_type: "user", tenant_id: token, partner_id: "ptn_x", scopes: [] },
    }));
    const { code, stderr } = await runCli(url);
    expect(code).toBe(2);
    expect(stderr).toContain("not SCAIVAULT_TENANT_ID 'tnt_locked'");
    expect(stderr).not.toContain(TOKEN);
  }, 30_000);

  it("a whoami failing with the token as its error code: refused, the token not printed", async () => {
    const url = await echoingVault((token) => ({
      status: 401,
      body: { error: { code: token, message: `bad token ${token}`, request_id: token } },
    }));
    const { code, stderr } = await runCli(url);
    expect(code).toBe(2);
    expect(stderr).toContain("start-up check failed");
    expect(stderr).not.toContain(TOKEN);
  }, 30_000);
});
