import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { tuneEngine, YOUNG_CAP_BYTES } from "../../src/cli/engine-tuning.js";

const run = promisify(execFile);
const MODULE = fileURLToPath(new URL("../../src/cli/engine-tuning.ts", import.meta.url));

/**
 * A fresh process that allocates survivors in rounds (each round lets the event loop turn, as a
 * server's calls do) and prints its young generation's size at the end, tuned or not.
 */
async function youngGenerationAfterWork(tuned: boolean): Promise<number> {
  const script = `
    const { tuneEngine, youngGenerationBytes } = await import(${JSON.stringify(MODULE)});
    if (${tuned}) tuneEngine({ transport: "stdio", execArgv: [], nodeOptions: "" });
    const kept = [];
    for (let round = 0; round < 200; round++) {
      for (let i = 0; i < 20000; i++) {
        const o = { round, i, list: [i] };
        if (i % 8 === 0) kept.push(o);
      }
      if (kept.length > 100000) kept.length = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
    process.stdout.write(String(youngGenerationBytes()));
  `;
  const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    env: { PATH: process.env.PATH ?? "" },
  });
  return Number(stdout);
}

describe("the binary's engine tuning", () => {
  it("leaves V8 alone off stdio, off Node 20, and when the operator set a heap flag", () => {
    expect(tuneEngine({ transport: "http", nodeMajor: 20, execArgv: [], nodeOptions: "" })).toBe("defaults");
    expect(tuneEngine({ transport: "sse", nodeMajor: 20, execArgv: [], nodeOptions: "" })).toBe("defaults");
    expect(tuneEngine({ transport: "stdio", nodeMajor: 22, execArgv: [], nodeOptions: "" })).toBe("not Node 20");
    expect(tuneEngine({ transport: "stdio", nodeMajor: 20, execArgv: ["--max-semi-space-size=64"] })).toBe(
      "operator's flags",
    );
    expect(
      tuneEngine({ transport: "stdio", nodeMajor: 20, execArgv: [], nodeOptions: "--semi_space_growth_factor=4" }),
    ).toBe("operator's flags");
    expect(tuneEngine({ transport: "stdio", nodeMajor: 20, execArgv: [], nodeOptions: "--max-heap-size=512" })).toBe(
      "operator's flags",
    );
  });

  it.runIf(process.versions.node.startsWith("20."))(
    "stops the young generation's growth near the cap, where V8 alone grows it to its maximum",
    async () => {
      const [untuned, tuned] = await Promise.all([youngGenerationAfterWork(false), youngGenerationAfterWork(true)]);
      // V8's own maximum is two semi-spaces of 16 MB; one doubling past the cap may slip in
      // before the observer runs.
      expect(untuned).toBeGreaterThan(4 * YOUNG_CAP_BYTES);
      expect(tuned).toBeGreaterThanOrEqual(YOUNG_CAP_BYTES);
      expect(tuned).toBeLessThanOrEqual(2 * YOUNG_CAP_BYTES);
    },
    60_000,
  );
});
