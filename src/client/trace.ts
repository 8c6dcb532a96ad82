/**
 * A span per vault call (OpenTelemetry), made only inside an MCP request this server traces
 * (SCAIVAULT_OTEL: src/telemetry.ts marks its context), so a host's own tracing never gets spans
 * it did not ask for. The span names the HTTP method, the status and the vault's request id:
 * never the URL (it holds secret paths), a query or a body. With no OpenTelemetry SDK registered
 * the API is a no-op. The vault's request id also joins the request's trail (the audit line).
 */
import { type Attributes, context, createContextKey, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { requestTrail } from "../request-scope.js";
import { VaultError } from "./errors.js";

export const TRACER_NAME = "scaivault-mcp";

/** Set in the context of an MCP request this server traces: vault calls under it get a span. */
export const TRACED = createContextKey("scaivault-mcp.traced");

/** A request id as the vault's ids look; anything else a vault sends there is not repeated. */
const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Runs one vault call, in a span of its own when its MCP request is traced. */
export function traceVaultCall<T>(method: string, run: () => Promise<T>): Promise<T> {
  if (context.active().getValue(TRACED) !== true) return run();
  const attributes: Attributes = { "http.request.method": method, "server.component": "scaivault" };
  return trace
    .getTracer(TRACER_NAME)
    .startActiveSpan(`scaivault ${method}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      try {
        const result = await run();
        span.setStatus({ code: SpanStatusCode.OK });
        return result;
      } catch (error) {
        span.setAttribute("error.type", error instanceof VaultError ? error.code : "unknown");
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
}

/** What the vault answered a call: its status on the call's span, its request id on both. */
export function noteVaultAnswer(status: number, requestId: string | undefined): void {
  const id = requestId !== undefined && REQUEST_ID.test(requestId) ? requestId : undefined;
  if (id) requestTrail()?.vaultRequestIds.push(id);
  if (context.active().getValue(TRACED) !== true) return;
  trace
    .getActiveSpan()
    ?.setAttributes({ "http.response.status_code": status, ...(id ? { "scaivault.request_id": id } : {}) });
}
