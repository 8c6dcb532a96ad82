/**
 * tools/call of a plain call, straight to the registered tool's callback. The SDK's McpServer
 * takes every call through three layers: the Server parses the request twice against
 * CallToolRequestSchema and the result once against CallToolResultSchema, and McpServer parses
 * the arguments against the tool's input schema, with five awaits between them. For a tool whose
 * input schema is ANY_ARGUMENTS (every tool here: callTool parses the arguments with the tool's
 * own schema) and that lists no output schema, those checks decide nothing a plain call can fail:
 * its result is built by answers.ts or callTool. They cost about a fifth of a stdio read_secret.
 *
 * Anything else takes the SDK's way unchanged, so its verdicts and error texts stay the SDK's: an
 * unknown, disabled or task tool, a tool with an input or output schema of its own, a `task`,
 * arguments that are not a plain object, or a request the SDK has no handler map for.
 */
import type { McpServer, RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ANY_ARGUMENTS } from "./input.js";
import type { ToolExtra } from "./register.js";

type RequestHandler = (request: { method: string; params?: unknown }, extra: ToolExtra) => Promise<unknown>;

/**
 * Installs the direct route for `server`'s tools/call, after its tools are registered (McpServer
 * installs its own handler with the first tool). Tools registered later are routed too: the
 * registry is read at call time. False when the SDK does not hold what this relies on; then every
 * call takes the SDK's way.
 */
export function routeToolCalls(server: McpServer): boolean {
  const handlers = (server.server as unknown as { _requestHandlers?: Map<string, RequestHandler> })._requestHandlers;
  const registry = (server as unknown as { _registeredTools?: Record<string, RegisteredTool> })._registeredTools;
  const sdkCall = handlers?.get("tools/call");
  if (!(handlers instanceof Map) || !registry || typeof sdkCall !== "function") return false;
  handlers.set("tools/call", (request, extra) => {
    const call = plainCall(request.params);
    const tool = call && Object.hasOwn(registry, call.name) ? registry[call.name] : undefined;
    if (!call || !tool || !direct(tool)) return sdkCall(request, extra);
    return run(tool.handler as unknown as ToolCallback, call.arguments, extra);
  });
  return true;
}

type ToolCallback = (args: Record<string, unknown>, extra: ToolExtra) => CallToolResult | Promise<CallToolResult>;

/** The name and arguments of a call CallToolRequestSchema certainly accepts, with no `task`. */
function plainCall(params: unknown): { name: string; arguments: Record<string, unknown> } | undefined {
  if (!plainObject(params) || typeof params.name !== "string" || Object.hasOwn(params, "task")) return undefined;
  const args = params.arguments;
  if (args === undefined) return { name: params.name, arguments: {} };
  // ANY_ARGUMENTS would copy such an object key by key; the SDK's way does that.
  if (!plainObject(args) || Object.hasOwn(args, "__proto__")) return undefined;
  return { name: params.name, arguments: args };
}

/** An object as JSON.parse makes one (the tools never see a class instance or an array as arguments). */
function plainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** A tool whose SDK checks are the ones this route may skip. */
function direct(tool: RegisteredTool): boolean {
  return (
    tool.enabled &&
    tool.inputSchema === ANY_ARGUMENTS &&
    tool.outputSchema === undefined &&
    (tool.execution?.taskSupport ?? "forbidden") === "forbidden" &&
    typeof tool.handler === "function"
  );
}

/** As McpServer does: a callback that throws answers an isError result with its message. */
async function run(callback: ToolCallback, args: Record<string, unknown>, extra: ToolExtra): Promise<CallToolResult> {
  try {
    return await callback(args, extra);
  } catch (error) {
    return { content: [{ type: "text", text: error instanceof Error ? error.message : String(error) }], isError: true };
  }
}
