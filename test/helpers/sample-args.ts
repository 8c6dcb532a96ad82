import { z } from "zod";
import { replaceAt } from "../../src/guard/selectors.js";
import type { ToolDef } from "../../src/tools/define.js";

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
  const schema = z.toJSONSchema(z.object(def.input), { io: "input" }) as Schema;
  const args = sample(schema) as Record<string, unknown>;
  for (const { arg, kind } of def.paths ?? []) {
    const value = kind === "pattern" ? `${pathValue}/*` : pathValue;
    // An optional list of paths ("secret_paths[]") is absent from the required-only sample: give it one.
    if (arg.endsWith("[]") && !arg.slice(0, -2).includes(".") && args[arg.slice(0, -2)] === undefined)
      args[arg.slice(0, -2)] = [value];
    else if (/^\w+\.@keys$/.test(arg)) {
      // Object keys holding paths (a mapping of local pattern -> remote): put the path in a key.
      const [name] = arg.split(".");
      args[name as string] = { [value]: "remote/*" };
    } else if (/^\w+\.\w+$/.test(arg)) {
      // An optional field inside an object argument ("config.root_credentials_path"): set it.
      const [name, field] = arg.split(".") as [string, string];
      args[name] = { ...(args[name] as Record<string, unknown> | undefined), [field]: value };
    } else if (arg.includes(".") || arg.includes("[]")) replaceAt(args, arg, () => value);
    else args[arg] = value;
  }
  return args;
}
