/**
 * Which catalog tools a server lists, and how it answers the others. SCAIVAULT_TOOLSETS leaves
 * groups out; SCAIVAULT_TOOLS_FOR_SCOPES (default on) leaves out the tools whose vault scopes the
 * token lacks (`scopes` on each tool, the guard's rule in guard/scopes.ts). Neither kind is
 * listed, nor found by tool discovery, and a call of one is refused with a code, directly or
 * through scaivault_call_tool alike: `tool_not_served` for a group left out (answered here, no
 * tool of it runs), `insufficient_scope` for a scope the token lacks (the guard's refusal, so it
 * meets the same path as every other call).
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { callRefused } from "../answers.js";
import type { Refusal } from "../guard/index.js";
import type { Logger } from "../log.js";
import type { ToolDef } from "./define.js";
import { ANY_ARGUMENTS } from "./input.js";

/** Names a sentence spells out before "and N more": the instructions are paid for on every request. */
const MAX_NAMED = 8;

export interface CatalogFit {
  /** The tools listed (or found by discovery), in catalog order. */
  listed: readonly ToolDef[];
  /** The served tools left out for the token's scopes: callable, and refused by the guard. */
  hidden: readonly ToolDef[];
  /** The instruction line saying what was left out and why; absent when nothing was. */
  sentence?: string;
}

/** `tools` (the catalog after SCAIVAULT_TOOLSETS) split by `missing`: the scopes of a tool the token lacks (guard/scopes.ts). */
export function fitToScopes(tools: readonly ToolDef[], missing: (def: ToolDef) => readonly string[]): CatalogFit {
  const lacking = new Set<string>();
  const hidden = tools.filter((def) => {
    const gaps = missing(def);
    for (const scope of gaps) lacking.add(scope);
    return gaps.length > 0;
  });
  if (!hidden.length) return { listed: tools, hidden };
  const out = new Set(hidden);
  const listed = tools.filter((def) => !out.has(def));
  return { listed, hidden, sentence: leftOutSentence(tools, hidden, [...lacking]) };
}

/** "The vault token's scopes leave out ... : the groups a, b; and tools x, y. It lacks s, t." */
function leftOutSentence(tools: readonly ToolDef[], hidden: readonly ToolDef[], lacking: string[]): string {
  const out = new Set(hidden);
  const groups = [...new Set(tools.map((def) => def.group))].filter((group) =>
    tools.every((def) => def.group !== group || out.has(def)),
  );
  const whole = new Set<string>(groups);
  const single = hidden.filter((def) => !whole.has(def.group)).map((def) => def.name);
  const named = (items: string[]) =>
    items.length > MAX_NAMED
      ? `${items.slice(0, MAX_NAMED).join(", ")} and ${items.length - MAX_NAMED} more`
      : items.join(", ");
  const parts = [
    groups.length ? `the group${groups.length > 1 ? "s" : ""} ${named(groups)}` : undefined,
    single.length ? `the tool${single.length > 1 ? "s" : ""} ${named(single)}` : undefined,
  ].filter(Boolean);
  return `Not listed because the vault token lacks the scope${lacking.length > 1 ? "s" : ""} ${named(lacking)}: ${parts.join("; and ")} (a call is refused with insufficient_scope).`;
}

/** The refusal of a catalog tool whose group SCAIVAULT_TOOLSETS leaves out. */
export function notServed(def: Pick<ToolDef, "name" | "group">): Refusal {
  return {
    code: "tool_not_served",
    message: `${def.name} is not served here: SCAIVAULT_TOOLSETS leaves its group (${def.group}) out.`,
  };
}

/**
 * Registers the tools SCAIVAULT_TOOLSETS leaves out, unlisted, so that a direct call of one is
 * refused with tool_not_served like a call through discovery, rather than "tool not found".
 */
export function registerNotServed(server: McpServer, leftOut: readonly ToolDef[], log: Logger): void {
  for (const def of leftOut)
    server.registerTool(
      def.name,
      { title: def.title, description: def.description, inputSchema: ANY_ARGUMENTS, annotations: def.annotations },
      () => callRefused(notServed(def), log, def.name),
    );
}
