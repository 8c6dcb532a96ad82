/**
 * Replays scripted scenarios (scenarios/library) with SCAIVAULT_AUDIT_LOG set and holds the audit
 * file to the expected lines, line for line: what was called, with which arguments (secret values
 * withheld), the guard's decision, the outcome and its code, and how many vault requests each
 * made. Time, duration and the vault's request ids vary by run: they are checked for their form,
 * then normalised.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Scenario } from "../../scenarios/kit.js";
import { readOnly as guardrailsReadOnly, lifecycle } from "../../scenarios/library/secrets.js";
import { prompts, promptsReadOnly, resourceTenantLock } from "../../scenarios/library/workflows.js";
import { formatTranscript, playScenario } from "../../scenarios/runner.js";

const dir = mkdtempSync(join(tmpdir(), "scaivault-audit-replay-"));

/** Plays `s` with an audit file of its own; the file's lines, parsed and normalised. */
async function replay(s: Scenario): Promise<Record<string, unknown>[]> {
  const file = join(dir, `${s.id}.jsonl`);
  const result = await playScenario({ ...s, profile: { ...s.profile, auditLog: file } as Scenario["profile"] });
  expect(result.passed, formatTranscript(s, result)).toBe(true);
  const text = readFileSync(file, "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return text
    .trimEnd()
    .split("\n")
    .map((line) => normalised(JSON.parse(line)));
}

function normalised(line: Record<string, unknown>): Record<string, unknown> {
  expect(Number.isNaN(Date.parse(String(line.time)))).toBe(false);
  expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(typeof line.duration_ms === "number" && line.duration_ms >= 0).toBe(true);
  const ids = line.vault_request_ids as unknown[];
  for (const id of ids) expect(id).toMatch(/^req_[a-z0-9]+$/);
  return { ...line, time: "<time>", duration_ms: "<ms>", vault_request_ids: ids.map(() => "<req>") };
}

const CLIENT = { name: "scaivault-scenarios", version: "1.0.0" };
const line = (fields: Record<string, unknown>) => ({
  time: "<time>",
  audit: "agent_action",
  client: CLIENT,
  user: "token",
  ...fields,
  duration_ms: "<ms>",
});
const tool = (name: string, args: Record<string, unknown>, rest: Record<string, unknown>) =>
  line({ method: "tools/call", name, arguments: args, ...rest });
const ok = { decision: "allowed", outcome: "ok", vault_request_ids: ["<req>"] };
const refused = (code: string) => ({ decision: "refused", outcome: "refused", code, vault_request_ids: [] });

describe("the audit log of a replayed scenario, line for line", () => {
  it("secrets.lifecycle: writes (data withheld), reads, rotation, expiry, delete, a vault error", async () => {
    const path = "apps/reports/db";
    expect(await replay(lifecycle)).toEqual([
      tool("scaivault_write_secret", { path, expires_in: "20d" }, { withheld: ["data"], ...ok }),
      tool("scaivault_write_secret", { path }, { withheld: ["data"], ...ok }),
      tool("scaivault_read_secret", { path }, ok),
      tool("scaivault_get_secret_versions", { path }, ok),
      tool("scaivault_rotate_secret", { path }, ok),
      tool("scaivault_check_expiration", { prefix: "apps/reports", within: "30d" }, ok),
      tool("scaivault_check_expiration", { prefix: "apps/reports" }, ok),
      tool("scaivault_delete_secret", { path }, ok),
      tool(
        "scaivault_read_secret",
        { path },
        { decision: "allowed", outcome: "error", code: "secret_not_found", vault_request_ids: ["<req>"] },
      ),
    ]);
  });

  it("guardrails.read-only: the refusals, with their code, and no vault request", async () => {
    const path = "apps/web/session-key";
    expect(await replay(guardrailsReadOnly)).toEqual([
      tool("scaivault_read_secret", { path }, ok),
      tool("scaivault_write_secret", { path }, { withheld: ["data"], ...refused("read_only") }),
      tool("scaivault_rotate_secret", { path }, refused("read_only")),
      tool("scaivault_delete_secret", { path }, refused("read_only")),
    ]);
  });

  it("workflows.resource-tenant-lock: resource reads, refused and served", async () => {
    const uri = (tenant: string) => `scaivault://secrets/${tenant}/integrations/salesforce/oauth`;
    expect(await replay(resourceTenantLock)).toEqual([
      line({ method: "resources/read", name: uri("tnt_globex"), arguments: {}, ...refused("tenant_locked") }),
      line({ method: "resources/read", name: uri("tnt_acme_prod"), arguments: {}, ...ok }),
    ]);
  });

  it("workflows.prompts: prompts admitted, refused by the path grammar, and bad input", async () => {
    const prompt = (name: string, args: Record<string, unknown>, rest: Record<string, unknown>) =>
      line({ method: "prompts/get", name, arguments: args, ...rest });
    const admitted = { decision: "allowed", outcome: "ok", vault_request_ids: [] };
    expect(await replay(prompts)).toEqual([
      prompt(
        "audit-investigation",
        { path: "infra/db/primary/credentials", start: "2026-05-17T14:00:00Z", end: "2026-05-17T15:00:00Z" },
        admitted,
      ),
      prompt(
        "audit-investigation",
        { path: "infra/db/primary/credentials", window: "yesterday" },
        { decision: "allowed", outcome: "error", code: "invalid_request", vault_request_ids: [] },
      ),
      prompt("rotate-credential", { path: "/integrations//salesforce/oauth/" }, admitted),
      prompt("rotate-credential", { path: "integrations/../infra/db/primary/credentials" }, refused("invalid_path")),
    ]);
  });

  it("workflows.prompts-read-only: a .env text is withheld, never written", async () => {
    const file = join(dir, `${promptsReadOnly.id}.jsonl`);
    const lines = await replay(promptsReadOnly);
    expect(readFileSync(file, "utf8")).not.toContain("sk_test_mock_FAKEFAKEFAKE0000");
    const prompt = (name: string, args: Record<string, unknown>, rest: Record<string, unknown>) =>
      line({ method: "prompts/get", name, arguments: args, ...rest });
    expect(lines).toEqual([
      prompt("rotate-credential", { path: "integrations/salesforce/oauth" }, refused("read_only")),
      prompt("migrate-from-env", { prefix: "apps/legacy" }, { withheld: ["env"], ...refused("read_only") }),
      prompt(
        "audit-investigation",
        { path: "integrations/salesforce/oauth" },
        { decision: "allowed", outcome: "ok", vault_request_ids: [] },
      ),
    ]);
  });
});
