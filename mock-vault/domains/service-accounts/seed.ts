import { DEMO } from "../../core/demo.js";
import type { MockVault } from "../stores.js";

/**
 * Demo service accounts (deterministic: vault.ids, vault.faker, vault.clock only). Their identity
 * ids match the seeded audit history; report-runner adopts the demo token DEMO.tokens.reportRunner
 * as its API key, so deleting that key (or the account) revokes the demo token too.
 */
export function seedServiceAccounts(vault: MockVault): void {
  const store = vault.tenant(DEMO.tenantId).serviceAccounts;
  const now = vault.clock.nowMs();
  const at = (daysAgo: number) => vault.clock.set(now - daysAgo * 86_400_000);
  // Keys are issued by the demo admin (user:ops@acme.example), who holds every scope.
  const seeder = vault.tokens.get(DEMO.tokens.admin) ?? null;
  const create = (name: string, description: string, scopes: string[]) =>
    store.create({ name, description, scopes }, null, DEMO.partnerId);

  at(180);
  const runner = create("report-runner", "Nightly reporting jobs (Salesforce, Stripe exports)", [
    "secrets:read",
    "secrets:list",
  ]);
  store.createKey(runner.id, { name: "reporting-prod" }, seeder, DEMO.tokens.reportRunner);
  at(150);
  const billing = create("billing-worker", "Billing queue worker", ["secrets:read", "secrets:list"]);
  at(40);
  store.createKey(billing.id, { name: "worker-2026q2", expires_in: "90d" }, seeder);
  at(120);
  create("web-frontend", "Web app session and feature-flag reads", ["secrets:read"]);
  vault.clock.set(now);
}
