/**
 * Every failure as MCP sees it, whichever surface meets it. A tool call answers with an isError
 * result the agent can read (never with structuredContent: the SDK client would validate it
 * against the output schema); a resource read, a prompt or a completion with an McpError. Both
 * forms start their text with the stable code and carry it in `_meta`/`data` as `scaivault/code`:
 * a refusal by the guard, a vault error (with its HTTP status, request id and Retry-After), bad
 * input caught before the vault, and a crash, which gets one sentence and the details in the log.
 */
import { type CallToolResult, ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { VaultError } from "./client/errors.js";
import type { Refusal } from "./guard/refusal.js";
import type { Logger } from "./log.js";

/** Where the stable code travels: `_meta` of a tool result, `data` of an McpError. */
export const CODE = "scaivault/code";

/** JSON-RPC code the MCP spec gives "resource not found". */
const RESOURCE_NOT_FOUND = -32002;

const CRASH = "scaivault-mcp failed to handle this request; the details are in the server log.";

/** What a failure says, in either form: the code, a sentence, and what `_meta`/`data` add to the code. */
export interface Failure {
  code: string;
  message: string;
  meta?: Record<string, unknown>;
  /** The JSON-RPC error code when it is not a tool result (invalid params unless said). */
  rpc?: number;
}

/** A failure as a tool result. */
export function failedCall({ code, message, meta }: Failure): CallToolResult {
  return { isError: true, content: [{ type: "text", text: `${code}: ${message}` }], _meta: { [CODE]: code, ...meta } };
}

/**
 * A failure as an McpError whose wire message is exactly "code: message" (the SDK would
 * otherwise prefix "MCP error <n>:" twice, once here and once in the client).
 */
export function failedRequest({ code, message, meta, rpc = ErrorCode.InvalidParams }: Failure): McpError {
  const text = `${code}: ${message}`;
  const error = new McpError(rpc, text, { [CODE]: code, ...meta });
  error.message = text;
  return error;
}

/** Bad input that no vault saw (a URI segment, a prompt argument). */
export const invalidRequest = (message: string): McpError => failedRequest({ code: "invalid_request", message });

/** A refusal as a failure: a rate limit's wait travels like a vault's Retry-After. */
const refusalFailure = ({ code, message, retryAfter }: Refusal): Failure => ({
  code,
  message,
  ...(retryAfter !== undefined ? { meta: { "scaivault/retry_after": retryAfter } } : {}),
});

export const refusalResult = (refusal: Refusal): CallToolResult => failedCall(refusalFailure(refusal));

export const refusalError = (refusal: Refusal): McpError => failedRequest(refusalFailure(refusal));

/** A refused tool call, logged. */
export function callRefused(refusal: Refusal, log: Logger, tool: string): CallToolResult {
  log.log("info", "tool refused", { tool, code: refusal.code });
  return refusalResult(refusal);
}

/** A refused resource read or prompt, logged; `fields` name what was asked. */
export function requestRefused(refusal: Refusal, log: Logger, what: string, fields: Record<string, unknown>): McpError {
  log.log("info", `${what} refused`, { ...fields, code: refusal.code });
  return refusalError(refusal);
}

/** Anything a tool call threw, as its result; `tool` names it in the log. */
export const callFailed = (error: unknown, log: Logger, tool: string): CallToolResult =>
  failedCall(failureOf(error, log, "tool", { tool }));

/** Anything a resource read, prompt or completion threw, as its McpError (one already made passes as it is). */
export const requestFailed = (error: unknown, log: Logger, what: string, fields: Record<string, unknown>): McpError =>
  error instanceof McpError ? error : failedRequest(failureOf(error, log, what, fields));

/**
 * A vault error keeps its code, status, request id and Retry-After; anything else is a crash,
 * logged with its details and answered with one sentence. `fields` name what was served.
 */
function failureOf(error: unknown, log: Logger, what: string, fields: Record<string, unknown>): Failure {
  if (error instanceof VaultError) {
    const retryAfter = error.retryAfter === undefined ? undefined : Math.ceil(error.retryAfter);
    const where = [
      error.status ? `HTTP ${error.status}` : undefined,
      error.requestId ? `request ${error.requestId}` : undefined,
      retryAfter !== undefined ? `retry after ${retryAfter} s` : undefined,
    ]
      .filter(Boolean)
      .join(", ");
    log.log("warn", `${what} failed`, {
      ...fields,
      code: error.code,
      status: error.status,
      request_id: error.requestId,
    });
    return {
      code: error.code,
      message: `${error.message}${where ? ` (${where})` : ""}`,
      meta: {
        ...(error.status ? { "scaivault/status": error.status } : {}),
        ...(retryAfter !== undefined ? { "scaivault/retry_after": retryAfter } : {}),
      },
      rpc:
        error.status === 404
          ? RESOURCE_NOT_FOUND
          : error.status && error.status < 500
            ? ErrorCode.InvalidRequest
            : ErrorCode.InternalError,
    };
  }
  log.log("error", `${what} crashed`, {
    ...fields,
    error: error instanceof Error ? `${error.name}: ${error.message}` : "unknown",
  });
  return { code: "internal_error", message: CRASH, rpc: ErrorCode.InternalError };
}
