import { z } from "zod";
import { type SeedAuditSpec, SeedError, type SeedSecretsSpec } from "./bulk-seed.js";
import { SnapshotError, type VaultSnapshot } from "./control.js";
import { DEPENDENCIES, type FaultRule } from "./core/faults.js";
import { empty, json, respond } from "./core/json.js";
import type { Method, RawRoute } from "./core/route.js";
import type { VaultRequest } from "./core/vault-request.js";

/** The parts of a mock vault handle the control routes drive. */
export interface Controllable {
  readonly baseUrl: string;
  readonly clock: { iso(): string; advance(by: number | string): Date; set(at: string): void };
  fault(rule: FaultRule): number;
  reset(): void;
  snapshot(): VaultSnapshot;
  restore(snapshot: VaultSnapshot): void;
  seedSecrets(spec: SeedSecretsSpec): object;
  seedAudit(spec: SeedAuditSpec): object;
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

const bad = (message: string) => json({ error: { code: "invalid_request", message } }, 400);

/** The body as JSON, as Request.json() reads it; undefined when it is not JSON. */
const jsonOf = (request: VaultRequest): Promise<unknown> =>
  request
    .text()
    .then((text) => JSON.parse(text) as unknown)
    .catch(() => undefined);

async function body<T>(request: VaultRequest, schema: z.ZodType<T>): Promise<T | Response> {
  const parsed = schema.safeParse(await jsonOf(request));
  return parsed.success
    ? parsed.data
    : bad(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
}

/**
 * The test control surface over HTTP, for `scaivault-mock` users in other languages: reset,
 * clock, faults, snapshot/restore and bulk seeds under /_mock/. Routes outside the pipeline, only
 * in the route table of a served (loopback by default) vault, never in-process. Snapshots hold raw
 * secrets.
 */
export function controlRoutes<S>(mock: Controllable): RawRoute<S>[] {
  const at = (method: Method, path: string, answer: (request: VaultRequest) => Response | Promise<Response>) => ({
    method,
    path: `/_mock/${path}`,
    answer,
  });
  const seed = (run: (spec: unknown) => object) => async (request: VaultRequest) => {
    const spec = await jsonOf(request);
    if (spec === undefined) return bad("the body is not JSON");
    try {
      return json(run(spec), 201);
    } catch (error) {
      // Only our own sentence goes back, never an internal error text.
      if (error instanceof SeedError) return bad(`cannot seed: ${error.message}`);
      throw error;
    }
  };
  return [
    at(
      "POST",
      "seed/secrets",
      seed((spec) => mock.seedSecrets(spec as SeedSecretsSpec)),
    ),
    at(
      "POST",
      "seed/audit",
      seed((spec) => mock.seedAudit(spec as SeedAuditSpec)),
    ),
    at("POST", "reset", () => {
      mock.reset();
      return json({ reset: true, now: mock.clock.iso() });
    }),
    at("GET", "clock", () => json({ now: mock.clock.iso() })),
    at("POST", "clock", async (request) => {
      const input = await body(request, Clock);
      if (input instanceof Response) return input;
      try {
        if ("advance" in input) mock.clock.advance(input.advance);
        else mock.clock.set(input.set);
      } catch (error) {
        return bad((error as Error).message);
      }
      return json({ now: mock.clock.iso() });
    }),
    at("GET", "faults", () => json({ faults: mock.state.faults.list() })),
    at("POST", "faults", async (request) => {
      const rule = await body(request, Fault);
      if (rule instanceof Response) return rule;
      return json({ id: mock.fault(rule as FaultRule) }, 201);
    }),
    at("DELETE", "faults", () => {
      mock.state.faults.clear();
      return empty(204);
    }),
    at("GET", "snapshot", () =>
      respond(JSON.stringify(mock.snapshot(), replacer), 200, { "Content-Type": "application/json" }),
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
      return json({ restored: true, now: mock.clock.iso() });
    }),
  ];
}
