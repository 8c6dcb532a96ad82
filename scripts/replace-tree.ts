import { mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/** Removes the empty folders under `dir`, deepest first; `dir` itself stays. */
function pruneEmptyDirs(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const sub = join(dir, entry.name);
    pruneEmptyDirs(sub);
    if (readdirSync(sub).length === 0) rmdirSync(sub);
  }
}

/**
 * Makes `target` hold exactly the files of `staging`, without a moment where one is missing or
 * half-written: each file is moved in by one rename (atomic on one filesystem, replacing the old
 * file), the paths in `last` (entry points) after the rest (the chunks they import), and only then
 * are files the new tree lacks removed. A process that starts meanwhile loads old or new files,
 * never none; one started on the old tree that later imports a chunk the new build renamed still
 * fails, which only a change of the code can cause. `staging` is left empty.
 */
export function replaceTree(staging: string, target: string, last: readonly string[] = []): void {
  const incoming = filesUnder(staging);
  const late = new Set(last);
  const order = [...incoming.filter((f) => !late.has(f)), ...incoming.filter((f) => late.has(f))];
  for (const file of order) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    renameSync(join(staging, file), join(target, file));
  }
  const kept = new Set(incoming);
  for (const file of filesUnder(target)) if (!kept.has(file)) rmSync(join(target, file));
  pruneEmptyDirs(target);
  pruneEmptyDirs(staging);
}
