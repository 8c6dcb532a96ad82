import { z } from "zod";

type Json = Record<string, unknown>;

/**
 * What tools/list advertises as a tool's output: the top-level fields and their JSON types, none
 * required (nested parts as plain object/array). The full zod shapes in the tool files describe
 * the documented wire format; the contract and integration tests hold the mock to them.
 */
export function advertisedOutput(shape: z.ZodRawShape): Json {
  const cached = ADVERTISED.get(shape);
  if (cached) return cached;
  const schema = z.toJSONSchema(z.object(shape), { io: "output", unrepresentable: "any" }) as Json;
  const properties: Json = {};
  for (const [name, prop] of Object.entries((schema.properties as Record<string, Json>) ?? {}))
    properties[name] = typeOnly(prop);
  const advertised = { type: "object", properties };
  ADVERTISED.set(shape, advertised);
  return advertised;
}

// Computed once per tool: every HTTP session registers (and lists) the whole catalog again.
const ADVERTISED = new WeakMap<z.ZodRawShape, Json>();

/**
 * What a result is checked against at run time: exactly what is advertised. A real vault that
 * omits a field the mock returns, or adds one, must not turn a call that already took effect
 * (a write, a key shown only once) into an error result.
 */
export function runtimeOutput(shape: z.ZodRawShape): z.ZodObject {
  const cached = RUNTIME.get(shape);
  if (cached) return cached;
  const fields: Record<string, z.ZodType> = {};
  for (const [name, prop] of Object.entries(advertisedOutput(shape).properties as Record<string, Json>)) {
    const types = prop.type === undefined ? [] : ([] as string[]).concat(prop.type as string | string[]);
    const options = types.map(zodFor);
    fields[name] = (
      options.length === 0 ? z.unknown() : options.length === 1 ? options[0] : z.union(options)
    ).optional() as z.ZodType;
  }
  const schema = z.looseObject(fields);
  RUNTIME.set(shape, schema);
  return schema;
}

const RUNTIME = new WeakMap<z.ZodRawShape, z.ZodObject>();

function typeOnly(prop: Json): Json {
  const options = (prop.anyOf ?? prop.oneOf) as Json[] | undefined;
  if (options) {
    const types = [...new Set(options.flatMap((o) => (o.type === undefined ? [] : [o.type as string])))];
    return types.length ? { type: types.length === 1 ? types[0] : types } : {};
  }
  return prop.type === undefined ? {} : { type: prop.type };
}

function zodFor(type: string): z.ZodType {
  switch (type) {
    case "string":
      return z.string();
    case "integer":
      return z.int();
    case "number":
      return z.number();
    case "boolean":
      return z.boolean();
    case "null":
      return z.null();
    case "array":
      return z.array(z.unknown());
    case "object":
      return z.record(z.string(), z.unknown());
    default:
      return z.unknown();
  }
}
