import { delay, HttpResponse } from "msw";
import { faultResponse } from "../../core/pipeline.js";
import { rawRoute } from "../../core/raw-route.js";
import { withStatus } from "../../core/route.js";
import { routesOf } from "../route.js";
import type { TenantStores } from "../stores.js";
import { detailedHealth, readiness, VAULT_VERSION } from "./health.js";
import { metricsText } from "./metrics.js";

// Documented (reference/system, operations/health-and-monitoring): /v1/health and
// /v1/health/ready need no token, /v1/health/detailed the admin scope; /v1/metrics is
// unauthenticated by default; /v1/version needs none (its body is past the page's cut: see
// docs/mock-vault.md, "System").

/** Liveness: 200 while the process runs; it inspects no dependency. */
const healthRoute = rawRoute<TenantStores>("GET", "/v1/health", {}, ({ vault }) => ({
  status: "healthy",
  timestamp: vault.clock.iso(),
}));

/**
 * Readiness: 503 not_ready while a fault rule takes the database, Redis or encryption down. Any
 * other fault rule routed at this path acts as on every route (network faults, latency, a status).
 */
const readyRoute = rawRoute<TenantStores>("GET", "/v1/health/ready", {}, async ({ vault, url, requestId, journal }) => {
  const fault = vault.faults.take("GET", url.pathname);
  if (fault?.latencyMs) await delay(fault.latencyMs);
  if (fault?.network) {
    journal.fault = fault.network;
    if (fault.network === "hang")
      vault.addJournalEntry({ method: "GET", path: url.pathname, status: 0, fault: "hang" });
    return faultResponse(fault, requestId);
  }
  if (fault?.status) {
    journal.fault = "status";
    return faultResponse(fault, requestId);
  }
  const { ready, body } = readiness(vault.faults.down());
  return ready ? body : withStatus(503, body);
});

const versionRoute = rawRoute<TenantStores>("GET", "/v1/version", {}, () => ({
  version: VAULT_VERSION,
  api_version: "v1",
  build: "scaivault-mock",
  commit: null,
}));

const metricsRoute = rawRoute<TenantStores>(
  "GET",
  "/v1/metrics",
  {},
  ({ vault }) =>
    new HttpResponse(metricsText(vault), { headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" } }),
);

const { get } = routesOf("system");

/** Health, readiness, version and metrics: the operational endpoints. */
export const systemRoutes = [
  healthRoute,
  readyRoute,
  versionRoute,
  metricsRoute,
  get("/v1/health/detailed", { scope: "admin", action: "system_health_read" }, ({ vault }) => detailedHealth(vault)),
];
