/**
 * `npm run build` (and `prepare`, so `npm install`, `npm pack` and `npm test` run it): builds into
 * a fresh folder beside dist/, then moves the new files into dist/ (see replaceTree). tsup's own
 * clean empties dist/ first and leaves it missing or half-written for the length of a build, which
 * breaks every host pointed at a clone's dist/bin/cli.js meanwhile.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "tsup";
import { builds } from "../tsup.config.js";
import { replaceTree } from "./replace-tree.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
// Beside dist/ (one filesystem, so every move is a rename); .gitignore and npm pack skip it.
const staging = mkdtempSync(join(root, ".dist-build-"));

/** Where a build's output goes under dist/ (its outDir, relative to dist/). */
const under = (outDir = "dist") => relative(dist, resolve(root, outDir));

// The entry points, moved in after the chunks they import.
const entries = builds.flatMap((options) =>
  Object.keys(options.entry as Record<string, string>).flatMap((name) =>
    [".js", ...(options.dts ? [".d.ts"] : [])].map((ext) => join(under(options.outDir), name + ext)),
  ),
);

try {
  await Promise.all(
    builds.map((options) =>
      build({ ...options, outDir: join(staging, under(options.outDir)), clean: false, config: false }),
    ),
  );
  replaceTree(staging, dist, entries);
} catch (error) {
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(staging, { recursive: true, force: true });
}
