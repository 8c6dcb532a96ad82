import { z } from "zod";
import { replaceAt } from "../../src/guard/selectors.js";
import type { PathArg, ToolDef } from "../../src/tools/define.js";

type Schema = Record<string, any>;

/** A value that satisfies a JSON schema (required fields only, one item per array). */
function sample(schema: Schema, key = ""): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return sample(options.find((o: Schema) => o.type !== "null") ?? options[0], key);
  switch (schema.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const name of schema.required ?? []) out[name] = sample(schema.properties?.[name] ?? {}, name);
      if (!schema.required?.length && schema.properties === undefined) out.sample = "value";
      return out;
    }
    case "array":
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items ?? {}, key));
    case "integer":
    case "number":
      return Math.max(1, schema.minimum ?? 1);
    case "boolean":
      return false;
    case "string": {
      if (schema.format === "date-time") return "2026-05-17T14:30:00Z";
      if (schema.pattern && /\[smhdw\]/.test(schema.pattern)) return "1h";
      if (schema.format === "uri" || /url/i.test(key)) return "https://example.test/hook";
      return `sample-${key || "value"}`.slice(0, Math.max(schema.minLength ?? 1, 12));
    }
    default:
      return "sample";
  }
}

/** Valid arguments for a tool, with every declared path argument set to `pathValue`. */
export function sampleArgs(def: ToolDef, pathValue = "apps/web/session-key"): Record<string, unknown> {
  return sampleArgsWith(def, ({ kind }) => [kind === "pattern" ? `${pathValue}/*` : pathValue]);
}

/**
 * Valid arguments for a tool with each declared path argument given its own values: several for
 * a list ("secret_paths[]", "rules[].path_pattern", "path_mapping.@keys"), none to leave an
 * optional argument out.
 */
export function sampleArgsWith(def: ToolDef, valuesFor: (p: PathArg) => unknown[]): Record<string, unknown> {
  const args = structuredClone(requiredOnly(def));
  for (const p of def.paths ?? []) {
    const values = valuesFor(p);
    const { arg } = p;
    const list = /^(\w+)\[\]$/.exec(arg);
    const keys = /^(\w+)\.@keys$/.exec(arg);
    const field = /^(\w+)\.(\w+)$/.exec(arg);
    const itemField = /^(\w+)\[\]\.(\w+)$/.exec(arg);
    if (list) set(args, list[1] as string, values.length ? values : undefined);
    // Object keys holding paths (a mapping of local pattern -> remote): one entry per value.
    else if (keys) args[keys[1] as string] = Object.fromEntries(values.map((v) => [String(v), "remote/*"]));
    // An optional field inside an object argument ("config.root_credentials_path").
    else if (field) {
      const [, name, key] = field as unknown as [string, string, string];
      args[name] = { ...(args[name] as Record<string, unknown> | undefined) };
      set(args[name] as Record<string, unknown>, key, values[0]);
    } else if (itemField) {
      // One list item per value, each a copy of the sampled item ("rules[].path_pattern").
      const [, name, key] = itemField as unknown as [string, string, string];
      const template = ((args[name] as Record<string, unknown>[] | undefined) ?? [{}])[0];
      args[name] = values.map((v) => ({ ...template, [key]: v }));
    } else if (arg.includes(".") || arg.includes("[]")) replaceAt(args, arg, () => values[0]);
    else set(args, arg, values[0]);
  }
  return args;
}

const samples = new WeakMap<ToolDef, Record<string, unknown>>();

/** The required-only sample of a tool's input (computed once per tool: property tests ask thousands of times). */
function requiredOnly(def: ToolDef): Record<string, unknown> {
  let args = samples.get(def);
  if (!args) {
    const schema = z.toJSONSchema(z.object(def.input), { io: "input" }) as Schema;
    args = sample(schema) as Record<string, unknown>;
    // A tool that takes exactly one of several argument sets gets the first.
    for (const name of def.exactlyOne?.[0]?.args ?? []) args[name] = sample(schema.properties[name], name);
    samples.set(def, args);
  }
  return args;
}

/** The values at one declared path argument (the shapes sampleArgsWith writes), read without the guard's selectors. */
export function valuesAt(args: Record<string, unknown>, arg: string): unknown[] {
  const list = /^(\w+)\[\]$/.exec(arg);
  const keys = /^(\w+)\.@keys$/.exec(arg);
  const field = /^(\w+)\.(\w+)$/.exec(arg);
  const itemField = /^(\w+)\[\]\.(\w+)$/.exec(arg);
  const at = (name: string) => args[name];
  if (list) return (at(list[1] as string) as unknown[] | undefined) ?? [];
  if (keys) return Object.keys((at(keys[1] as string) as object | undefined) ?? {});
  if (field) {
    const v = (at(field[1] as string) as Record<string, unknown> | undefined)?.[field[2] as string];
    return v === undefined ? [] : [v];
  }
  if (itemField)
    return ((at(itemField[1] as string) as Record<string, unknown>[] | undefined) ?? []).map(
      (item) => item[itemField[2] as string],
    );
  return at(arg) === undefined ? [] : [at(arg)];
}

function set(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}
