/**
 * npm run scenarios: plays every scenario in-process and over stdio (built CLI), prints the
 * transcripts and a coverage report, and exits non-zero when a scenario fails or a tool or
 * guardrail is not covered. `npm run scenarios -- <id>` plays one.
 */
import { fileURLToPath } from "node:url";
import { coverage, formatTranscript, GUARDRAILS, playScenario, scenarios } from "../scenarios/index.js";
import { catalog } from "../src/tools/index.js";

const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const selected = only.length ? scenarios.filter((s) => only.includes(s.id)) : scenarios;
const cli = fileURLToPath(new URL("../dist/bin/cli.js", import.meta.url));
let failed = 0;
const results = [];
for (const mode of [{ kind: "in-process" as const }, { kind: "stdio" as const, cli }]) {
  console.log(`\n=== ${mode.kind} ===`);
  for (const s of selected) {
    const r = await playScenario(s, mode);
    if (mode.kind === "in-process") results.push(r);
    if (!r.passed) failed++;
    console.log(formatTranscript(s, r));
  }
}
const report = coverage(
  results,
  catalog.map((t) => t.name),
  GUARDRAILS,
);
console.log(
  `\nCoverage: ${report.tools.covered.length}/${catalog.length} tools, ${report.guardrails.covered.length}/${GUARDRAILS.length} guardrails`,
);
if (report.tools.missing.length) console.log(`  tools not covered: ${report.tools.missing.join(", ")}`);
if (report.guardrails.missing.length) console.log(`  guardrails not covered: ${report.guardrails.missing.join(", ")}`);
console.log(`${selected.length} scenario(s), ${failed} failed run(s)`);
process.exit(failed > 0 || (!only.length && (report.tools.missing.length || report.guardrails.missing.length)) ? 1 : 0);
