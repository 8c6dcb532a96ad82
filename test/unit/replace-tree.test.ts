/**
 * replaceTree, what `npm run build` uses to put a new build into dist/: the target ends up with
 * exactly the new files, and a process reading the tree while it is replaced, over and over, never
 * finds a file missing or half-written.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { replaceTree } from "../../scripts/replace-tree.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "replace-tree-"));
  dirs.push(d);
  return d;
};

/** Writes files whose content says how long it is, so a reader can tell a whole file from a cut one. */
function writeTree(root: string, files: Record<string, number>, tag: string): void {
  for (const [path, size] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    const body = tag.repeat(Math.ceil(size / tag.length)).slice(0, size);
    writeFileSync(join(root, path), `${size}\n${body}`);
  }
}

const sorted = (root: string) =>
  (
    readdirSync(root, { recursive: true, withFileTypes: true }) as {
      isDirectory(): boolean;
      parentPath: string;
      name: string;
    }[]
  )
    .filter((e) => !e.isDirectory())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();

it("leaves exactly the new files, drops stale ones and empty folders, and empties the staging folder", () => {
  const target = tempDir();
  const staging = tempDir();
  writeTree(target, { "index.js": 10, "chunk-OLD.js": 10, "bin/cli.js": 10, "gone/x.js": 10 }, "o");
  writeTree(staging, { "index.js": 20, "chunk-NEW.js": 20, "bin/cli.js": 20, "bin/mock-vault/cli.js": 20 }, "n");
  replaceTree(staging, target, ["index.js", "bin/cli.js"]);
  expect(sorted(target)).toEqual(["bin/cli.js", "bin/mock-vault/cli.js", "chunk-NEW.js", "index.js"]);
  expect(readFileSync(join(target, "bin/cli.js"), "utf8")).toBe(`20\n${"n".repeat(20)}`);
  expect(existsSync(join(target, "gone"))).toBe(false);
  expect(readdirSync(staging)).toEqual([]);
});

it("creates the target when it does not exist", () => {
  const staging = tempDir();
  const target = join(tempDir(), "dist");
  writeTree(staging, { "bin/cli.js": 5 }, "a");
  replaceTree(staging, target);
  expect(sorted(target)).toEqual(["bin/cli.js"]);
});

// A reader in another process checks every file of the tree, as often as it can, until told to stop.
const READER = `
const { readFileSync } = require("node:fs");
const [root, ...files] = process.argv.slice(1);
let reads = 0, missing = 0, partial = 0, stop = false;
process.stdin.on("data", () => { stop = true; }).resume();
(function loop() {
  for (const f of files) {
    let text;
    try { text = readFileSync(root + "/" + f, "utf8"); } catch { missing++; continue; }
    const nl = text.indexOf("\\n");
    if (nl < 0 || text.length - nl - 1 !== Number(text.slice(0, nl))) partial++;
    reads++;
  }
  if (stop) process.stdout.write(JSON.stringify({ reads, missing, partial }));
  else setImmediate(loop);
})();
`;

it("never shows a reader a missing or partial file while the tree is replaced again and again", async () => {
  const target = tempDir();
  const files: Record<string, number> = {};
  for (let i = 0; i < 12; i++) files[`bin/chunk-${i}.js`] = 50_000 + i * 1_000;
  files["bin/cli.js"] = 40_000;
  files["index.js"] = 60_000;
  writeTree(target, files, "v0");

  const reader = spawn(process.execPath, ["-e", READER, target, ...Object.keys(files)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  reader.stdout.on("data", (chunk) => {
    out += chunk;
  });
  const done = new Promise<void>((resolve) => reader.on("exit", () => resolve()));
  // Let the reader start before the first swap, then swap many times, yielding between swaps.
  await new Promise((r) => setTimeout(r, 200));
  for (let round = 1; round <= 60; round++) {
    const staging = tempDir();
    // Sizes change every round, so a file cut short or read across two versions shows.
    const next = Object.fromEntries(Object.entries(files).map(([f, n]) => [f, n + (round % 7) * 313]));
    writeTree(staging, next, `v${round}`);
    replaceTree(staging, target, ["bin/cli.js", "index.js"]);
    await new Promise((r) => setImmediate(r));
  }
  reader.stdin.end("stop");
  await done;
  const seen = JSON.parse(out) as { reads: number; missing: number; partial: number };
  expect(seen.reads).toBeGreaterThan(0);
  expect(seen).toMatchObject({ missing: 0, partial: 0 });
});
