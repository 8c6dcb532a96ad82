/**
 * The guard's questions to the user (guard/confirm.ts), put through MCP elicitation: a form with
 * one box the user ticks to confirm, sent on the stream of the call it is about. A client that
 * declares no form elicitation cannot be asked.
 */
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { ErrorCode, McpError, type RequestId } from "@modelcontextprotocol/sdk/types.js";
import type { Ask } from "../guard/confirm.js";

/** How long the user may take: a person reads the question; the host's own timeout may cancel sooner. */
export const ASK_TIMEOUT_MS = 10 * 60_000;

const CONFIRM_FORM = {
  type: "object" as const,
  properties: {
    confirm: {
      type: "boolean" as const,
      title: "Yes, do it",
      description: "Tick to confirm. This cannot be undone.",
      default: false,
    },
  },
  required: ["confirm"],
};

/** Asks through `server`'s client about the call `requestId`; undefined when the client cannot be asked. */
export function askThrough(server: Server, requestId: RequestId): Ask | undefined {
  if (!server.getClientCapabilities()?.elicitation?.form) return undefined;
  return async (question, signal) => {
    try {
      const answer = await server.elicitInput(
        { mode: "form", message: question, requestedSchema: CONFIRM_FORM },
        { relatedRequestId: requestId, signal, timeout: ASK_TIMEOUT_MS },
      );
      if (answer.action === "accept") return { action: "accept", confirmed: answer.content?.confirm === true };
      return { action: answer.action };
    } catch (error) {
      return { action: "failed", reason: reasonOf(error, signal) };
    }
  };
}

/** Why no answer came, in words that carry nothing the client said. */
function reasonOf(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return "the call was cancelled";
  if (error instanceof McpError && error.code === ErrorCode.RequestTimeout)
    return `no answer within ${ASK_TIMEOUT_MS / 60_000} minutes`;
  if (error instanceof McpError) return `the client answered with error ${error.code}`;
  return "the client could not be asked";
}
