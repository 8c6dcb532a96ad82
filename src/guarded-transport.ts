/**
 * The last step before any transport: every server instance connects through a GuardedTransport,
 * whatever carries it (stdio, Streamable HTTP, SSE, a custom host's transport). Outbound, every
 * JSON-RPC message (results, errors, notifications, requests to the client) passes the redactor,
 * so no code path can forget to remove a credential. Inbound, request params that cross the
 * size or depth bounds are answered with `invalid_arguments` before the SDK parses them.
 */
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  isJSONRPCRequest,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type MessageExtraInfo,
} from "@modelcontextprotocol/sdk/types.js";
import { failedCall, failedRequest } from "./answers.js";
import { exceedsBounds } from "./guard/bounds.js";
import type { Logger } from "./log.js";
import { plainRequest } from "./plain-request.js";
import type { Redactor } from "./redact.js";
import { TransportLayer } from "./transport-layer.js";

export const INVALID_ARGUMENTS = "invalid_arguments";

/** Hands a request straight to the server's request dispatch (see requestDispatchOf). */
export type RequestDispatch = (request: JSONRPCRequest, extra?: MessageExtraInfo) => void;

export class GuardedTransport extends TransportLayer {
  constructor(
    inner: Transport,
    readonly redactor: Redactor,
    readonly log: Logger,
    /** Where a plain request goes without the SDK's three schema checks of its kind; else onmessage. */
    readonly dispatch?: RequestDispatch,
  ) {
    super(inner);
  }

  override send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.inner.send(this.redactor.value(message), options);
  }

  protected receive(message: JSONRPCMessage, extra?: MessageExtraInfo): void {
    const reason = "params" in message ? exceedsBounds(message.params) : undefined;
    if (reason === undefined) {
      if (this.dispatch && plainRequest(message)) this.dispatch(message, extra);
      else this.onmessage?.(message, extra);
      return;
    }
    const method = "method" in message ? message.method : undefined;
    this.log.log("warn", "message refused: params out of bounds", { method });
    // Notifications and responses get no answer; the message is dropped.
    if (!isJSONRPCRequest(message)) return;
    const failure = { code: INVALID_ARGUMENTS, message: reason };
    const error = failedRequest(failure);
    const answer: JSONRPCMessage =
      message.method === "tools/call"
        ? { jsonrpc: "2.0", id: message.id, result: failedCall(failure) }
        : { jsonrpc: "2.0", id: message.id, error: { code: error.code, message: error.message, data: error.data } };
    this.send(answer).catch((error: unknown) => this.onerror?.(error as Error));
  }
}

/** Every transport `server` connects to from now on is wrapped in a GuardedTransport. */
export function guardConnections(server: Server, redactor: Redactor, log: Logger): void {
  const connect = server.connect.bind(server);
  const dispatch = requestDispatchOf(server);
  server.connect = (transport: Transport) => connect(new GuardedTransport(transport, redactor, log, dispatch));
}

/**
 * The SDK's Protocol classifies each incoming message with three zod parses (result? error?
 * request?) before its request dispatch, two of them failing (and building issues) for every
 * request: 10-20 us a call. A plain request (plain-request.ts) is certainly a request, so it goes
 * to that dispatch directly; the handler's own request schema still parses it. Undefined when
 * the SDK has no such method, and then every message takes the SDK's way.
 */
function requestDispatchOf(server: Server): RequestDispatch | undefined {
  const protocol = server as unknown as { _onrequest?: RequestDispatch };
  if (typeof protocol._onrequest !== "function") return undefined;
  return (request, extra) => protocol._onrequest?.(request, extra);
}
