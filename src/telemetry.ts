/**
 * OpenTelemetry spans for MCP requests (SCAIVAULT_OTEL, off by default): one span per request
 * the server answers, active while it is served, so each vault call becomes a child span
 * (src/client/trace.ts). A span names the method and, for tools and prompts, what was called,
 * with the guard's decision and the outcome: never arguments, URIs (they hold secret paths) or
 * values. @opentelemetry/api is a no-op until a host registers an SDK (NodeSDK, or
 * `node --import @opentelemetry/auto-instrumentations-node/register` for the binary).
 */
import { type Attributes, type Context, context, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { TRACED, TRACER_NAME } from "./client/trace.js";

export interface RequestSpan {
  span: Span;
  /** The context the request is served in: the span active, vault calls under it traced. */
  context: Context;
}

/** What a span may say of a request: its method, and the name of the tool or prompt it calls. */
export function startRequestSpan(
  method: string,
  called: string | undefined,
  ids: { session?: string | undefined; request: string | number },
): RequestSpan {
  const attributes: Attributes = {
    "mcp.method.name": method,
    "jsonrpc.request.id": String(ids.request),
    ...(ids.session ? { "mcp.session.id": ids.session } : {}),
    ...(called && method === "tools/call" ? { "gen_ai.tool.name": called } : {}),
    ...(called && method === "prompts/get" ? { "gen_ai.prompt.name": called } : {}),
  };
  const span = trace
    .getTracer(TRACER_NAME)
    .startSpan(called ? `${method} ${called}` : method, { kind: SpanKind.SERVER, attributes });
  return { span, context: trace.setSpan(context.active(), span).setValue(TRACED, true) };
}

/** Ends a request's span with the guard's decision and the outcome (an error outcome is the span's error). */
export function endRequestSpan(
  span: Span,
  result: { decision: string; outcome: string; code?: string | undefined },
): void {
  span.setAttributes({
    "scaivault.decision": result.decision,
    "scaivault.outcome": result.outcome,
    ...(result.code ? { "scaivault.code": result.code } : {}),
  });
  if (result.outcome === "error") {
    span.setAttribute("error.type", result.code ?? "error");
    span.setStatus({ code: SpanStatusCode.ERROR });
  } else span.setStatus({ code: SpanStatusCode.OK });
  span.end();
}
