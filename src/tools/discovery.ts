/**
 * SCAIVAULT_TOOL_DISCOVERY=search: tools/list names three tools instead of the catalog, for hosts
 * that pay per token for the listing on every request. One searches the catalog, one describes a
 * tool exactly as the full listing would, one calls a tool by name through `callTool`, the path
 * of a direct call (so validation, every guardrail and every refusal are the same). The catalog
 * tools stay registered: a client that calls one by name directly is answered as before.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult, Tool, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { callRefused } from "../answers.js";
import type { Refusal } from "../guard/index.js";
import { type CatalogFit, notServed } from "./catalog-fit.js";
import { closeNames, rankTools, summaryOf } from "./catalog-search.js";
import type { ToolDef } from "./define.js";
import { catalog } from "./index.js";
import { ANY_ARGUMENTS } from "./input.js";
import { cachedList, type Listable, type ListOptions } from "./list.js";
import { callFromRequest, parseArguments, type ToolDeps, type ToolExtra } from "./register.js";

export const SEARCH_TOOLS = "scaivault_search_tools";
export const DESCRIBE_TOOL = "scaivault_describe_tool";
export const CALL_TOOL = "scaivault_call_tool";

const DEFAULT_LIMIT = 10;

/** What the server instructions say in search mode: the way to every tool. */
export const DISCOVERY_INSTRUCTIONS = `Tools are reached through three: ${SEARCH_TOOLS} finds the tool for a task, ${DESCRIBE_TOOL} gives its arguments, ${CALL_TOOL} calls it by name.`;

/** Reads nothing of the vault: it answers from the catalog and the server's settings. */
const LOOKUP: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, openWorldHint: false };

const ToolName = z.string().min(1).max(128).describe("A tool name, e.g. scaivault_read_secret");

/*
 * The declarations are built once per process (the call tool's once per set of hints), so every
 * HTTP session lists them from the same cache and validates with the same schemas.
 */
const SEARCH: Listable = {
  name: SEARCH_TOOLS,
  title: "Search tools",
  description: `Find the ScaiVault tools for a task by words matched against tool names, titles and descriptions, best first: name, one-line summary, hints (readOnlyHint, destructiveHint). Tools this server refuses whatever the arguments (e.g. writes under read-only) are listed apart under refused. Then ${DESCRIBE_TOOL} for a tool's arguments and ${CALL_TOOL} to call it.`,
  input: {
    query: z
      .string()
      .max(200)
      .optional()
      .describe("Words, e.g. 'rotate secret' or 'expiring certificates'; omit to list every tool"),
    limit: z.number().int().min(1).max(100).optional().describe(`Most tools to return (default ${DEFAULT_LIMIT})`),
  },
  annotations: LOOKUP,
};

const DESCRIBE: Listable = {
  name: DESCRIBE_TOOL,
  title: "Describe tool",
  description: `One tool's full definition, exactly as tools/list shows it when every tool is listed: description, inputSchema (its arguments), annotations, and outputSchema when this server lists output schemas. refused says when this server refuses it whatever the arguments.`,
  input: { name: ToolName },
  annotations: LOOKUP,
};

const CALL_INPUT = {
  name: ToolName,
  arguments: z.record(z.string(), z.unknown()).optional().describe("The tool's arguments, as its inputSchema says"),
};

const CALLS = new Map<string, Listable>();

/** The call tool's declaration with these hints. */
function callDeclaration(annotations: ToolAnnotations): Listable {
  const key = JSON.stringify(annotations);
  let declared = CALLS.get(key);
  if (!declared) {
    declared = {
      name: CALL_TOOL,
      title: "Call tool",
      description: `Call a ScaiVault tool by name with its arguments (their schema from ${DESCRIBE_TOOL}). Validation, guardrails, refusals and the result are exactly those of a direct call of that tool; it changes or deletes vault data when that tool does.`,
      input: CALL_INPUT,
      annotations,
    };
    CALLS.set(key, declared);
  }
  return declared;
}

type Answer = (args: Record<string, unknown>, extra: ToolExtra) => Promise<CallToolResult> | CallToolResult;

/**
 * Registers the three discovery tools on `server` and returns their declarations, for tools/list
 * to list. `fit.listed` are the tools this server lists (the catalog after SCAIVAULT_TOOLSETS and
 * the token's scopes): the only ones searched and described; `fit.hidden`, left out for the
 * token's scopes, are called like a direct call of them, which the guard refuses (catalog-fit.ts).
 */
export function registerDiscovery(
  server: McpServer,
  fit: Pick<CatalogFit, "listed" | "hidden">,
  deps: ToolDeps,
  options: ListOptions,
): Listable[] {
  const tools = fit.listed;
  const byName = new Map(tools.map((def) => [def.name as string, def]));
  const hidden = new Map(fit.hidden.map((def) => [def.name as string, def]));
  const refusalOf = (def: ToolDef): Refusal | undefined => deps.guard.unavailable(def);

  /**
   * The tool of this name; or the refusal a direct call of it gets (a tool hidden for the token's
   * scopes: the guard's, when `callable` is false), a group SCAIVAULT_TOOLSETS leaves out, or no
   * such tool (naming close matches).
   */
  const named = (name: string, asker: string, callable: boolean): { def: ToolDef } | { refused: CallToolResult } => {
    const def = byName.get(name) ?? (callable ? hidden.get(name) : undefined);
    if (def) return { def };
    const outOfScope = hidden.get(name);
    const refusal = outOfScope && deps.guard.outOfScope(outOfScope);
    if (refusal) return { refused: callRefused(refusal, deps.log, asker) };
    const left = catalog.find((t) => t.name === name);
    if (left) return { refused: callRefused(notServed(left), deps.log, asker) };
    const message = `no tool named '${name}' on this server${closeHint(closeNames(tools, name))}; ${SEARCH_TOOLS} finds tools by words.`;
    return { refused: callRefused({ code: "invalid_arguments", message }, deps.log, asker) };
  };

  const search: Answer = (args) => {
    const limit = (args.limit as number | undefined) ?? DEFAULT_LIMIT;
    const ranked = rankTools(tools, args.query as string | undefined);
    const found = ranked.filter((def) => !refusalOf(def));
    const refused = ranked.flatMap((def) => {
      const refusal = refusalOf(def);
      return refusal ? [{ name: def.name, code: refusal.code, reason: refusal.message }] : [];
    });
    return answered({
      tools: found.slice(0, limit).map((def) => ({
        name: def.name,
        summary: summaryOf(def.description),
        annotations: hintsOf(def),
      })),
      matched: found.length,
      ...(refused.length ? { refused: refused.slice(0, limit) } : {}),
    });
  };

  const describe: Answer = (args) => {
    const found = named(args.name as string, DESCRIBE_TOOL, false);
    if ("refused" in found) return found.refused;
    const refusal = refusalOf(found.def);
    // The tool's entry of the same cached listing the default mode serves.
    const entry = cachedList(tools, options)[tools.indexOf(found.def)] as Tool;
    return answered({ tool: entry, ...(refusal ? { refused: refusal } : {}) });
  };

  const call: Answer = (args, extra) => {
    const found = named(args.name as string, CALL_TOOL, true);
    if ("refused" in found) return found.refused;
    const called = (args.arguments as Record<string, unknown> | undefined) ?? {};
    return callFromRequest(server, found.def, called, extra, deps);
  };

  const discovery: [Listable, Answer][] = [
    [SEARCH, search],
    [DESCRIBE, describe],
    [callDeclaration(hintsOver(tools.filter((def) => !refusalOf(def)))), call],
  ];
  for (const [declared, answer] of discovery)
    server.registerTool(
      declared.name,
      {
        title: declared.title,
        description: declared.description,
        inputSchema: ANY_ARGUMENTS,
        annotations: declared.annotations,
      },
      async (args: Record<string, unknown>, extra: ToolExtra) => {
        const input = parseArguments(declared, args, deps.log);
        return input.ok ? answer(input.data, extra) : input.refused;
      },
    );
  return discovery.map(([declared]) => declared);
}

const closeHint = (names: string[]) => (names.length ? `; close matches: ${names.join(", ")}` : "");

/** A lookup's answer: the JSON as text and as structuredContent, like a tool's. */
function answered(shown: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(shown) }], structuredContent: shown };
}

/**
 * What a search result says of a tool's effects: read-only and destructive always, spelled out
 * (an agent need not know the spec's defaults), idempotent when declared for a tool that writes.
 * Every catalog tool reaches the vault, so openWorldHint would say nothing here.
 */
function hintsOf(def: ToolDef): ToolAnnotations {
  const { readOnlyHint = false, destructiveHint = !readOnlyHint, idempotentHint } = def.annotations;
  if (readOnlyHint) return { readOnlyHint, destructiveHint: false };
  return { readOnlyHint, destructiveHint, ...(idempotentHint !== undefined ? { idempotentHint } : {}) };
}

/**
 * The hints of a tool that may call any of `tools`: read-only only if every one is (so under
 * SCAIVAULT_READ_ONLY it is), destructive and open-world if any is, idempotent only if all are.
 */
function hintsOver(tools: readonly ToolDef[]): ToolAnnotations {
  const all = (hint: keyof ToolAnnotations, fallback: boolean) =>
    tools.every((def) => (def.annotations[hint] ?? fallback) === true);
  const any = (hint: keyof ToolAnnotations, fallback: boolean) =>
    tools.some((def) => (def.annotations[hint] ?? fallback) === true);
  const readOnly = all("readOnlyHint", false);
  return {
    readOnlyHint: readOnly,
    destructiveHint: !readOnly && any("destructiveHint", true),
    idempotentHint: all("idempotentHint", false),
    openWorldHint: any("openWorldHint", true),
  };
}
