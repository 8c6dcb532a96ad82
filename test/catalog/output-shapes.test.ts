/**
 * One convention for tool outputs: a tool's output is the wire schema of what it returns (a
 * client schema, or the named shape of what a tool computes, beside the computation), extended
 * only by optional fields the tool adds itself (what failed to attach, a scan's completeness). No
 * tool declares a lean copy of a wire shape, so tools/list advertises the fields the client knows.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { catalog } from "../../src/tools/index.js";

const SCHEMAS = fileURLToPath(new URL("../../src/client/schemas/", import.meta.url));
/** Modules whose exported objects are output shapes: the client's wire schemas and the computed ones. */
const modules = [
  ...readdirSync(SCHEMAS).map((file) => `../../src/client/schemas/${file.replace(/\.ts$/, ".js")}`),
  "../../src/tools/audit-aggregate.js",
];

let shapes: { name: string; shape: z.ZodRawShape }[] = [];
beforeAll(async () => {
  for (const path of modules)
    for (const [name, value] of Object.entries((await import(path)) as Record<string, unknown>))
      if (value instanceof z.ZodObject) shapes.push({ name, shape: value.shape });
  shapes = shapes.sort((a, b) => Object.keys(b.shape).length - Object.keys(a.shape).length);
});

/** The largest known shape whose every field is, as the same schema, a field of `output`. */
function source(output: z.ZodRawShape) {
  return shapes.find(({ shape }) => Object.entries(shape).every(([key, field]) => output[key] === field));
}

describe("tool outputs", () => {
  it("are read from every client schema module", () => {
    expect(shapes.length).toBeGreaterThan(60);
  });

  it.each(catalog.map((t) => [t.name, t] as const))("%s: a wire shape, extended by optional fields only", (_, def) => {
    const from = source(def.output);
    expect(from, "no client or computed shape of which this output is made").toBeDefined();
    const added = Object.keys(def.output).filter((key) => !(key in (from?.shape ?? {})));
    for (const key of added) expect(def.output[key]?.safeParse(undefined).success, `${key} is required`).toBe(true);
  });

  it("a lean copy is caught: a shape declared field by field has no source", () => {
    expect(source({ id: z.string(), name: z.string() })).toBeUndefined();
  });
});
