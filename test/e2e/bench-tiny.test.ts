/**
 * npm run bench still runs: its tiny mode (a few repeats, small sizes) through the sections that
 * need no reference server, with BENCH_REFERENCE naming a folder where none is installed. Checks
 * what the bench prints and that it ends well, never a timing.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const empty = mkdtempSync(join(tmpdir(), "bench-no-ref-"));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe("npm run bench, tiny mode", () => {
  it("runs its sections through the API, skips a reference server that is not installed and prints the goals", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/bench.ts"], {
      env: {
        PATH: process.env.PATH ?? "",
        BENCH_TINY: "1",
        BENCH_ONLY: "start,inproc,scale",
        BENCH_REFERENCE: empty,
      },
      timeout: 240_000,
    });
    for (const name of ["server-everything", "server-filesystem", "server-memory"])
      expect(stdout).toContain(`skipped: ${name}: not installed under ${empty}`);
    expect(stdout).toMatch(/scaivault-mcp: to initialize \/ to first tools\/list\s+[\d.]+ ms \/ [\d.]+ ms/);
    expect(stdout).toMatch(/mock vault: GET \/v1\/secrets\/\{path\} \(median\)\s+[\d.]+ ms/);
    expect(stdout).toMatch(/first page of 100 of a prefix listing, 2,000 secrets \(median\)\s+[\d.]+ ms/);
    const goals = stdout.slice(stdout.indexOf("## goals"));
    expect(goals).toMatch(/500 random-order writes through the API\s+[\d.]+ s \(CPU [\d.]+ s\)\s+goal <= 15 s/);
    expect(goals).toMatch(/audit window query: 2,000 vs 1,000 entries\s+[\d.]+x/);
    // Ratios against a server that is not there are left out, not printed as NaN.
    expect(goals).not.toMatch(/NaN|server-everything/);
  }, 300_000);
});
