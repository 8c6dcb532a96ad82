/**
 * The audit and the traces meet every request at one point: the connection. An ObservedTransport
 * sits under the guarded transport of each server (src/guarded-transport.ts); a request that
 * arrives starts its trail (request-scope.ts: the guard's decisions, the vault's request ids) and
 * its span, and is dispatched inside them, so whatever serves it (a tool, a resource read, a
 * prompt, a completion) adds to them. When its answer leaves, the audit line is written and
 * flushed first: the line is on disk before the client can read the answer.
 *
 * Fail-closed: an answer whose line cannot be written is replaced by an `audit_unavailable`
 * refusal (a secret read that is not recorded is not shown), and while the sink stays broken
 * new requests are refused on arrival, before any vault call; the next line written heals it.
 */
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import { context } from "@opentelemetry/api";
import { failedCall, failedRequest } from "../answers.js";
import type { Refusal } from "../guard/refusal.js";
import { errorName, type Logger } from "../log.js";
import type { Redactor } from "../redact.js";
import { inRequestTrail, type RequestTrail, requestTrail } from "../request-scope.js";
import { endRequestSpan, type RequestSpan, startRequestSpan } from "../telemetry.js";
import { TransportLayer } from "../transport-layer.js";
import { type Asked, AUDITED_METHODS, type AuditLine, askedBy, endOf, lineOf } from "./record.js";
import type { AuditSink } from "./sink.js";

export interface Observation {
  /** Where audit lines go (SCAIVAULT_AUDIT_LOG); none: no audit. */
  sink?: AuditSink | undefined;
  /** SCAIVAULT_OTEL: a span per request. */
  traced: boolean;
  /** The client (from initialize) and the user the server acts for. */
  who: () => { client: AuditLine["client"]; user: string };
  redactor: Redactor;
  log: Logger;
}

const UNAVAILABLE: Refusal = {
  code: "audit_unavailable",
  message:
    "the audit log (SCAIVAULT_AUDIT_LOG) cannot be written, and nothing runs unrecorded; tell the operator, then try again.",
};

/** The line failed after the vault was asked: the act may have happened, so it must not be repeated blindly. */
const UNRECORDED: Refusal = {
  code: "audit_unavailable",
  message:
    "the call reached the vault, but its audit line (SCAIVAULT_AUDIT_LOG) could not be written, so its answer is withheld and the line went to the server's log; do not make the call again: tell the operator, who can check its effect.",
};

/** What the guard decided, added to the trail of the request being served (Guard's observer). */
export function noteDecision(name: string, refusal: Refusal | undefined): void {
  requestTrail()?.decisions.push({ name, code: refusal?.code });
}

interface Pending {
  asked: Asked | undefined;
  trail: RequestTrail;
  span: RequestSpan | undefined;
  session: string | undefined;
  started: { at: Date; ms: number };
}

export class ObservedTransport extends TransportLayer {
  readonly #pending = new Map<string, Pending>();
  #warned = false;

  constructor(
    inner: Transport,
    readonly observation: Observation,
  ) {
    super(inner);
  }

  protected override closed(): void {
    for (const key of [...this.#pending.keys()]) void this.#unanswered(key, "connection_closed");
  }

  override async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const id = isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message) ? message.id : undefined;
    const key = id === undefined ? undefined : keyOf(id);
    const pending = key === undefined ? undefined : this.#pending.get(key);
    if (id === undefined || key === undefined || !pending) return this.inner.send(message, options);
    this.#pending.delete(key);
    const end = endOf(message, pending.trail);
    let sent = message;
    if (pending.asked && this.observation.sink) {
      const line = this.#lineOf(pending, pending.asked, end);
      try {
        await this.observation.sink.write(line);
      } catch (error) {
        this.#warn(error);
        const reached = pending.trail.vaultRequestIds.length > 0;
        // An act that may have happened keeps its record: in the server's (redacted) log instead.
        if (reached) this.observation.log.log("error", "audit line kept here instead", { line: line.trimEnd() });
        sent = refusalFor(pending.asked.method, id, reached ? UNRECORDED : UNAVAILABLE);
      }
    }
    if (pending.span) endRequestSpan(pending.span.span, sent === message ? end : endOf(sent, pending.trail));
    return this.inner.send(sent, options);
  }

  protected receive(message: JSONRPCMessage, extra?: MessageExtraInfo): void {
    if (isJSONRPCNotification(message) && message.method === "notifications/cancelled") {
      const id = (message.params as { requestId?: RequestId } | undefined)?.requestId;
      if (id !== undefined) void this.#unanswered(keyOf(id), "cancelled");
    }
    if (!isJSONRPCRequest(message)) {
      this.onmessage?.(message, extra);
      return;
    }
    const { sink, traced } = this.observation;
    const audited = sink !== undefined && AUDITED_METHODS.has(message.method);
    if (!audited && !traced) {
      this.onmessage?.(message, extra);
      return;
    }
    const asked = audited ? askedBy(message.method, message.params) : undefined;
    const span = traced
      ? startRequestSpan(message.method, spanName(message.method, message.params), {
          session: this.inner.sessionId,
          request: message.id,
        })
      : undefined;
    const pending: Pending = {
      asked,
      trail: { decisions: [], vaultRequestIds: [] },
      span,
      session: this.inner.sessionId,
      started: { at: new Date(), ms: performance.now() },
    };
    this.#pending.set(keyOf(message.id), pending);
    // A sink that failed its last line runs nothing until a line is written again: this refusal's.
    if (audited && sink.broken) {
      pending.trail.decisions.push({ name: asked?.name ?? message.method, code: UNAVAILABLE.code });
      this.send(refusalFor(message.method, message.id)).catch((error: unknown) => this.onerror?.(error as Error));
      return;
    }
    const dispatch = () => inRequestTrail(pending.trail, () => this.onmessage?.(message, extra));
    if (span) context.with(span.context, dispatch);
    else dispatch();
  }

  async #write(pending: Pending, end: ReturnType<typeof endOf>): Promise<void> {
    const { sink } = this.observation;
    if (!pending.asked || !sink) return;
    await sink.write(this.#lineOf(pending, pending.asked, end));
  }

  /** The request's line, redacted, with its newline. */
  #lineOf(pending: Pending, asked: Asked, end: ReturnType<typeof endOf>): string {
    // Asked when the line is written: requests that arrive with initialize (one stdio chunk) are
    // dispatched before it is answered, but answered after.
    const who = { session: pending.session, ...this.observation.who() };
    const line = lineOf(asked, who, end, pending.trail, pending.started, performance.now());
    return `${this.observation.redactor.text(JSON.stringify(line))}\n`;
  }

  /** A request that ends without an answer (cancelled, or its connection closed): its line all the same. */
  async #unanswered(key: string, code: string): Promise<void> {
    const pending = this.#pending.get(key);
    if (!pending) return;
    this.#pending.delete(key);
    const end = { decision: pending.trail.decisions.length ? "allowed" : "none", outcome: "error", code } as const;
    if (pending.span) endRequestSpan(pending.span.span, end);
    try {
      await this.#write(pending, end);
    } catch (error) {
      this.#warn(error);
    }
  }

  #warn(error: unknown): void {
    if (this.#warned && this.observation.sink?.broken) return;
    this.#warned = true;
    this.observation.log.log("error", "audit line not written; calls are refused (audit_unavailable) until it can be", {
      error: errorName(error),
    });
  }
}

/** The client as initialize named it (name and version only, cut short), or null before initialize. */
export function clientOf(server: Server): AuditLine["client"] {
  const info = server.getClientVersion();
  if (!info) return null;
  return { name: String(info.name).slice(0, 128), version: String(info.version).slice(0, 64) };
}

const keyOf = (id: RequestId): string => `${typeof id}:${String(id)}`;

/** A span is named after the tool or prompt called, never after a resource URI (it holds a secret path). */
function spanName(method: string, params: unknown): string | undefined {
  if (method !== "tools/call" && method !== "prompts/get") return undefined;
  const name = (params as { name?: unknown } | undefined)?.name;
  return typeof name === "string" && /^[\w.-]{1,128}$/.test(name) ? name : undefined;
}

function refusalFor(method: string, id: RequestId, refusal: Refusal = UNAVAILABLE): JSONRPCMessage {
  if (method === "tools/call") return { jsonrpc: "2.0", id, result: failedCall(refusal) };
  const error = failedRequest(refusal);
  return { jsonrpc: "2.0", id, error: { code: error.code, message: error.message, data: error.data } };
}

/** Every transport `server` connects to from now on is observed (call after guardConnections: the guarded transport wraps this one, so this one sees its answers too). */
export function observeConnections(server: Server, observation: Observation): void {
  const connect = server.connect.bind(server);
  server.connect = (transport: Transport) => connect(new ObservedTransport(transport, observation));
}
