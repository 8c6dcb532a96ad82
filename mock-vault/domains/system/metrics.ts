import { type Family, renderPrometheus, type Sample } from "../../core/metrics.js";
import type { Vault } from "../../core/vault.js";
import type { TenantStores } from "../stores.js";

const DAY = 86_400_000;

/**
 * GET /v1/metrics in the series of the reference (operations/health-and-monitoring): the
 * counters the vault keeps as it answers (requests, 429s, secret reads and writes), and gauges
 * and counters read from every tenant's stores at scrape time (live secrets, rotations, active
 * and expiring certificates, leases, engine health, the rotation queue). Series of one engine,
 * CA or role carry the tenant too: names are unique per tenant only.
 */
export function metricsText(vault: Vault<TenantStores>): string {
  const tenants = [...vault.tenants].sort(([a], [b]) => a.localeCompare(b));
  const per = (read: (tenant: string, stores: TenantStores) => Sample[]) =>
    tenants.flatMap(([tenant, stores]) => read(tenant, stores));
  const counter = (name: string, help: string): Family => ({
    name,
    help,
    type: "counter",
    samples: vault.metrics.samples(name),
  });
  const gauge = (name: string, help: string, samples: Sample[]): Family => ({ name, help, type: "gauge", samples });

  const rotations = { success: 0, failed: 0 };
  for (const [, stores] of tenants)
    for (const policy of stores.rotation.list(false))
      for (const item of stores.rotation.history(policy.id, null))
        if (item.status === "success" || item.status === "failed") rotations[item.status]++;

  const down = vault.faults.down();
  const families: Family[] = [
    counter(
      "scaivault_requests_total",
      "Requests answered, by method, endpoint class and status (0: the connection was dropped).",
    ),
    counter("scaivault_rate_limit_hits_total", "429 answers, by endpoint class."),
    gauge(
      "scaivault_secrets_total",
      "Live secrets.",
      per((tenant, s) => [{ labels: { tenant }, value: [...s.secrets.all()].length }]),
    ),
    counter("scaivault_secret_reads_total", "Secret values read."),
    counter("scaivault_secret_writes_total", "Secret versions written (writes and rotations)."),
    {
      name: "scaivault_secret_rotations_total",
      help: "Rotations run by rotation policies.",
      type: "counter",
      samples: [
        { labels: { status: "success" }, value: rotations.success },
        { labels: { status: "failed" }, value: rotations.failed },
      ],
    },
    gauge(
      "scaivault_certificates_active",
      "Certificates neither revoked nor expired.",
      per((tenant, s) =>
        tally(s.pki.certificates.list({ status: "active" }), (c) => ({ tenant, ca_id: c.ca_id ?? "acme" })),
      ),
    ),
    gauge(
      "scaivault_certificates_expiring_soon",
      "Active certificates that expire within the days given.",
      [7, 30].map((days) => ({
        labels: { within_days: String(days) },
        value: per((tenant, s) => [
          {
            labels: { tenant },
            value: s.pki.certificates.list({ status: "active", expiring_within_ms: days * DAY }).length,
          },
        ]).reduce((sum, x) => sum + x.value, 0),
      })),
    ),
    gauge(
      "scaivault_leases_active",
      "Active dynamic-secret leases.",
      per((tenant, s) =>
        s.dynamic.listEngines().map((e) => ({ labels: { tenant, engine: e.name }, value: e.active_leases })),
      ),
    ),
    {
      name: "scaivault_leases_generated_total",
      help: "Dynamic credentials issued.",
      type: "counter",
      samples: per((tenant, s) =>
        tally(s.dynamic.listLeases({ status: "all" }), (l) => ({ tenant, engine: l.engine, role: l.role })),
      ),
    },
    gauge(
      "scaivault_engine_health",
      "1 when the dynamic engine is healthy, 0 when unreachable.",
      per((tenant, s) =>
        s.dynamic
          .listEngines()
          .map((e) => ({ labels: { tenant, engine: e.name }, value: e.status === "healthy" ? 1 : 0 })),
      ),
    ),
    gauge("scaivault_rotation_queue_depth", "Secrets whose rotation is due or overdue.", [
      {
        labels: {},
        value: tenants.reduce(
          (sum, [, s]) =>
            sum +
            s.rotation.due({ withinHours: 0, includeOverdue: true }).data.filter((d) => d.status !== "upcoming").length,
          0,
        ),
      },
    ]),
    gauge("scaivault_db_pool_size", "Database connections in the pool.", [{ labels: {}, value: 20 }]),
    gauge("scaivault_db_pool_available", "Idle database connections.", [
      { labels: {}, value: down.includes("database") ? 0 : 18 },
    ]),
  ];
  return renderPrometheus(families);
}

/** Counts items by the label set `labelsOf` gives each. */
function tally<T>(items: readonly T[], labelsOf: (item: T) => Record<string, string>): Sample[] {
  const counts = new Map<string, Sample>();
  for (const item of items) {
    const labels = labelsOf(item);
    const key = JSON.stringify(labels);
    const sample = counts.get(key);
    if (sample) sample.value++;
    else counts.set(key, { labels, value: 1 });
  }
  return [...counts.values()];
}
