import { DEMO } from "../../core/demo.js";
import type { MockVault } from "../stores.js";

/** Demo subscriptions (deterministic: vault.ids, vault.faker, vault.clock only). */
export function seedSubscriptions(vault: MockVault): void {
  const store = vault.tenant(DEMO.tenantId).subscriptions;
  const now = vault.clock.nowMs();
  vault.clock.set(now - 30 * 86_400_000);
  store.create(
    {
      name: "secops-alerts",
      events: ["secret.deleted", "policy.violation", "rotation.overdue", "rotation.failed"],
      paths: ["**"],
      delivery: { type: "webhook", url: "https://hooks.acme.example/scaivault" },
    },
    "user:ops@acme.example",
  );
  vault.clock.set(now - 7 * 86_400_000);
  store.create(
    {
      name: "integrations-changes",
      events: ["secret.*"],
      paths: ["integrations/**"],
      delivery: { type: "polling" },
    },
    "user:ops@acme.example",
  );
  vault.clock.set(now);
}
