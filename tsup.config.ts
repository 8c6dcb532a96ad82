import { defineConfig } from "tsup";

// One bundle per entry: the CLIs start faster when they do not resolve hundreds of modules.
// The CLI sources begin with a hashbang, which esbuild keeps for those entries only.
export default defineConfig([
  {
    entry: {
      index: "src/index.ts",
      cli: "src/cli.ts",
      "mock-vault/index": "mock-vault/index.ts",
      "mock-vault/cli": "mock-vault/cli.ts",
    },
    format: ["esm"],
    target: "node20",
    platform: "node",
    dts: { entry: { index: "src/index.ts", "mock-vault/index": "mock-vault/index.ts" } },
    splitting: true,
    sourcemap: false,
    clean: true,
    silent: true,
  },
]);
