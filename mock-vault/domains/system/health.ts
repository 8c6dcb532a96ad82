import type { Dependency } from "../../core/faults.js";
import type { Vault } from "../../core/vault.js";

/**
 * What the health endpoints say about the vault's dependencies. The mock has none, so a
 * dependency is down exactly while a fault rule names it (`dependency` on a fault rule: in-process
 * mock.fault(...), over HTTP POST /_mock/faults).
 */
export const READY_CHECKS = ["database", "redis", "encryption"] as const satisfies readonly Dependency[];

/** The error a real deployment would report for each dependency. */
const OUTAGE: Record<Dependency, string> = {
  database: "Connection refused",
  redis: "Connection refused",
  encryption: "KMS key unavailable",
  s3: "Access denied",
};

/** The reference's version (GET /v1/health/detailed shows "1.0.0"): the API this mock follows. */
export const VAULT_VERSION = "1.0.0";

export function readiness(down: readonly Dependency[]) {
  const failing = READY_CHECKS.filter((c) => down.includes(c));
  const checks = Object.fromEntries(READY_CHECKS.map((c) => [c, failing.includes(c) ? "error" : "ok"]));
  if (failing.length === 0) return { ready: true, body: { status: "ready", checks } };
  return {
    ready: false,
    body: { status: "not_ready", checks, errors: Object.fromEntries(failing.map((c) => [c, OUTAGE[c]])) },
  };
}

/**
 * Full component status. Latencies and pool figures are fixed (the mock has no pool); the
 * uptime runs on the vault's clock. Without the database or encryption the vault is unhealthy,
 * without Redis or the object store degraded.
 */
export function detailedHealth(vault: Vault<unknown>) {
  const down = vault.faults.down();
  const state = (d: Dependency) => (down.includes(d) ? "error" : "ok");
  const failed = (d: Dependency) => (down.includes(d) ? { error: OUTAGE[d] } : {});
  const status = down.some((d) => d === "database" || d === "encryption")
    ? "unhealthy"
    : down.length
      ? "degraded"
      : "healthy";
  const up = (d: Dependency, latency: number) => (down.includes(d) ? null : latency);
  return {
    status,
    version: VAULT_VERSION,
    uptime_seconds: Math.max(0, Math.floor((vault.clock.nowMs() - vault.startedMs) / 1000)),
    checks: {
      database: {
        status: state("database"),
        latency_ms: up("database", 2),
        pool_size: 20,
        pool_available: down.includes("database") ? 0 : 18,
        ...failed("database"),
      },
      redis: { status: state("redis"), latency_ms: up("redis", 1), memory_used_mb: 128, ...failed("redis") },
      encryption: {
        status: state("encryption"),
        key_status: down.includes("encryption") ? "unavailable" : "active",
        last_rotation: new Date(vault.startedMs - 30 * 86_400_000).toISOString(),
        ...failed("encryption"),
      },
      s3: { status: state("s3"), latency_ms: up("s3", 15), ...failed("s3") },
    },
  };
}
