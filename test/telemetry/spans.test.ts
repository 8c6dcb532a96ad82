/**
 * OpenTelemetry (SCAIVAULT_OTEL): with an SDK registered and an in-memory exporter, one span per
 * MCP request, one per vault call nested under it, naming the tool, the decision and the status;
 * no argument, URI or value in any span. Off by default: no span, even with an SDK registered.
 */
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { audited } from "../helpers/audited.js";
import { connect } from "../helpers/harness.js";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});
beforeEach(() => exporter.reset());

const spans = () => exporter.getFinishedSpans();
const named = (prefix: string) => spans().filter((s) => s.name.startsWith(prefix));
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
/** Every attribute value and name of every span, and the span names: what an exporter would send. */
const exported = () =>
  JSON.stringify(spans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })));

describe("OpenTelemetry spans", () => {
  it("are off by default, even with an SDK registered", async () => {
    const h = await connect();
    try {
      await h.ok("scaivault_read_secret", { path: "apps/web/session-key" });
      expect(spans()).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it("one per MCP request, the vault call nested under it, with tool, decision and status", async () => {
    const h = await connect({ otel: true });
    try {
      await h.ok("scaivault_read_secret", { path: "apps/web/session-key" });
      const [request] = named("tools/call");
      const vault = named("scaivault ");
      expect(request).toBeDefined();
      expect(request?.name).toBe("tools/call scaivault_read_secret");
      expect(request?.kind).toBe(SpanKind.SERVER);
      expect(request?.attributes).toMatchObject({
        "mcp.method.name": "tools/call",
        "gen_ai.tool.name": "scaivault_read_secret",
        "scaivault.decision": "allowed",
        "scaivault.outcome": "ok",
      });
      expect(request?.status.code).toBe(SpanStatusCode.OK);
      expect(vault).toHaveLength(1);
      expect(vault[0]?.name).toBe("scaivault GET");
      expect(vault[0]?.kind).toBe(SpanKind.CLIENT);
      expect(vault[0]?.attributes).toMatchObject({ "http.request.method": "GET", "http.response.status_code": 200 });
      expect(vault[0]?.attributes["scaivault.request_id"]).toMatch(/^req_/);
      expect(vault[0]?.spanContext().traceId).toBe(request?.spanContext().traceId);
      expect(parentOf(vault[0] as ReadableSpan)).toBe(request?.spanContext().spanId);
      // initialize and the rest are MCP requests too.
      expect(named("initialize")).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it("a refusal: decision and code, no vault span; a vault error: the error on both spans", async () => {
    const h = await connect({ otel: true, readOnly: true });
    try {
      await h.call("scaivault_write_secret", { path: "apps/web/session-key", data: { v: "1" } });
      expect(named("tools/call")[0]?.attributes).toMatchObject({
        "scaivault.decision": "refused",
        "scaivault.outcome": "refused",
        "scaivault.code": "read_only",
      });
      expect(named("scaivault ")).toEqual([]);
      exporter.reset();
      await h.call("scaivault_read_secret", { path: "apps/does-not-exist" });
      const [request] = named("tools/call");
      const [vault] = named("scaivault ");
      expect(request?.status.code).toBe(SpanStatusCode.ERROR);
      expect(request?.attributes).toMatchObject({ "scaivault.outcome": "error", "error.type": "secret_not_found" });
      expect(vault?.status.code).toBe(SpanStatusCode.ERROR);
      expect(vault?.attributes).toMatchObject({ "http.response.status_code": 404, "error.type": "secret_not_found" });
    } finally {
      await h.close();
    }
  });

  it("carry no argument, URI or value, on any surface", async () => {
    const h = await connect({ otel: true });
    try {
      const value = "span-secret-value-5521";
      await h.ok("scaivault_write_secret", { path: "apps/otel/hidden-path", data: { password: value } });
      await h.ok("scaivault_read_secret", { path: "apps/otel/hidden-path" });
      await h.client.readResource({ uri: "scaivault://secrets/tnt_acme_prod/apps/otel/hidden-path" });
      await h.client.getPrompt({ name: "rotate-credential", arguments: { path: "apps/otel/hidden-path" } });
      await h.client.complete({
        ref: { type: "ref/resource", uri: "scaivault://secrets/{tenant}/{+path}" },
        argument: { name: "path", value: "apps/otel/hid" },
      });
      expect(named("resources/read")).toHaveLength(1);
      expect(named("prompts/get rotate-credential")).toHaveLength(1);
      expect(named("completion/complete")).toHaveLength(1);
      expect(named("scaivault ").length).toBeGreaterThanOrEqual(3);
      const text = exported();
      expect(text).not.toContain(value);
      expect(text).not.toContain("hidden-path");
      expect(text).not.toContain("otel/hid");
      expect(text).not.toContain("scaivault://");
    } finally {
      await h.close();
    }
  });

  it("work beside the audit: the same request, one span and one line", async () => {
    const h = await audited({ otel: true });
    try {
      await h.call("scaivault_read_secret", { path: "apps/web/session-key" });
      expect(named("tools/call")).toHaveLength(1);
      expect(h.lines()).toEqual([
        expect.objectContaining({
          name: "scaivault_read_secret",
          vault_request_ids: [named("scaivault ")[0]?.attributes["scaivault.request_id"]],
        }),
      ]);
    } finally {
      await h.close();
    }
  });

  it("leave a host's own spans alone: no vault span under a span the server did not make", async () => {
    const h = await connect();
    try {
      await trace.getTracer("host").startActiveSpan("host work", async (span) => {
        await h.parts.client.secrets.read("apps/web/session-key");
        span.end();
      });
      expect(spans().map((s) => s.name)).toEqual(["host work"]);
    } finally {
      await h.close();
    }
  });
});
