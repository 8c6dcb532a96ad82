import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ListToolsRequestSchema, type Tool, type ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { ToolDef } from "./define.js";
import { catalog } from "./index.js";
import { exactlyOneRule, toolInput } from "./input.js";
import { advertisedOutput } from "./output.js";
import { CONVENTIONAL_ARGS, RULE } from "./schemas.js";

type Json = Record<string, unknown>;
/**
 * Keywords left out of listed input schemas because they say nothing: the dialect (hosts assume
 * 2020-12), `propertyNames: {type: string}` (JSON keys are strings) and `additionalProperties: {}`
 * (the default); a `rule` is not a keyword and moves into the description (prune). Every
 * constraint stays (see toolList).
 */
const saysNothing = (key: string, value: unknown) =>
  key === "$schema" ||
  key === RULE ||
  (key === "propertyNames" && JSON.stringify(value) === '{"type":"string"}') ||
  (key === "additionalProperties" && JSON.stringify(value) === "{}");

/** What a listing is made of: a catalog tool, or a discovery tool (discovery.ts), which has no output schema. */
export type Listable = Pick<ToolDef, "name" | "title" | "description" | "input" | "exactlyOne" | "annotations"> &
  Partial<Pick<ToolDef, "output">>;

/** What tools/list carries besides each tool's name, description and input schema. */
export interface ListOptions {
  /** Advertise output schemas (top-level fields and types). Off by default: hosts rarely show them to the model. */
  outputSchemas: boolean;
}

/**
 * tools/list, computed once and kept small: hosts pay per token for it on every request.
 * - input schemas are the JSON Schema of what the server validates (input.ts), so an agent that
 *   obeys them is not refused: bounds, patterns, formats, enums and additionalProperties: false;
 *   a check JSON Schema cannot state is said in the description (a `rule`, or the tool's
 *   exactlyOne sentence); conventional arguments (limit, cursor, tenant_id) are described once,
 *   in the server instructions;
 * - output schemas only when asked for (see output.ts);
 * - annotations leave out what the spec's defaults already say (see compactHints).
 */
export function toolList(tools: readonly Listable[], options: ListOptions): Tool[] {
  return tools.map((def) => ({
    name: def.name,
    title: def.title,
    description: [def.description, exactlyOneRule(def)].filter(Boolean).join(" "),
    inputSchema: inputSchema(def),
    ...(options.outputSchemas && def.output
      ? { outputSchema: advertisedOutput(def.output) as Tool["outputSchema"] }
      : {}),
    annotations: compactHints(def.annotations),
  }));
}

/** Lists already built: a process builds each at most once (~10 ms), however many servers it makes. */
const LISTS = new Map<string, { defs: readonly Listable[]; list: Tool[] }>();

/** The listing of these tools, as tools/list serves it (discovery describes a tool by its entry here). */
export function cachedList(tools: readonly Listable[], options: ListOptions): Tool[] {
  const key = `${options.outputSchemas}:${tools.map((t) => t.name).join(",")}`;
  const hit = LISTS.get(key);
  if (hit && hit.defs.length === tools.length && hit.defs.every((d, i) => d === tools[i])) return hit.list;
  const built = options.outputSchemas ? undefined : builtCatalogList();
  const list = built
    ? tools.map((def) => built.get(def) ?? (toolList([def], options)[0] as Tool))
    : toolList(tools, options);
  LISTS.set(key, { defs: [...tools], list });
  return list;
}

/**
 * Set by the binaries' build (tsup.config.ts): `toolList(catalog, { outputSchemas: false })` as
 * JSON, computed from these very sources, so a cold start answers its first tools/list without
 * building 67 JSON Schemas (~40 ms of start-up CPU). Undefined wherever the sources run as they
 * are (the library build, tests); test/e2e/built-listing.test.ts holds the two equal.
 */
declare const __SCAIVAULT_CATALOG_LIST__: string | undefined;

let builtEntries: Map<Listable, Tool> | undefined;

/** The build's listing of each catalog tool, by its declaration; undefined when not built in. */
function builtCatalogList(): Map<Listable, Tool> | undefined {
  if (typeof __SCAIVAULT_CATALOG_LIST__ !== "string") return undefined;
  if (!builtEntries) {
    const listed = JSON.parse(__SCAIVAULT_CATALOG_LIST__) as Tool[];
    builtEntries = new Map();
    // Built from the same catalog: the names are only a check that no other file was bundled.
    for (const [i, def] of catalog.entries()) if (listed[i]?.name === def.name) builtEntries.set(def, listed[i]);
  }
  return builtEntries;
}

/** Replaces the SDK's tools/list handler (which rebuilds every schema on each call) with the cached compact list. */
export function serveToolList(server: McpServer, tools: readonly Listable[], options: ListOptions): void {
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: cachedList(tools, options) }));
}

function inputSchema(def: Listable): Tool["inputSchema"] {
  const schema = prune(z.toJSONSchema(toolInput(def), { io: "input", unrepresentable: "any" })) as Json;
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  for (const [name, arg] of Object.entries(def.input as z.ZodRawShape))
    if (CONVENTIONAL_ARGS.has(arg) && properties[name]) delete properties[name].description;
  return schema as Tool["inputSchema"];
}

/** What a host assumes for an absent hint (MCP spec, ToolAnnotations). */
const SPEC_DEFAULTS: Required<Omit<ToolAnnotations, "title">> = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true,
};

/**
 * The hints with the spec's defaults applied are exactly the tool's: a hint is left out when it
 * says the default, or when it means nothing (destructive/idempotent on a read-only tool).
 * destructiveHint stays on every tool that writes, since hosts ask for confirmation by it.
 * The title is not repeated (it is the tool's own `title`).
 */
function compactHints(annotations: ToolAnnotations): ToolAnnotations {
  const out: ToolAnnotations = {};
  const { title: _title, ...hints } = annotations;
  for (const [key, value] of Object.entries(hints) as [keyof typeof SPEC_DEFAULTS, boolean][]) {
    const meaningless = hints.readOnlyHint === true && (key === "destructiveHint" || key === "idempotentHint");
    const isDefault = value === SPEC_DEFAULTS[key] && !(key === "destructiveHint" && !hints.readOnlyHint);
    if (!meaningless && !isDefault) out[key] = value;
  }
  return out;
}

function prune(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(prune);
  if (!node || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (saysNothing(key, value)) continue;
    out[key] =
      key === "properties"
        ? Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, prune(v)]))
        : prune(value);
  }
  const rule = (node as Json)[RULE];
  if (typeof rule === "string") out.description = out.description ? `${out.description} (${rule})` : rule;
  return out;
}
