/**
 * package-lock.json says what package.json says. `npm ci` checks only that the locked versions
 * satisfy package.json's ranges: it passes with a root entry that names old bin paths, engines or
 * license, and with a range changed to one the locked version still meets, all of which the next
 * `npm install` rewrites. So npm itself recomputes the lockfile here, from the lockfile alone
 * (offline, empty cache: no network), and it must come out byte for byte as committed.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "lockfile-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

it("npm install leaves package-lock.json as committed (run `npm install` and commit both files if not)", () => {
  for (const file of ["package.json", "package-lock.json"]) copyFileSync(join(root, file), join(work, file));
  const npm = spawnSync(
    "npm",
    ["install", "--package-lock-only", "--ignore-scripts", "--offline", "--no-audit", "--no-fund"],
    { cwd: work, encoding: "utf8", env: { ...process.env, npm_config_cache: join(work, ".cache") } },
  );
  // A dependency that package.json names and the lockfile lacks cannot be resolved offline.
  expect(npm.status, `npm install failed (package.json names what the lockfile lacks?):\n${npm.stderr}`).toBe(0);
  const committed = readFileSync(join(root, "package-lock.json"), "utf8");
  expect(readFileSync(join(work, "package-lock.json"), "utf8")).toBe(committed);
});
