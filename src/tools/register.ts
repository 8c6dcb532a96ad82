import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { VaultError } from "../client/errors.js";
import type { VaultClient } from "../client/index.js";
import type { Guard } from "../guard/index.js";
import { type Refusal, refuse } from "../guard/refusal.js";
import type { Logger } from "../log.js";
import type { ToolDef } from "./define.js";
import { ANY_ARGUMENTS, argumentErrors, toolInput } from "./input.js";
import { type ListOptions, serveToolList } from "./list.js";
import { runtimeOutput } from "./output.js";

export interface ToolDeps {
  client: VaultClient;
  guard: Guard;
  log: Logger;
}

/**
 * The only place a tool meets the guard: every tool in `tools` gets the same treatment.
 * DO NOT throw from a handler: failures come back as isError results the agent can read, and
 * they never carry structuredContent (the SDK client would validate it against the output schema).
 */
export function registerTools(
  server: McpServer,
  tools: readonly ToolDef[],
  deps: ToolDeps,
  options: ListOptions,
): void {
  for (const def of tools) {
    server.registerTool(
      def.name,
      {
        title: def.title,
        description: def.description,
        // Any object passes the SDK: callTool validates it with the tool's schema, so a bad
        // argument is refused with a code (invalid_arguments) like every other refusal.
        inputSchema: ANY_ARGUMENTS,
        // Results are checked against an output schema only when it is advertised: with none
        // listed, refusing a call that already took effect would protect no client.
        ...(options.outputSchemas ? { outputSchema: runtimeOutput(def.output) } : {}),
        annotations: def.annotations,
      },
      (args: Record<string, unknown>, extra: { signal: AbortSignal }) => callTool(def, args, extra.signal, deps),
    );
  }
  serveToolList(server, tools, options);
}

/** One guarded tool call; exported for tests and the scenario runner. */
export async function callTool(
  def: ToolDef,
  args: Record<string, unknown>,
  signal: AbortSignal,
  deps: ToolDeps,
): Promise<CallToolResult> {
  const input = toolInput(def).safeParse(args);
  if (!input.success) return refusalResult(refuse("invalid_arguments", argumentErrors(input.error)));
  const verdict = deps.guard.before(def, input.data);
  if (!verdict.allowed) {
    deps.log.log("info", "tool refused", { tool: def.name, code: verdict.refusal.code });
    return refusalResult(verdict.refusal);
  }
  try {
    const client = deps.client.withContext(verdict.tenantId);
    const ungranted = await deps.guard.grants(def, verdict.args, client, signal);
    if (ungranted) {
      deps.log.log("info", "tool refused", { tool: def.name, code: ungranted.code });
      return refusalResult(ungranted);
    }
    const raw = await deps.guard.fetch(def, verdict.args, (args) => def.run(client, args, signal));
    const shown = deps.guard.after(def, raw, verdict.args) as Record<string, unknown>;
    return { content: [{ type: "text", text: JSON.stringify(shown) }], structuredContent: shown };
  } catch (error) {
    return errorResult(def, error, deps);
  }
}

export function refusalResult(refusal: Refusal): CallToolResult {
  return {
    isError: true,
    content: [{ type: "text", text: `${refusal.code}: ${refusal.message}` }],
    _meta: { "scaivault/code": refusal.code },
  };
}

function errorResult(def: ToolDef, error: unknown, deps: ToolDeps): CallToolResult {
  if (error instanceof VaultError) {
    const where = [
      error.status ? `HTTP ${error.status}` : undefined,
      error.requestId ? `request ${error.requestId}` : undefined,
      error.retryAfter !== undefined ? `retry after ${Math.ceil(error.retryAfter)} s` : undefined,
    ]
      .filter(Boolean)
      .join(", ");
    deps.log.log("warn", "tool failed", {
      tool: def.name,
      code: error.code,
      status: error.status,
      request_id: error.requestId,
    });
    return {
      isError: true,
      content: [{ type: "text", text: `${error.code}: ${error.message}${where ? ` (${where})` : ""}` }],
      _meta: {
        "scaivault/code": error.code,
        ...(error.status ? { "scaivault/status": error.status } : {}),
        ...(error.retryAfter !== undefined ? { "scaivault/retry_after": Math.ceil(error.retryAfter) } : {}),
      },
    };
  }
  deps.log.log("error", "tool crashed", {
    tool: def.name,
    error: error instanceof Error ? `${error.name}: ${error.message}` : "unknown",
  });
  return {
    isError: true,
    content: [
      {
        type: "text",
        text: "internal_error: scaivault-mcp failed to handle this call; the details are in the server log.",
      },
    ],
    _meta: { "scaivault/code": "internal_error" },
  };
}
