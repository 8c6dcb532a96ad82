/**
 * Plays scenarios through a real MCP client: in-process (createServer + mock vault over
 * InMemoryTransport) or over stdio against the built CLI (`scaivault-mcp --mock` + flags).
 * Reports what each step did, readable like the product page's example interactions, and which
 * tools and guardrails were really exercised (refusals seen, masked values seen).
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createMockVault, type MockVaultHandle } from "../mock-vault/index.js";
import { MASK } from "../src/guard/mask.js";
import { select } from "../src/guard/selectors.js";
import { buildServer } from "../src/server.js";
import type { Guardrail, Scenario, Step } from "./kit.js";
import { summarise } from "./summary.js";

export type Mode = { kind: "in-process" } | { kind: "stdio"; cli: string };

export interface StepResult {
  label: string;
  passed: boolean;
  summary: string;
  problem?: string;
}

export interface ScenarioResult {
  id: string;
  title: string;
  passed: boolean;
  skipped?: string;
  steps: StepResult[];
  /** Tools that succeeded in a passing `ok` step: the only thing that counts as coverage. */
  tools: Set<string>;
  /** Tools that reached the vault and got the API error a passing `error` step expected. */
  toolsApiError: Set<string>;
  guardrails: Set<Guardrail>;
}

interface Outcome {
  ok: boolean;
  code?: string;
  /** The vault's HTTP status when a failure came from the API (a guard refusal has none). */
  status?: number;
  /** In-process only: whether the call sent a request to the mock vault. */
  reachedVault?: boolean;
  value: unknown;
  text: string;
}

interface Session {
  client: Client;
  mock?: MockVaultHandle;
  close(): Promise<void>;
}

async function open(s: Scenario, mode: Mode): Promise<Session> {
  const client = new Client({ name: "scaivault-scenarios", version: "1.0.0" });
  if (mode.kind === "in-process") {
    const mock = createMockVault({ seed: s.mock.seed ?? 42 });
    const parts = buildServer({ config: { mock: true, maxRetries: 0, ...s.profile }, fetch: mock.fetch });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await parts.server.connect(b);
    await client.connect(a);
    const close = async () => {
      await client.close();
      await parts.server.close();
    };
    return { client, mock, close };
  }
  const p = s.profile;
  const args = [mode.cli, "--mock"];
  if (p.readOnly) args.push("--read-only");
  if (p.maskValues) args.push("--mask-values");
  if (p.allowedPaths?.length) args.push("--allowed-paths", p.allowedPaths.join(","));
  if (p.deniedPaths?.length) args.push("--denied-paths", p.deniedPaths.join(","));
  if (p.tenantId) args.push("--tenant-id", p.tenantId);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args,
    env: { PATH: process.env.PATH ?? "" },
    stderr: "ignore",
  });
  await client.connect(transport);
  return { client, close: () => client.close() };
}

/** Replaces "${name}" in argument strings with values captured by earlier steps. */
function fill(value: unknown, vars: Map<string, unknown>): unknown {
  if (typeof value === "string") {
    const whole = /^\$\{(\w+)\}$/.exec(value);
    if (whole) return vars.get(whole[1] as string);
    return value.replace(/\$\{(\w+)\}/g, (_, name: string) => String(vars.get(name) ?? ""));
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, vars));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars)]));
  return value;
}

const CODE = /^(?:MCP error -?\d+: )?([a-z_]+): /;

/** Performs a step and notes whether it sent anything to the vault (in-process, from the mock's journal). */
async function perform(
  session: Session,
  step: Exclude<Step, { clock: string }>,
  vars: Map<string, unknown>,
): Promise<Outcome> {
  const journal = session.mock?.state.journal;
  // The last entry rather than the length: the journal is trimmed when it grows long.
  const lastBefore = journal?.at(-1);
  const out = await attempt(session, step, vars);
  return journal ? { ...out, reachedVault: journal.at(-1) !== lastBefore } : out;
}

async function attempt(
  session: Session,
  step: Exclude<Step, { clock: string }>,
  vars: Map<string, unknown>,
): Promise<Outcome> {
  try {
    if ("tool" in step) {
      const r = (await session.client.callTool({
        name: step.tool,
        arguments: fill(step.args, vars) as Record<string, unknown>,
      })) as CallToolResult;
      const text = r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
      if (r.isError)
        return {
          ok: false,
          code: (r._meta?.["scaivault/code"] as string | undefined) ?? CODE.exec(text)?.[1],
          ...statusOf(r._meta),
          value: undefined,
          text,
        };
      return { ok: true, value: r.structuredContent ?? safeJson(text), text };
    }
    if ("resource" in step) {
      const r = await session.client.readResource({ uri: String(fill(step.resource, vars)) });
      const text = r.contents.map((c) => ("text" in c ? c.text : "")).join("\n");
      return { ok: true, value: safeJson(text), text };
    }
    const r = await session.client.getPrompt({
      name: step.prompt,
      arguments: fill(step.args, vars) as Record<string, string>,
    });
    const text = r.messages.map((m) => (m.content.type === "text" ? m.content.text : "")).join("\n");
    return { ok: true, value: { messages: r.messages.length, text }, text };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Resource and prompt failures arrive as MCP errors carrying the same _meta-style data.
    const data = (error as { data?: Record<string, unknown> }).data;
    return { ok: false, code: CODE.exec(message)?.[1], ...statusOf(data), value: undefined, text: message };
  }
}

function statusOf(meta: Record<string, unknown> | undefined): { status?: number } {
  const status = meta?.["scaivault/status"];
  return typeof status === "number" ? { status } : {};
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function check(step: Exclude<Step, { clock: string }>, out: Outcome): string | undefined {
  const e = step.expect;
  if (e.ok && !out.ok) return `expected ok, got ${out.code ?? "error"}: ${out.text.slice(0, 160)}`;
  if (e.refused) {
    if (out.ok || out.code !== e.refused) return `expected refusal ${e.refused}, got ${out.ok ? "ok" : out.code}`;
    // A guardrail refusal is decided before any request: one from the vault is an API error.
    if (out.status !== undefined)
      return `expected a guardrail refusal ${e.refused}, got the vault's HTTP ${out.status} ${out.code}`;
    if (out.reachedVault) return `expected a guardrail refusal ${e.refused}, but a request reached the vault`;
  }
  if (e.error) {
    if (out.ok || out.code !== e.error)
      return `expected error ${e.error}, got ${out.ok ? "ok" : out.code}: ${out.text.slice(0, 160)}`;
    // The vault answered with it (an HTTP status), or the tool derived it from what the vault sent
    // (in-process the journal shows the request; over stdio requests cannot be seen).
    if (out.status === undefined && out.reachedVault === false)
      return `expected an error from the vault (${e.error}), got a refusal before any request: ${out.text.slice(0, 160)}`;
  }
  for (const [selector, expected] of Object.entries(e.match ?? {})) {
    const got = select(out.value, selector);
    const pass = Array.isArray(expected)
      ? JSON.stringify(got) === JSON.stringify(expected)
      : got.length > 0 && got.every((g) => JSON.stringify(g) === JSON.stringify(expected));
    if (!pass) return `${selector}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got).slice(0, 200)}`;
  }
  for (const s of e.contains ?? []) if (!out.text.includes(s)) return `text does not contain ${JSON.stringify(s)}`;
  for (const s of e.absent ?? [])
    if (out.text.includes(s)) return `text contains ${JSON.stringify(s)}, which must not appear`;
  return undefined;
}

/** What the step did, with the values captured by earlier steps filled in (an id, not "${leaseId}"). */
function label(step: Step, vars: Map<string, unknown>): string {
  if ("clock" in step) return `⏱  advance the mock clock by ${step.clock}`;
  if ("tool" in step) return `${step.tool} ${JSON.stringify(fill(step.args, vars))}`;
  if ("resource" in step) return `read ${String(fill(step.resource, vars))}`;
  return `prompt ${step.prompt} ${JSON.stringify(fill(step.args, vars))}`;
}

export async function playScenario(s: Scenario, mode: Mode = { kind: "in-process" }): Promise<ScenarioResult> {
  const result: ScenarioResult = {
    id: s.id,
    title: s.title,
    passed: true,
    steps: [],
    tools: new Set(),
    toolsApiError: new Set(),
    guardrails: new Set(),
  };
  if (mode.kind === "stdio" && (s.steps.some((st) => "clock" in st) || s.mock.seed !== undefined)) {
    return { ...result, skipped: "needs the in-process mock (clock or seed control)" };
  }
  const session = await open(s, mode);
  const vars = new Map<string, unknown>();
  try {
    for (const step of s.steps) {
      if ("clock" in step) {
        session.mock?.clock.advance(step.clock);
        result.steps.push({ label: label(step, vars), passed: true, summary: `now ${session.mock?.clock.iso()}` });
        continue;
      }
      const out = await perform(session, step, vars);
      const problem = check(step, out);
      if ("tool" in step && !problem && step.expect.ok) result.tools.add(step.tool);
      if ("tool" in step && !problem && step.expect.error) result.toolsApiError.add(step.tool);
      if (!problem) observeGuardrails(s, out, result.guardrails);
      for (const [name, selector] of Object.entries(step.capture ?? {})) vars.set(name, select(out.value, selector)[0]);
      result.steps.push({
        label: label(step, vars),
        passed: !problem,
        summary: summarise(out),
        ...(problem ? { problem } : {}),
      });
      if (problem) result.passed = false;
    }
  } finally {
    await session.close();
  }
  return result;
}

function observeGuardrails(s: Scenario, out: Outcome, seen: Set<Guardrail>): void {
  const byCode: Record<string, Guardrail> = {
    read_only: "read_only",
    path_denied: "denied_paths",
    path_not_allowed: "allowed_paths",
    tenant_locked: "tenant_lock",
    invalid_path: "path_normalisation",
  };
  if (!out.ok && out.code && byCode[out.code]) seen.add(byCode[out.code] as Guardrail);
  if (out.ok && s.profile.maskValues && out.text.includes(MASK)) seen.add("mask_values");
}

export function formatTranscript(s: Scenario, r: ScenarioResult): string {
  const profile = Object.entries(s.profile)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : String(v)}`)
    .join(" ");
  const lines = [`▶ ${s.id}: ${s.title}${profile ? `  [${profile}]` : ""}`];
  if (r.skipped) return `${lines[0]}\n  (skipped: ${r.skipped})`;
  if (s.user) lines.push(`  User: ${s.user}`);
  for (const step of r.steps) {
    lines.push(`  ${step.passed ? "✔" : "✘"} ${step.label}`);
    lines.push(`      ← ${step.summary}`);
    if (step.problem) lines.push(`      ✘ ${step.problem}`);
  }
  return lines.join("\n");
}

export interface Coverage {
  /** covered: a passing step saw the tool succeed; missing: none did (some of those may only have reached an API error). */
  tools: { covered: string[]; missing: string[]; onlyApiErrors: string[] };
  guardrails: { covered: Guardrail[]; missing: Guardrail[] };
}

/**
 * Which tools and guardrails the played scenarios exercised. A tool counts only when a call to it
 * succeeded: a refusal never ran it, and an API error alone says little about its shaping.
 */
export function coverage(
  results: ScenarioResult[],
  toolNames: readonly string[],
  guardrails: readonly Guardrail[],
): Coverage {
  const tools = new Set(results.flatMap((r) => [...r.tools]));
  const apiErrors = new Set(results.flatMap((r) => [...r.toolsApiError]));
  const rails = new Set(results.flatMap((r) => [...r.guardrails]));
  const missing = toolNames.filter((t) => !tools.has(t));
  return {
    tools: {
      covered: toolNames.filter((t) => tools.has(t)),
      missing,
      onlyApiErrors: missing.filter((t) => apiErrors.has(t)),
    },
    guardrails: { covered: guardrails.filter((g) => rails.has(g)), missing: guardrails.filter((g) => !rails.has(g)) },
  };
}
