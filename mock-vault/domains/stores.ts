/**
 * The one place that builds a tenant's stores: every domain's store.ts is constructed here, and
 * MockVault is the core vault with these stores for every tenant.
 */
import { type StoreEnv, Vault, type VaultOptions } from "../core/vault.js";
import { AccessPoliciesStore } from "./access-policies/store.js";
import { AcmeStore } from "./acme/store.js";
import { AuditStore } from "./audit/store.js";
import { DynamicStore } from "./dynamic/store.js";
import { FederationStore } from "./federation/store.js";
import { PkiStore } from "./pki/store.js";
import { RotationStore } from "./rotation/store.js";
import { SecretPoliciesStore } from "./secret-policies/store.js";
import { SecretsStore } from "./secrets/store.js";
import { ServiceAccountsStore } from "./service-accounts/store.js";
import { SubscriptionsStore } from "./subscriptions/store.js";

/** The stores of one tenant, one per domain. */
export interface TenantStores {
  secrets: SecretsStore;
  secretPolicies: SecretPoliciesStore;
  accessPolicies: AccessPoliciesStore;
  rotation: RotationStore;
  serviceAccounts: ServiceAccountsStore;
  pki: PkiStore;
  acme: AcmeStore;
  dynamic: DynamicStore;
  federation: FederationStore;
  subscriptions: SubscriptionsStore;
  audit: AuditStore;
}

export function createTenantStores(env: DomainEnv): TenantStores {
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

/** What a store of a domain gets: the vault (typed with every tenant's stores) and its tenant. */
export type DomainEnv = StoreEnv<TenantStores>;

/** The simulated vault with every domain: per-tenant stores built by createTenantStores. */
export class MockVault extends Vault<TenantStores> {
  constructor(options: VaultOptions = {}) {
    super(options, createTenantStores);
  }
}
