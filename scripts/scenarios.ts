/**
 * npm run scenarios: plays every scenario in-process and over stdio (built CLI), prints the
 * transcripts, what each mode played or skipped, and a coverage report, and exits non-zero when
 * a scenario fails or a tool or guardrail is not covered. `npm run scenarios -- <id>` plays one.
 */
import { fileURLToPath } from "node:url";
import { coverage, formatTranscript, GUARDRAILS, playScenario, scenarios } from "../scenarios/index.js";
import type { ScenarioResult } from "../scenarios/runner.js";
import { catalog } from "../src/tools/index.js";

const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const selected = only.length ? scenarios.filter((s) => only.includes(s.id)) : scenarios;
const cli = fileURLToPath(new URL("../dist/bin/cli.js", import.meta.url));
let failed = 0;
const results: ScenarioResult[] = [];
const perMode: string[] = [];
for (const mode of [{ kind: "in-process" as const }, { kind: "stdio" as const, cli }]) {
  console.log(`\n=== ${mode.kind} ===`);
  const tally = { played: 0, skipped: 0, failed: 0 };
  for (const s of selected) {
    const r = await playScenario(s, mode);
    if (mode.kind === "in-process") results.push(r);
    if (r.skipped) tally.skipped++;
    else tally.played++;
    if (!r.passed) tally.failed++;
    console.log(formatTranscript(s, r));
  }
  failed += tally.failed;
  perMode.push(`  ${mode.kind}: ${tally.played} played, ${tally.skipped} skipped, ${tally.failed} failed`);
}
const report = coverage(
  results,
  catalog.map((t) => t.name),
  GUARDRAILS,
);
console.log(
  `\nCoverage: ${report.tools.covered.length}/${catalog.length} tools run successfully, ${report.guardrails.covered.length}/${GUARDRAILS.length} guardrails`,
);
if (report.tools.missing.length) console.log(`  tools not run successfully: ${report.tools.missing.join(", ")}`);
if (report.tools.onlyApiErrors.length)
  console.log(`  of those, reached only an API error: ${report.tools.onlyApiErrors.join(", ")}`);
if (report.guardrails.missing.length) console.log(`  guardrails not covered: ${report.guardrails.missing.join(", ")}`);
console.log(`${selected.length} scenario(s):\n${perMode.join("\n")}`);
process.exit(failed > 0 || (!only.length && (report.tools.missing.length || report.guardrails.missing.length)) ? 1 : 0);
