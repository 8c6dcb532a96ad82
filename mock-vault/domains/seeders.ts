/**
 * Every domain's demo data, in the order it runs: later seeds build on earlier ones (policies link
 * seeded secrets, the audit history reads them), and each draws on the vault's one id and faker
 * sequence, so the order is part of what a seed reproduces.
 */
import { seedAccessPolicies } from "./access-policies/seed.js";
import { seedAcme } from "./acme/seed.js";
import { seedAudit } from "./audit/seed.js";
import { seedDnsProviders } from "./dns/seed.js";
import { seedDynamic } from "./dynamic/seed.js";
import { seedFederation } from "./federation/seed.js";
import { seedPki } from "./pki/seed.js";
import { seedRotation } from "./rotation/seed.js";
import { seedSecretPolicies } from "./secret-policies/seed.js";
import { seedSecrets } from "./secrets/seed.js";
import { seedServiceAccounts } from "./service-accounts/seed.js";
import type { MockVault } from "./stores.js";
import { seedSubscriptions } from "./subscriptions/seed.js";
import { seedWebhooks } from "./webhooks/seed.js";

export const domainSeeders: ((vault: MockVault) => void)[] = [
  seedSecrets,
  seedAudit,
  seedSecretPolicies,
  seedAccessPolicies,
  seedRotation,
  seedServiceAccounts,
  seedPki,
  seedAcme,
  seedDynamic,
  seedFederation,
  seedSubscriptions,
  seedDnsProviders,
  seedWebhooks,
];
