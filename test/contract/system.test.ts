/**
 * Contract: the system endpoints (reference/system, operations/health-and-monitoring). /v1/health
 * and /v1/health/ready need no token; ready is 200 { status: "ready", checks } or 503
 * { status: "not_ready", checks, errors } while a dependency is down (a fault rule naming it);
 * /v1/health/detailed needs admin; /v1/metrics is Prometheus text whose counters count the
 * requests; /v1/version needs no token.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createMockVault, type ServedVault } from "../../mock-vault/index.js";
import { mockApi } from "../helpers/mock-api.js";

const mock = createMockVault({ seed: 42 });
const api = mockApi(mock);
const { admin, readOnly } = mock.tokens;

beforeEach(() => mock.reset());

/** The value of one series of a Prometheus text answer (0 when absent). */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe("GET /v1/health and /v1/health/ready", () => {
  it("answer without a token: healthy with the vault's time; ready with every check ok", async () => {
    const health = await api("GET", "/v1/health");
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: "healthy", timestamp: mock.clock.iso() });
    expect(health.headers.get("x-request-id")).toMatch(/^req_/);
    const ready = await api("GET", "/v1/health/ready");
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: "ready", checks: { database: "ok", redis: "ok", encryption: "ok" } });
  });

  it("is 503 not_ready, naming the check and its error, while a dependency is down", async () => {
    const id = mock.fault({ route: "/v1/health", dependency: "redis" });
    const ready = await api("GET", "/v1/health/ready");
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({
      status: "not_ready",
      checks: { database: "ok", redis: "error", encryption: "ok" },
      errors: { redis: "Connection refused" },
    });
    // Routed at the health endpoints only: the API goes on, liveness too.
    expect((await api("GET", "/v1/secrets/integrations/stripe/api-key", { token: admin })).status).toBe(200);
    expect((await api("GET", "/v1/health")).status).toBe(200);
    mock.state.faults.remove(id);
    expect((await api("GET", "/v1/health/ready")).status).toBe(200);
  });

  it("a database outage routed at /v1/ fails the API with 503 service_unavailable and readiness with it", async () => {
    mock.fault({ route: "/v1/", dependency: "database" });
    const read = await api("GET", "/v1/secrets/integrations/stripe/api-key", { token: admin });
    expect(read.status).toBe(503);
    expect(read.body.error.code).toBe("service_unavailable");
    const ready = await api("GET", "/v1/health/ready");
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual({ database: "error", redis: "ok", encryption: "ok" });
    // The object store is no readiness check: only detailed health reports it.
    mock.reset();
    mock.fault({ route: "/v1/health", dependency: "s3" });
    expect((await api("GET", "/v1/health/ready")).status).toBe(200);
  });

  it("other faults routed at the ready path act as anywhere: an error status, a dropped connection", async () => {
    mock.fault({ route: "/v1/health/ready", status: 500, times: 1 });
    const failed = await api("GET", "/v1/health/ready");
    expect(failed.status).toBe(500);
    expect(failed.body.error.code).toBe("internal_error");
    expect((await api("GET", "/v1/health/ready")).status).toBe(200);
    mock.fault({ route: "/v1/health/ready", network: "reset", times: 1 });
    await expect(api("GET", "/v1/health/ready")).rejects.toThrow(/fetch failed/);
    expect(mock.state.journal.at(-1)).toMatchObject({ path: "/v1/health/ready", status: 0, fault: "reset" });
  });

  it("over HTTP, POST /_mock/faults takes a dependency down and DELETE brings it back", async () => {
    const served: ServedVault = await mock.serve({ port: 0 });
    try {
      const post = await fetch(`${served.url}/_mock/faults`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ route: "/v1/health", dependency: "encryption" }),
      });
      expect(post.status).toBe(201);
      const ready = await fetch(`${served.url}/v1/health/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { errors: unknown }).errors).toEqual({ encryption: "KMS key unavailable" });
      await fetch(`${served.url}/_mock/faults`, { method: "DELETE" });
      expect((await fetch(`${served.url}/v1/health/ready`)).status).toBe(200);
      const bad = await fetch(`${served.url}/_mock/faults`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ route: "/v1/", dependency: "mainframe" }),
      });
      expect(bad.status).toBe(400);
    } finally {
      await served.close();
    }
  });
});

describe("GET /v1/health/detailed", () => {
  it("needs the admin scope and answers the reference's components", async () => {
    const denied = await api("GET", "/v1/health/detailed", { token: readOnly });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: "insufficient_scope", details: { required_scope: "admin" } });
    expect((await api("GET", "/v1/health/detailed")).status).toBe(401);
    mock.clock.advance("1d");
    const res = await api("GET", "/v1/health/detailed", { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: "healthy",
      version: "1.0.0",
      uptime_seconds: 86400,
      checks: {
        database: { status: "ok", latency_ms: 2, pool_size: 20, pool_available: 18 },
        redis: { status: "ok", latency_ms: 1, memory_used_mb: 128 },
        encryption: { status: "ok", key_status: "active", last_rotation: expect.stringMatching(/^\d{4}-/) },
        s3: { status: "ok", latency_ms: 15 },
      },
    });
  });

  it("reports what is down instead of failing: degraded without Redis, unhealthy without the database", async () => {
    mock.fault({ route: "/v1/health", dependency: "redis" });
    const degraded = await api("GET", "/v1/health/detailed", { token: admin });
    expect(degraded.body.status).toBe("degraded");
    expect(degraded.body.checks.redis).toEqual({
      status: "error",
      latency_ms: null,
      memory_used_mb: 128,
      error: "Connection refused",
    });
    mock.fault({ route: "/v1/", dependency: "database" });
    const unhealthy = await api("GET", "/v1/health/detailed", { token: admin });
    expect(unhealthy.status).toBe(200);
    expect(unhealthy.body.status).toBe("unhealthy");
    expect(unhealthy.body.checks.database).toMatchObject({ status: "error", pool_available: 0 });
  });
});

describe("GET /v1/metrics and /v1/version", () => {
  it("serves Prometheus text whose counters count the requests answered, by endpoint class and status", async () => {
    const first = await api("GET", "/v1/metrics");
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(first.body).toContain("# TYPE scaivault_requests_total counter");
    const series = 'scaivault_requests_total{method="GET",path_category="secrets",status="200"}';
    const before = sample(first.body, series);
    for (let i = 0; i < 3; i++) await api("GET", "/v1/secrets/integrations/stripe/api-key", { token: admin });
    await api("GET", "/v1/secrets/integrations/stripe/api-key", { token: readOnly });
    await api("GET", "/v1/secrets/nowhere/at-all", { token: admin });
    const after = (await api("GET", "/v1/metrics")).body;
    expect(sample(after, series)).toBe(before + 4);
    expect(sample(after, 'scaivault_requests_total{method="GET",path_category="secrets",status="404"}')).toBe(1);
    expect(sample(after, 'scaivault_requests_total{method="GET",path_category="metrics",status="200"}')).toBe(1);
    expect(sample(after, 'scaivault_secret_reads_total{tenant="tnt_acme_prod",secret_type="api_key"}')).toBe(4);
  });

  it("counts 429s as rate-limit hits, and store figures as gauges", async () => {
    mock.fault({ route: "/v1/secrets/", status: 429, retryAfter: 1, times: 2 });
    for (let i = 0; i < 2; i++) await api("GET", "/v1/secrets/integrations/stripe/api-key", { token: admin });
    await api("PUT", "/v1/secrets/apps/new/key", { token: admin, body: { data: { v: "1" } } });
    const text = (await api("GET", "/v1/metrics")).body;
    expect(sample(text, 'scaivault_rate_limit_hits_total{category="secrets"}')).toBe(2);
    expect(sample(text, 'scaivault_secret_writes_total{tenant="tnt_acme_prod"}')).toBe(1);
    const live = sample(text, 'scaivault_secrets_total{tenant="tnt_acme_prod"}');
    const listed = await api("GET", "/v1/secrets?limit=1000", { token: admin });
    expect(live).toBe(listed.body.data.length);
    expect(sample(text, "scaivault_db_pool_size")).toBe(20);
    expect(text).toMatch(/^scaivault_leases_active\{tenant="tnt_acme_prod",engine="postgres-prod"\} \d+$/m);
    // Every sample line is name{labels} value.
    for (const line of (text as string).split("\n").filter((l) => l && !l.startsWith("#")))
      expect(line).toMatch(/^[a-z_]+(\{([a-z_]+="[^"]*",?)*\})? -?\d+(\.\d+)?$/);
  });

  it("a reset zeroes the counters, as a restart would", async () => {
    await api("GET", "/v1/secrets/integrations/stripe/api-key", { token: admin });
    mock.reset();
    const text = (await api("GET", "/v1/metrics")).body;
    expect(sample(text, 'scaivault_requests_total{method="GET",path_category="secrets",status="200"}')).toBe(0);
  });

  it("GET /v1/version needs no token", async () => {
    const res = await api("GET", "/v1/version");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ version: "1.0.0", api_version: "v1", build: "scaivault-mock", commit: null });
  });
});
