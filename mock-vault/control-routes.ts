import { HttpResponse } from "msw";
import { z } from "zod";
import { SnapshotError, type VaultSnapshot } from "./control.js";
import { DEPENDENCIES, type FaultRule } from "./core/faults.js";
import type { Method, RawRoute } from "./core/route.js";

/** The parts of a mock vault handle the control routes drive. */
export interface Controllable {
  readonly baseUrl: string;
  readonly clock: { iso(): string; advance(by: number | string): Date; set(at: string): void };
  fault(rule: FaultRule): number;
  reset(): void;
  snapshot(): VaultSnapshot;
  restore(snapshot: VaultSnapshot): void;
  readonly state: { faults: { clear(): void; list(): unknown[] } };
}

const Fault = z.object({
  method: z.string().optional(),
  /** A path prefix such as /v1/secrets/ (regular expressions only in-process). */
  route: z.string().startsWith("/"),
  status: z.number().int().min(100).max(599).optional(),
  code: z.string().optional(),
  retryAfter: z.number().min(0).optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  network: z.enum(["reset", "malformed", "hang"]).optional(),
  phase: z.enum(["before", "after"]).optional(),
  times: z.number().int().positive().optional(),
  dependency: z.enum(DEPENDENCIES).optional(),
});
const Clock = z.union([z.object({ advance: z.string() }), z.object({ set: z.string() })]);

/** Store state holds Maps; over the wire they travel as { "$map": [[key, value], ...] }. */
const replacer = (_key: string, value: unknown) => (value instanceof Map ? { $map: [...value] } : value);
const reviver = (_key: string, value: unknown) =>
  value && typeof value === "object" && "$map" in value && Array.isArray((value as { $map: unknown }).$map)
    ? new Map((value as { $map: [unknown, unknown][] }).$map)
    : value;

const bad = (message: string) => HttpResponse.json({ error: { code: "invalid_request", message } }, { status: 400 });

async function body<T>(request: Request, schema: z.ZodType<T>): Promise<T | Response> {
  const parsed = schema.safeParse(await request.json().catch(() => undefined));
  return parsed.success
    ? parsed.data
    : bad(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
}

/**
 * The test control surface over HTTP, for `scaivault-mock` users in other languages: reset,
 * clock, faults, snapshot/restore under /_mock/. Routes outside the pipeline, only in the route
 * table of a served (loopback by default) vault, never in-process. Snapshots hold raw secrets.
 */
export function controlRoutes<S>(mock: Controllable): RawRoute<S>[] {
  const at = (method: Method, path: string, answer: (request: Request) => Response | Promise<Response>) => ({
    method,
    path: `/_mock/${path}`,
    answer,
  });
  return [
    at("POST", "reset", () => {
      mock.reset();
      return HttpResponse.json({ reset: true, now: mock.clock.iso() });
    }),
    at("GET", "clock", () => HttpResponse.json({ now: mock.clock.iso() })),
    at("POST", "clock", async (request) => {
      const input = await body(request, Clock);
      if (input instanceof Response) return input;
      try {
        if ("advance" in input) mock.clock.advance(input.advance);
        else mock.clock.set(input.set);
      } catch (error) {
        return bad((error as Error).message);
      }
      return HttpResponse.json({ now: mock.clock.iso() });
    }),
    at("GET", "faults", () => HttpResponse.json({ faults: mock.state.faults.list() })),
    at("POST", "faults", async (request) => {
      const rule = await body(request, Fault);
      if (rule instanceof Response) return rule;
      return HttpResponse.json({ id: mock.fault(rule as FaultRule) }, { status: 201 });
    }),
    at("DELETE", "faults", () => {
      mock.state.faults.clear();
      return new HttpResponse(null, { status: 204 });
    }),
    at(
      "GET",
      "snapshot",
      () =>
        new HttpResponse(JSON.stringify(mock.snapshot(), replacer), {
          headers: { "Content-Type": "application/json" },
        }),
    ),
    at("PUT", "snapshot", async (request) => {
      let snapshot: VaultSnapshot;
      try {
        snapshot = JSON.parse(await request.text(), reviver) as VaultSnapshot;
      } catch {
        return bad("cannot restore: the body is not JSON");
      }
      try {
        mock.restore(snapshot);
      } catch (error) {
        // Only our own sentence goes back, never an internal error text.
        return bad(
          error instanceof SnapshotError ? `cannot restore: ${error.message}` : "cannot restore this snapshot",
        );
      }
      return HttpResponse.json({ restored: true, now: mock.clock.iso() });
    }),
  ];
}
