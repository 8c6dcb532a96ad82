import { DEMO } from "../../core/demo.js";
import type { MockVault } from "../stores.js";

/** The client each demo identity reads with. */
const USER_AGENTS: Record<string, string> = {
  "sa:report-runner": "scaivault-python/1.0",
  "sa:billing-worker": "scaivault-python/1.0",
  "sa:web-frontend": "scaivault-js/1.3.1",
};

/**
 * A day of ordinary traffic plus the outage example of the product page: three denied reads of
 * infra/db/primary/credentials by sa:report-runner at 14:31:14, 14:31:45, 14:32:16 "today" (on a
 * clock started before 14:33, the day before: the outage is never in the future).
 */
export function seedAudit(vault: MockVault): void {
  const now = vault.clock.nowMs();
  const today = vault.clock.iso().slice(0, 10);
  const day =
    now >= Date.parse(`${today}T14:33:00.000Z`) ? today : new Date(now - 86_400_000).toISOString().slice(0, 10);
  const f = vault.faker;
  // Each identity reads what its access policies allow (see domains/access-policies/seed.ts), so
  // the only denials of the day are the outage example below.
  const reads: [string, string[]][] = [
    ["user:ops@acme.example", ["infra/cache/redis", "infra/db/replica/credentials", "integrations/salesforce/oauth"]],
    ["user:auditor@acme.example", ["integrations/salesforce/oauth", "integrations/stripe/api-key"]],
    ["sa:report-runner", ["integrations/salesforce/oauth", "integrations/stripe/api-key"]],
    ["sa:billing-worker", ["integrations/stripe/api-key", "apps/billing/webhook-secret"]],
    ["sa:web-frontend", ["apps/web/session-key"]],
  ];
  const events: { ts: string; actor: string; path: string; outcome: "success" | "denied"; action: string }[] = [];
  for (let i = 0; i < 60; i++) {
    const minute = f.number.int({ min: 6 * 60, max: 14 * 60 + 25 });
    const ts = `${day}T${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}:${String(f.number.int({ min: 0, max: 59 })).padStart(2, "0")}.000Z`;
    const [actor, paths] = f.helpers.arrayElement(reads);
    events.push({ ts, actor, path: f.helpers.arrayElement(paths), outcome: "success", action: "read" });
  }
  for (const time of ["14:31:14", "14:31:45", "14:32:16"])
    events.push({
      ts: `${day}T${time}.000Z`,
      actor: "sa:report-runner",
      path: "infra/db/primary/credentials",
      outcome: "denied",
      action: "read",
    });
  // ISO timestamps sort as plain strings; localeCompare would load ICU's collator (~4 MB) for nothing.
  events.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  // Client and duration follow from what is already drawn: no more faker draws, so later seeds keep their data.
  const secrets = vault.tenant(DEMO.tenantId).secrets;
  for (const e of events) {
    const version = e.outcome === "success" ? secrets.peek(e.path)?.current_version : undefined;
    vault.audit.append({
      id: vault.ids.next("log"),
      timestamp: e.ts,
      tenant_id: DEMO.tenantId,
      actor: e.actor,
      actor_type: e.actor.startsWith("sa:") ? "service_account" : "user",
      action: e.action,
      method: "GET",
      resource_type: "secret",
      path: e.path,
      outcome: e.outcome,
      status: e.outcome === "denied" ? 403 : 200,
      error_code: e.outcome === "denied" ? "access_denied" : null,
      request_id: vault.ids.next("req", 16),
      source_ip: e.actor.startsWith("sa:") ? "10.20.0.14" : "10.10.4.2",
      user_agent: USER_AGENTS[e.actor] ?? "scaivault-cli/1.2.0",
      duration_ms: 4 + (Number(e.ts.slice(17, 19)) % 23),
      extra_data: version === undefined ? {} : { version },
    });
  }
}
