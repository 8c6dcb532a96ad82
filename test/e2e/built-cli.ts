/** The built binary the end-to-end tests spawn (dist/bin/cli.js, which `npm test` builds first). */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll } from "vitest";

export const CLI = fileURLToPath(new URL("../../dist/bin/cli.js", import.meta.url));

/** Fails the file at once, with the fix, when the binary was not built. */
export function requireBuiltCli(): void {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error("dist/bin/cli.js is missing: run `npm run build` (npm test does it first)");
  });
}
