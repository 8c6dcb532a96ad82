import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ListToolsRequestSchema, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { ToolDef } from "./define.js";
import { advertisedOutput } from "./output.js";

type Json = Record<string, unknown>;
/** Keywords that cost tokens on every request but only matter to the validator, which runs server-side. */
const VALIDATOR_ONLY = new Set([
  "$schema",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "pattern",
  "format",
  "propertyNames",
]);

/**
 * tools/list, computed once and kept small: hosts pay per token for it on every request.
 * - input schemas keep types, enums, required fields and descriptions; length/size bounds and
 *   patterns are left to the server, which validates every call with the full zod schema and
 *   answers a readable error;
 * - output schemas advertise the top-level fields and their types (see output.ts);
 * - annotations state every hint explicitly (hosts differ in how they treat a missing one) but
 *   not the title twice.
 */
export function toolList(tools: readonly ToolDef[]): Tool[] {
  return tools.map((def) => ({
    name: def.name,
    title: def.title,
    description: def.description,
    inputSchema: prune(
      z.toJSONSchema(z.object(def.input), { io: "input", unrepresentable: "any" }) as Json,
    ) as Tool["inputSchema"],
    outputSchema: advertisedOutput(def.output) as Tool["outputSchema"],
    annotations: compactHints(def),
  }));
}

/** Replaces the SDK's tools/list handler (which rebuilds every schema on each call) with the cached compact list. */
export function serveToolList(server: McpServer, tools: readonly ToolDef[]): void {
  let list: Tool[] | undefined;
  server.server.setRequestHandler(ListToolsRequestSchema, () => {
    list ??= toolList(tools);
    return { tools: list };
  });
}

function compactHints(def: ToolDef): Tool["annotations"] {
  const { title: _title, ...hints } = def.annotations;
  return hints;
}

function prune(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(prune);
  if (!node || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (VALIDATOR_ONLY.has(key)) continue;
    // additionalProperties: false is not even true (zod strips unknown keys); {} is the default.
    if (
      key === "additionalProperties" &&
      (value === false || (typeof value === "object" && value && Object.keys(value).length === 0))
    )
      continue;
    out[key] =
      key === "properties"
        ? Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, prune(v)]))
        : prune(value);
  }
  return out;
}
