/**
 * Every file of the binaries is ASCII: V8 keeps a module's source one byte per character only
 * while all of it is Latin-1, so one stray character doubles the memory its source takes for the
 * life of the process (tsup.config.ts, asciiRou3). A dependency that brings one in fails here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { requireBuiltCli } from "./built-cli.js";

const BIN = fileURLToPath(new URL("../../dist/bin/", import.meta.url));

requireBuiltCli();

describe("the built binaries", () => {
  it("are ASCII, file by file", () => {
    const files = readdirSync(BIN, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".js"));
    expect(files.length).toBeGreaterThan(1);
    const nonAscii = files.flatMap((name) => {
      const text = readFileSync(join(BIN, name), "utf8");
      const at = text.search(/[^\0-\x7f]/);
      return at < 0 ? [] : [`${name}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}`];
    });
    expect(nonAscii).toEqual([]);
  });
});
