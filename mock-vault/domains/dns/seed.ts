import { DEMO } from "../../core/demo.js";
import type { MockVault } from "../stores.js";

const DAY = 86_400_000;

/**
 * Demo DNS providers of tnt_acme_prod: ScaiDNS for acme.example (the active provider ACME dns-01
 * orders of acme.example names pick), and an inactive Route 53 provider of a retired zone.
 * Credentials are obviously fake.
 */
export function seedDnsProviders(vault: MockVault): void {
  const store = vault.tenant(DEMO.tenantId).dnsProviders;
  const now = vault.clock.nowMs();
  const actor = "user:ops@acme.example";
  vault.clock.set(now - 130 * DAY);
  store.create(
    {
      name: "scaidns-acme",
      provider_type: "scaidns",
      credentials: { base_url: "https://scaidns.scailabs.ai", api_key: "sdk_mock_demo_acme_dns" },
      managed_zones: ["acme.example", "*.acme.example"],
      verify: true,
    },
    actor,
  );
  vault.clock.set(now - 400 * DAY);
  const legacy = store.create(
    {
      name: "route53-legacy",
      provider_type: "route53",
      credentials: { access_key_id: "mock-access-key-id", secret_access_key: "mock-secret-access-key" },
      managed_zones: ["acme-legacy.example"],
    },
    actor,
  );
  vault.clock.set(now - 60 * DAY);
  store.update(legacy.id, { is_active: false });
  vault.clock.set(now);
}
