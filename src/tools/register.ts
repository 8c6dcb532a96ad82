import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { CallToolResult, ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import { callFailed, callRefused } from "../answers.js";
import type { VaultClient } from "../client/index.js";
import type { CallContext, Guard } from "../guard/index.js";
import type { Logger } from "../log.js";
import { inRequestScope } from "../request-scope.js";
import { askThrough } from "./ask.js";
import type { ToolDef } from "./define.js";
import { ANY_ARGUMENTS, type Arguments, argumentErrors, toolInput } from "./input.js";
import type { ListOptions } from "./list.js";
import { runtimeOutput } from "./output.js";

export interface ToolDeps {
  client: VaultClient;
  guard: Guard;
  log: Logger;
  /**
   * Whether the server can put a question to the user mid-call. False under stateless HTTP: the
   * SDK's stateless transport answers with one JSON body, so a request to the client would never
   * reach it, and the client's answer would come to another server.
   */
  canAsk: boolean;
}

/**
 * The only place a tool meets the guard: every tool in `tools` gets the same treatment (the
 * discovery tools' call_tool calls `callTool` too). tools/list is served apart (list.ts).
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
      (args: Record<string, unknown>, extra: ToolExtra) => callFromRequest(server, def, args, extra, deps),
    );
  }
}

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** A tools/call request's call of `def`: in the request's scope, with its signal and a way to ask. */
export function callFromRequest(
  server: McpServer,
  def: ToolDef,
  args: Record<string, unknown>,
  extra: ToolExtra,
  deps: ToolDeps,
): Promise<CallToolResult> {
  // The SDK installed its tools/call handler before scopeRequestHandlers could wrap it.
  return inRequestScope(extra, () =>
    callTool(
      def,
      args,
      { signal: extra.signal, ask: deps.canAsk ? askThrough(server.server, extra.requestId) : undefined },
      deps,
    ),
  );
}

/** One guarded tool call; exported for tests and the scenario runner. */
export async function callTool(
  def: ToolDef,
  args: Record<string, unknown>,
  context: CallContext,
  deps: ToolDeps,
): Promise<CallToolResult> {
  const input = parseArguments(def, args, deps.log);
  if (!input.ok) return input.refused;
  try {
    const outcome = await deps.guard.call(def, input.data, deps.client, context);
    if (!outcome.ok) return callRefused(outcome.refusal, deps.log, def.name);
    const shown = outcome.result as Record<string, unknown>;
    return { content: [{ type: "text", text: JSON.stringify(shown) }], structuredContent: shown };
  } catch (error) {
    return callFailed(error, deps.log, def.name);
  }
}

/** The arguments as the tool's one schema parses them (input.ts), or the invalid_arguments refusal. */
export function parseArguments(
  def: Arguments & { name: string },
  args: Record<string, unknown>,
  log: Logger,
): { ok: true; data: Record<string, unknown> } | { ok: false; refused: CallToolResult } {
  const input = toolInput(def).safeParse(args);
  if (input.success) return { ok: true, data: input.data };
  return {
    ok: false,
    refused: callRefused({ code: "invalid_arguments", message: argumentErrors(input.error) }, log, def.name),
  };
}
