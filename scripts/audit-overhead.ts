/**
 * What the audit and the spans cost a tool call, in-process against the mock vault: ms per
 * scaivault_read_secret with neither, with SCAIVAULT_AUDIT_LOG (a file, synced per line) and with
 * SCAIVAULT_OTEL and no SDK. Ratios to the fastest "off" round of the same run.
 * `node --import tsx scripts/audit-overhead.ts`
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { createMockVault } from "../mock-vault/index.js";
import { buildServer } from "../src/server.js";

async function run(label: string, extra: Record<string, unknown>, n = 400) {
  const mock = createMockVault();
  const parts = buildServer({ config: { mock: true, maxRetries: 0, ...extra }, fetch: mock.fetch });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await parts.server.connect(b);
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(a);
  for (let i = 0; i < 50; i++)
    await client.callTool({ name: "scaivault_read_secret", arguments: { path: "apps/web/session-key" } });
  const t = performance.now();
  for (let i = 0; i < n; i++)
    await client.callTool({ name: "scaivault_read_secret", arguments: { path: "apps/web/session-key" } });
  const ms = (performance.now() - t) / n;
  await client.close();
  return [label, ms] as const;
}
const dir = mkdtempSync(join(tmpdir(), "bench-audit-"));
const rows = [];
for (let round = 0; round < 2; round++) {
  rows.push(await run("off", {}));
  rows.push(await run("audit file", { auditLog: join(dir, `a${round}.jsonl`) }));
  rows.push(await run("otel (no SDK)", { otel: true }));
}
const base = rows.filter((r) => r[0] === "off").map((r) => r[1]);
const b = Math.min(...base);
for (const [label, ms] of rows) console.log(label.padEnd(14), ms.toFixed(3), "ms/call", `${(ms / b).toFixed(2)}x`);
