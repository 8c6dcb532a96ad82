/**
 * The domains of the mock vault, composed in one place: the stores every tenant gets, the MSW
 * handlers of every API area and the demo data of each. Each area lives in its own folder
 * (store.ts: state + behaviour, handlers.ts: HTTP translation, seed.ts: demo data).
 */
import type { HttpHandler } from "msw";
import type { MockVault, StoreEnv } from "../vault.js";
import { accessPoliciesHandlers } from "./access-policies/handlers.js";
import { seedAccessPolicies } from "./access-policies/seed.js";
import { AccessPoliciesStore } from "./access-policies/store.js";
import { acmeHandlers } from "./acme/handlers.js";
import { seedAcme } from "./acme/seed.js";
import { AcmeStore } from "./acme/store.js";
import { auditHandlers } from "./audit/handlers.js";
import { seedAudit } from "./audit/seed.js";
import { AuditStore } from "./audit/store.js";
import { authHandlers } from "./auth/handlers.js";
import { dynamicHandlers } from "./dynamic/handlers.js";
import { seedDynamic } from "./dynamic/seed.js";
import { DynamicStore } from "./dynamic/store.js";
import { federationHandlers } from "./federation/handlers.js";
import { seedFederation } from "./federation/seed.js";
import { FederationStore } from "./federation/store.js";
import { pkiHandlers } from "./pki/handlers.js";
import { seedPki } from "./pki/seed.js";
import { PkiStore } from "./pki/store.js";
import { rotationHandlers } from "./rotation/handlers.js";
import { seedRotation } from "./rotation/seed.js";
import { RotationStore } from "./rotation/store.js";
import { secretPoliciesHandlers } from "./secret-policies/handlers.js";
import { seedSecretPolicies } from "./secret-policies/seed.js";
import { SecretPoliciesStore } from "./secret-policies/store.js";
import { secretsHandlers } from "./secrets/handlers.js";
import { SecretsStore } from "./secrets/store.js";
import { serviceAccountsHandlers } from "./service-accounts/handlers.js";
import { seedServiceAccounts } from "./service-accounts/seed.js";
import { ServiceAccountsStore } from "./service-accounts/store.js";
import { subscriptionsHandlers } from "./subscriptions/handlers.js";
import { seedSubscriptions } from "./subscriptions/seed.js";
import { SubscriptionsStore } from "./subscriptions/store.js";

export function createTenantStores(env: StoreEnv) {
  return {
    secrets: new SecretsStore(env),
    secretPolicies: new SecretPoliciesStore(env),
    accessPolicies: new AccessPoliciesStore(env),
    rotation: new RotationStore(env),
    serviceAccounts: new ServiceAccountsStore(env),
    pki: new PkiStore(env),
    acme: new AcmeStore(env),
    dynamic: new DynamicStore(env),
    federation: new FederationStore(env),
    subscriptions: new SubscriptionsStore(env),
    audit: new AuditStore(env),
  };
}

export type TenantStores = ReturnType<typeof createTenantStores>;

export function domainHandlers(vault: MockVault): HttpHandler[] {
  return [
    ...authHandlers(vault),
    ...secretsHandlers(vault),
    ...secretPoliciesHandlers(vault),
    ...accessPoliciesHandlers(vault),
    ...rotationHandlers(vault),
    ...serviceAccountsHandlers(vault),
    ...pkiHandlers(vault),
    ...acmeHandlers(vault),
    ...dynamicHandlers(vault),
    ...federationHandlers(vault),
    ...subscriptionsHandlers(vault),
    ...auditHandlers(vault),
  ];
}

/** Per-domain demo data, run in this order after the secrets and audit history are seeded. */
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
