/** Per-domain demo data, run in this order after the secrets and audit history are seeded. */
import { seedAccessPolicies } from "./access-policies/seed.js";
import { seedAcme } from "./acme/seed.js";
import { seedAudit } from "./audit/seed.js";
import { seedDynamic } from "./dynamic/seed.js";
import { seedFederation } from "./federation/seed.js";
import { seedPki } from "./pki/seed.js";
import { seedRotation } from "./rotation/seed.js";
import { seedSecretPolicies } from "./secret-policies/seed.js";
import { seedServiceAccounts } from "./service-accounts/seed.js";
import type { MockVault } from "./stores.js";
import { seedSubscriptions } from "./subscriptions/seed.js";

export const domainSeeders: ((vault: MockVault) => void)[] = [
  seedSecretPolicies,
  seedAccessPolicies,
  seedRotation,
  seedServiceAccounts,
  seedPki,
  seedAcme,
  seedDynamic,
  seedFederation,
  seedSubscriptions,
  seedAudit,
];
