import { DEMO, seedDemoTokens } from "./core/demo.js";
import { seedVaultAdmins } from "./domains/access-policies/seed.js";
import { seedIssuerTrust } from "./domains/auth/issuer.js";
import { seedIdentity } from "./domains/identity/seed.js";
import { domainSeeders } from "./domains/seeders.js";
import type { MockVault } from "./domains/stores.js";

/**
 * Deterministic demo data: same seed, same vault. The demo identities and their identity cache
 * (which draws no ids), then every domain's demo data in the order of domainSeeders; the clock ends where it started. Reproduces the examples of
 * the product page (reporting-service secrets under integrations/, the 14:31 denied reads of
 * infra/db/primary/credentials by sa:report-runner).
 */
export function seedDemo(vault: MockVault): void {
  seedDemoTokens(vault);
  seedIdentity(vault);
  seedIssuerTrust(vault, DEMO.tenantId);
  const now = vault.clock.nowMs();
  for (const seeder of domainSeeders) seeder(vault);
  vault.clock.set(now);
}

/**
 * An empty vault (`demo: false`): the demo identities (their tokens and ScaiKey's cache of them),
 * and the admins' policy so they can manage secrets.
 */
export function seedEmpty(vault: MockVault): void {
  seedDemoTokens(vault);
  seedIdentity(vault);
  seedIssuerTrust(vault, DEMO.tenantId);
  seedVaultAdmins(vault);
}
