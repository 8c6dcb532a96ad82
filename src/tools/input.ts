import { z } from "zod";
import type { ToolDef } from "./define.js";
import { strictArgs } from "./schemas.js";

/**
 * Keys some MCP clients add to `arguments` on their own (the model never wrote them and cannot
 * leave them out): n8n's `toolCallId`, a `tool_call_description`, Cursor's `random_string` for
 * tools without arguments, and `_`-prefixed ones such as a misplaced `_meta` (MCP carries `_meta`
 * on params, beside `arguments`). A tool never declares such a key; they are dropped, not refused.
 */
const CLIENT_KEYS = new Set(["toolCallId", "tool_call_description", "random_string"]);
const isClientKey = (key: string): boolean => key.startsWith("_") || CLIENT_KEYS.has(key);

function withoutClientKeys(def: ToolDef) {
  return (value: unknown) => {
    if (!value || typeof value !== "object" || Array.isArray(value)) return value;
    const entries = Object.entries(value);
    if (!entries.some(([key]) => isClientKey(key) && !Object.hasOwn(def.input, key))) return value;
    return Object.fromEntries(entries.filter(([key]) => !isClientKey(key) || Object.hasOwn(def.input, key)));
  };
}

/** "order_id | account_id+identifiers (+challenge_type)" */
function alternatives(def: ToolDef): string {
  return (def.exactlyOne ?? [])
    .map((a) => `${a.args.join("+")}${a.optional?.length ? ` (+${a.optional.join(", +")})` : ""}`)
    .join(" | ");
}

/** The sentence the listed description ends with, and the refusal's message, for a tool with `exactlyOne`. */
export function exactlyOneRule(def: ToolDef): string | undefined {
  return def.exactlyOne?.length ? `Give exactly one of: ${alternatives(def)}.` : undefined;
}

/** What the SDK checks before callTool: an object, nothing more (callTool validates with toolInput). */
export const ANY_ARGUMENTS = z.record(z.string(), z.unknown());

/** One line per problem, "message at rules[0].effect", for the refusal text. */
export function argumentErrors(error: z.ZodError): string {
  const at = (path: PropertyKey[]) =>
    path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
  return error.issues.map((i) => (i.path.length ? `${i.message} at ${at(i.path)}` : i.message)).join("; ");
}

const schemas = new WeakMap<ToolDef, z.ZodType<Record<string, unknown>>>();

/**
 * The schema a tool's arguments are validated with (in callTool, before any guard), and that
 * tools/list describes: declared keys only (client keys dropped first), and for a tool with
 * `exactlyOne` one complete alternative and no argument of another. Built once per tool.
 */
export function toolInput(def: ToolDef): z.ZodType<Record<string, unknown>> {
  let schema = schemas.get(def);
  if (!schema) {
    schema = buildInput(def);
    schemas.set(def, schema);
  }
  return schema;
}

function buildInput(def: ToolDef): z.ZodType<Record<string, unknown>> {
  const rule = exactlyOneRule(def);
  const object = strictArgs(def.input).superRefine((args, ctx) => {
    if (!rule) return;
    const given = (name: string) => (args as Record<string, unknown>)[name] !== undefined;
    const touched = (def.exactlyOne ?? []).filter((a) => [...a.args, ...(a.optional ?? [])].some(given));
    if (touched.length === 1 && touched[0]?.args.every(given)) return;
    ctx.addIssue({ code: "custom", message: rule, params: { rule } });
  });
  return z.preprocess(withoutClientKeys(def), object);
}
