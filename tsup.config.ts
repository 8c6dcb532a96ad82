import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { defineConfig, type Options } from "tsup";
import { catalog } from "./src/tools/index.js";
import { toolList } from "./src/tools/list.js";

/**
 * The default tools/list of the catalog, computed now from the sources being bundled, so the
 * binaries answer their first tools/list without building its JSON Schemas (src/tools/list.ts).
 */
const CATALOG_LIST = JSON.stringify(toolList(catalog, { outputSchemas: false }));

/**
 * zod re-exports all its 40-odd locales as `z.locales` (260 kB minified, 30% of the code parsed at
 * start-up); nothing here switches locale, and zod's messages are built from `en`, imported apart.
 * The binaries get a `locales` of English alone.
 */
const zodEnglishOnly: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, ({ importer }) =>
      /[\\/]zod[\\/]v4[\\/]/.test(importer)
        ? { path: join(dirname(importer), "../locales/index.js"), namespace: "zod-english-only" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-english-only" }, ({ path }) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: dirname(path),
    }));
  },
};

/**
 * V8 holds a module's source as a string of one byte per character only while every character is
 * Latin-1: a single other one doubles it. esbuild escapes non-ASCII characters in strings and
 * identifiers but not in regular expressions, and rou3 (the mock's router) writes U+FFFC into
 * one, which made the mock's 750 kB chunk a 1.5 MB string for the life of the process.
 * Escaped in rou3's source: `\uFFFC` is the same code unit in a regular expression and a
 * string, and rou3 has no tagged template (whose raw text an escape would change).
 * test/e2e/built-ascii.test.ts holds every file of the binaries to ASCII.
 */
const asciiRou3: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "ascii-rou3",
  setup(build) {
    build.onLoad({ filter: /[\\/]rou3[\\/]dist[\\/].*\.mjs$/ }, async ({ path }) => ({
      contents: (await readFile(path, "utf8")).replace(
        /[^\0-\x7f]/g,
        (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`,
      ),
      loader: "js",
    }));
  },
};

/**
 * The two builds, each with its folder under dist/. `npm run build` (scripts/build.ts) builds them
 * beside dist/ and moves the result in; plain `tsup` builds straight into dist/.
 */
export const builds: Options[] = [
  // The library entries: dependencies stay external, types are emitted.
  {
    entry: {
      index: "src/index.ts",
      "mock-vault/index": "mock-vault/index.ts",
      "scenarios/index": "scenarios/index.ts",
    },
    outDir: "dist",
    format: ["esm"],
    target: "node20",
    platform: "node",
    dts: true,
    splitting: true,
    sourcemap: false,
    // Only here: the binaries' build writes into dist/bin at the same time.
    clean: true,
    silent: true,
  },
  // The binaries: everything bundled (start-up resolves a handful of files instead of hundreds),
  // heavy parts (x509, the scenario library) split into chunks loaded only when used.
  // The CLI sources begin with a hashbang, which esbuild keeps for those entries.
  {
    entry: { cli: "src/cli/main.ts", "mock-vault/cli": "mock-vault/cli.ts" },
    outDir: "dist/bin",
    format: ["esm"],
    target: "node20",
    platform: "node",
    noExternal: [/.*/],
    splitting: true,
    treeshake: true,
    minify: true,
    sourcemap: false,
    silent: true,
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    define: { __SCAIVAULT_CATALOG_LIST__: JSON.stringify(CATALOG_LIST) },
    // Node 20's AbortSignals are slow to make and linger in the old generation (see the file).
    inject: ["src/cli/abort-controller.ts"],
    esbuildPlugins: [zodEnglishOnly, asciiRou3],
  },
];

export default defineConfig(builds);
