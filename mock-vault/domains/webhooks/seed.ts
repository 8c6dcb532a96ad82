import { DEMO } from "../../core/demo.js";
import type { MockVault } from "../stores.js";

/** Demo webhooks (deterministic: vault.ids, vault.clock only): one live and tested, one switched off. */
export function seedWebhooks(vault: MockVault): void {
  const store = vault.tenant(DEMO.tenantId).webhooks;
  const now = vault.clock.nowMs();
  vault.clock.set(now - 14 * 86_400_000);
  const alerts = store.create({
    name: "rotation-alerts",
    url: "https://hooks.acme.example/scaivault/rotation",
    secret: `whsec_mock_${vault.ids.chars(32)}`,
    events: ["secret.rotated", "secret.expiring", "rotation.failed"],
    filters: {},
    enabled: true,
  });
  // Registered and tested at once, as a person setting one up would (a recorded test delivery).
  void store.test(alerts.id, "user:ops@acme.example");
  vault.clock.set(now - 3 * 86_400_000);
  store.create({
    name: "legacy-siem",
    url: "https://siem.acme.example/hooks/scaivault",
    secret: `whsec_mock_${vault.ids.chars(32)}`,
    events: ["*"],
    filters: { path_prefix: "infra" },
    enabled: false,
  });
  vault.clock.set(now);
}
