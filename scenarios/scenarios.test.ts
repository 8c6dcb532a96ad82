/**
 * Plays the whole scenario library through a real MCP client and gates coverage: CI fails when
 * any scenario fails, or any of the 67 tools or any guardrail is exercised by none of them.
 * To add a scenario: write it in scenarios/library/<area>.ts with scenario({...}); it is picked
 * up from scenarios/index.ts.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { catalog } from "../src/tools/index.js";
import { scenarios } from "./index.js";
import { GUARDRAILS } from "./kit.js";
import { coverage, formatTranscript, playScenario, type ScenarioResult } from "./runner.js";

const results: ScenarioResult[] = [];
const CLI = fileURLToPath(new URL("../dist/bin/cli.js", import.meta.url));
/** Played over stdio against the built binary too (the product page's examples and guardrail basics). */
const OVER_STDIO = new Set([
  "secrets.masked-listing",
  "guardrails.read-only",
  "guardrails.tenant-lock",
  "audit.outage-investigation",
  "dynamic.postgres-readonly",
]);

describe("scenario library (in-process)", () => {
  it("has unique ids", () => {
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
  });

  it.each(scenarios.map((s) => [s.id, s] as const))("%s", async (_, s) => {
    const result = await playScenario(s);
    results.push(result);
    expect(result.passed, formatTranscript(s, result)).toBe(true);
  });

  it("covers every tool of the catalog and every guardrail", () => {
    const report = coverage(
      results,
      catalog.map((t) => t.name),
      GUARDRAILS,
    );
    expect(report.tools.missing, "tools no scenario ran successfully").toEqual([]);
    expect(report.guardrails.missing, "guardrails no scenario exercises").toEqual([]);
  });
});

describe("scenario library over stdio (built CLI)", () => {
  it.each(scenarios.filter((s) => OVER_STDIO.has(s.id)).map((s) => [s.id, s] as const))("%s", async (_, s) => {
    expect(existsSync(CLI), "dist/bin/cli.js missing: npm test builds it").toBe(true);
    const result = await playScenario(s, { kind: "stdio", cli: CLI });
    expect(result.skipped).toBeUndefined();
    expect(result.passed, formatTranscript(s, result)).toBe(true);
  });
});
