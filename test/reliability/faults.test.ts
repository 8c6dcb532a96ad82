/**
 * Fault injection over the whole catalog: for every tool, 500, 503 and 429 (with Retry-After),
 * a hanging vault, malformed JSON and connection resets give a clear isError result: never a
 * crash, a stack trace or a hung call. Only GETs are retried; a write is never sent twice, even
 * when the vault applied it and then failed to answer ("after" faults).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultRule } from "../../mock-vault/core/faults.js";
import { catalog } from "../../src/tools/index.js";
import { connect, type Harness, textOf } from "../helpers/harness.js";
import { sampleArgs } from "../helpers/sample-args.js";

const FAULTS: [string, Omit<FaultRule, "route">, string[]][] = [
  ["500", { status: 500 }, ["internal_error"]],
  ["503 + Retry-After", { status: 503, retryAfter: 0 }, ["service_unavailable"]],
  ["429 + Retry-After", { status: 429, retryAfter: 0 }, ["rate_limited"]],
  ["malformed JSON", { network: "malformed" }, ["invalid_response"]],
  ["connection reset", { network: "reset" }, ["network_error"]],
  ["hang", { network: "hang" }, ["timeout"]],
  ["503 after the write was applied", { status: 503, retryAfter: 0, phase: "after" }, ["service_unavailable"]],
];

/** Arguments for tools whose sample arguments are refused before any API call (either-or inputs). */
const ARGS: Record<string, Record<string, unknown>> = {
  scaivault_generate_secret_preview: { policy_id: "sp_db_passwords" },
  scaivault_request_certificate: { order_id: "ord_sample" },
};

describe.each(FAULTS)("fault: %s", (_, fault, codes) => {
  let h: Harness;
  beforeAll(async () => {
    // A short timeout only where the vault hangs: elsewhere a first certificate signing may take a while.
    h = await connect({ maxRetries: 2, timeoutMs: fault.network === "hang" ? 250 : 10_000 });
  });
  afterAll(async () => h.close());

  it.each(catalog.map((t) => [t.name, t] as const))("%s", async (_, def) => {
    h.mock.state.faults.clear();
    h.mock.state.faults.add({ route: /^\/v1\//, ...fault });
    h.mock.state.journal = [];
    const result = await h.call(def.name, ARGS[def.name] ?? sampleArgs(def));
    h.mock.state.faults.clear();
    const text = textOf(result);
    expect(result.isError, text).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    expect(codes, text).toContain(result._meta?.["scaivault/code"]);
    expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
    const journal = h.mock.state.journal;
    expect(journal.length, "the vault saw no request at all").toBeGreaterThan(0);
    const sent = new Map<string, number>();
    for (const entry of journal)
      sent.set(`${entry.method} ${entry.path}`, (sent.get(`${entry.method} ${entry.path}`) ?? 0) + 1);
    // Reads (GET, and side-effect-free POSTs of read tools such as test_policy) and idempotent
    // changes (revoking a lease twice revokes it once) may be retried on transient faults; any
    // other change is sent exactly once.
    const transient = fault.status === 503 || fault.status === 429 || fault.network === "reset";
    for (const [request, times] of sent) {
      if (request.startsWith("GET ") || def.access === "read" || def.idempotent)
        expect(times, request).toBeLessThanOrEqual(transient ? 3 : 1);
      else expect(times, `${request} was sent ${times} times`).toBe(1);
    }
  });
});
