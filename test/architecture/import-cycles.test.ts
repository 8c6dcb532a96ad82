/**
 * No import circle in src/ or mock-vault/: a module's imports load before it, so a reader (and
 * the module loader) can take each file after the ones it uses. Type-only imports are left out:
 * they vanish when compiled and cannot break load order. Drawn with dpdm over every source file.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DependencyTree, parseCircular, parseDependencyTree } from "dpdm";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Dependency tree of the given globs under `root`, type-only imports removed, node_modules not
 * entered; `tsconfig` resolves the project's `./x.js` specifiers to their .ts files.
 */
function tree(globs: string[], root: string, tsconfig?: string): Promise<DependencyTree> {
  return parseDependencyTree(globs, {
    context: root,
    cwd: root,
    tsconfig,
    transform: true,
    exclude: /(^|\/)node_modules\//,
  });
}

/**
 * Each circle written from its smallest file name: dpdm starts a circle wherever its walk entered
 * it, and the walk's order follows which parse finished first.
 */
const circles = (t: DependencyTree) =>
  parseCircular(t).map((circle) => {
    const start = circle.indexOf([...circle].sort()[0] as string);
    return [...circle.slice(start), ...circle.slice(0, start)].join(" -> ");
  });

describe("import structure", () => {
  it("has no circle in src/ or mock-vault/ (static and dynamic imports; type-only ones aside)", async () => {
    const t = await tree(["src/**/*.ts", "mock-vault/**/*.ts"], ROOT, join(ROOT, "tsconfig.json"));
    // The drawing is only worth something if every relative import was found.
    const unresolved = Object.entries(t).flatMap(([file, deps]) =>
      (deps ?? []).filter((d) => d.id === null && d.request.startsWith(".")).map((d) => `${file}: ${d.request}`),
    );
    expect(unresolved).toEqual([]);
    expect(Object.keys(t).filter((f) => f.startsWith("mock-vault/")).length).toBeGreaterThan(40);
    expect(circles(t)).toEqual([]);
  });

  it("keeps mock-vault/ in layers: core imports only core, a domain only core and itself", async () => {
    const edges = async (transform: boolean) => {
      const t = await parseDependencyTree(["mock-vault/**/*.ts"], {
        context: ROOT,
        cwd: ROOT,
        tsconfig: join(ROOT, "tsconfig.json"),
        transform,
        exclude: /(^|\/)node_modules\//,
      });
      return Object.entries(t).flatMap(([from, deps]) =>
        (deps ?? []).flatMap((d) => (d.id?.startsWith("mock-vault/") ? [[from, d.id] as const] : [])),
      );
    };
    const area = (file: string) => /^mock-vault\/domains\/([^/]+)\//.exec(file)?.[1];
    // Not even a type: the core is what a new domain builds on, and knows none.
    const coreOut = (await edges(false)).filter(
      ([from, to]) => from.startsWith("mock-vault/core/") && !to.startsWith("mock-vault/core/"),
    );
    expect(coreOut).toEqual([]);
    // Values only: a domain's store may name another domain's store type for a collaborator it is handed.
    const domainOut = (await edges(true)).filter(([from, to]) => {
      const own = area(from);
      if (!own) return false;
      return !(to.startsWith("mock-vault/core/") || area(to) === own || to === "mock-vault/domains/route.ts");
    });
    expect(domainOut).toEqual([]);
  });

  describe("the check itself", () => {
    const dir = mkdtempSync(join(tmpdir(), "cycles-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

    it("reports a circle of value imports", async () => {
      write("a.ts", 'import { b } from "./b";\nexport const a = () => b;\n');
      write("b.ts", 'import { a } from "./a";\nexport const b = () => a;\n');
      expect(circles(await tree(["a.ts", "b.ts"], dir))).toEqual(["a.ts -> b.ts"]);
    });

    it("leaves out a circle that only types close", async () => {
      write("c.ts", 'import type { D } from "./d";\nexport interface C { d?: D }\nexport const c = 1;\n');
      write("d.ts", 'import { type C, c } from "./c";\nexport interface D { c?: C }\nexport const d = c;\n');
      expect(circles(await tree(["c.ts", "d.ts"], dir))).toEqual([]);
    });
  });
});
