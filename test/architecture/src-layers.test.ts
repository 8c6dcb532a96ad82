/**
 * What each part of src/ may import (docs/architecture.md): the client knows nothing of the guard
 * or MCP, the guard reads tool data only as types, the surfaces reach the guard only through its
 * API (guard/index.ts) and the tools only through the catalog, failures have one vocabulary, and
 * only the CLI (src/cli/) reaches the simulator and the scenarios.
 * Type-only imports vanish when compiled; where a rule allows only them, they are told apart.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** Every relative import and re-export of a source text, resolved to a path from the repository root. */
function importsOf(file: string, text: string): Edge[] {
  const edges: Edge[] = [];
  const statement = /^(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+"(\.[^"]+)"/gm;
  const dynamic = /import\(\s*"(\.[^"]+)"\s*\)/g;
  const resolve = (spec: string) => relative(ROOT, normalize(join(ROOT, dirname(file), spec))).replace(/\.js$/, ".ts");
  for (const [, type, names, spec] of text.matchAll(statement)) {
    // `import { type A, type B }` is type-only too; `import { type A, b }` is not.
    const listed = /^\{([\s\S]*)\}$/.exec((names ?? "").trim())?.[1];
    const allTypes = listed?.split(",").every((n) => n.trim() === "" || n.trim().startsWith("type ")) ?? false;
    edges.push({ from: file, to: resolve(spec as string), typeOnly: Boolean(type) || allTypes });
  }
  for (const [, spec] of text.matchAll(dynamic))
    edges.push({ from: file, to: resolve(spec as string), typeOnly: false });
  return edges;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

const edges = sourceFiles("src").flatMap((file) => importsOf(file, readFileSync(join(ROOT, file), "utf8")));
const from = (prefix: string) => edges.filter((e) => e.from.startsWith(prefix));
const values = (list: Edge[]) => list.filter((e) => !e.typeOnly);
const outside = (list: Edge[], allowed: RegExp) =>
  list.filter((e) => !allowed.test(e.to)).map((e) => `${e.from} -> ${e.to}`);

const LEAVES = ["src/paths.ts", "src/redact.ts", "src/request-scope.ts", "src/client/errors.ts"];
const SURFACES = ["src/resources.ts", "src/prompts.ts", "src/lookup.ts"];

describe("src/ layers", () => {
  it("sees the imports of every file", () => {
    expect(edges.length).toBeGreaterThan(150);
    expect(edges.filter((e) => e.from === "src/server.ts").map((e) => e.to)).toContain("src/guard/index.ts");
  });

  it("the leaves import nothing of src/", () => {
    expect(edges.filter((e) => LEAVES.includes(e.from)).map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it("the client imports only the leaves and itself", () => {
    expect(outside(from("src/client/"), /^src\/(client\/|paths\.ts|redact\.ts|request-scope\.ts)/)).toEqual([]);
  });

  it("the guard imports the client, the path grammar and the request scope (rate limits), tool data only as types", () => {
    expect(outside(values(from("src/guard/")), /^src\/(guard\/|client\/|paths\.ts|request-scope\.ts)/)).toEqual([]);
  });

  it("the tools import the client, answers.ts and the request scope (progress), the guard only as a type", () => {
    expect(outside(values(from("src/tools/")), /^src\/(tools\/|client\/|answers\.ts|request-scope\.ts)/)).toEqual([]);
  });

  it("the surfaces reach the guard only through its API and the tools only through the catalog", () => {
    const surfaces = edges.filter((e) => SURFACES.includes(e.from));
    expect(
      outside(surfaces, /^src\/(?!guard\/|tools\/)|^src\/guard\/index\.ts$|^src\/tools\/(index|schemas)\.ts$/),
    ).toEqual([]);
    expect(values(surfaces).filter((e) => e.to.startsWith("src/client/") && !e.to.endsWith("page-walk.ts"))).toEqual(
      [],
    );
  });

  it("only the CLI imports the mock vault or the scenarios, and nothing of src/ imports the CLI", () => {
    const simulator = /^(mock-vault|scenarios)\//;
    const cli = from("src/cli/");
    expect(cli.filter((e) => simulator.test(e.to)).map((e) => e.to)).toEqual(
      expect.arrayContaining(["mock-vault/index.ts", "scenarios/index.ts"]),
    );
    const elsewhere = edges.filter((e) => !e.from.startsWith("src/cli/"));
    expect(elsewhere.filter((e) => simulator.test(e.to)).map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
    expect(elsewhere.filter((e) => e.to.startsWith("src/cli/")).map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it("answers.ts builds on the client's errors alone", () => {
    expect(outside(values(from("src/answers.ts")), /^src\/client\/errors\.ts$/)).toEqual([]);
  });

  it("the check itself tells type-only imports from value imports", () => {
    const text = [
      'import type { A } from "./a.js";',
      'import { type B, type C } from "./b.js";',
      'import { type D, e } from "./d.js";',
      'export { f } from "./f.js";',
      'const g = await import("./g.js");',
    ].join("\n");
    expect(importsOf("src/x.ts", text)).toEqual([
      { from: "src/x.ts", to: "src/a.ts", typeOnly: true },
      { from: "src/x.ts", to: "src/b.ts", typeOnly: true },
      { from: "src/x.ts", to: "src/d.ts", typeOnly: false },
      { from: "src/x.ts", to: "src/f.ts", typeOnly: false },
      { from: "src/x.ts", to: "src/g.ts", typeOnly: false },
    ]);
  });
});
