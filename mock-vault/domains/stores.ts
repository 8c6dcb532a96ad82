/**
 * The one place that builds a tenant's stores and wires the domains to the core: every domain's
 * store.ts is constructed here, each with the stores it collaborates with, and MockVault is the
 * core vault with these stores for every tenant.
 */
import { outgoing } from "../core/events.js";
import { type Domains, type StoreEnv, Vault, type VaultOptions } from "../core/vault.js";
import { AccessPoliciesStore } from "./access-policies/store.js";
import { AcmeStore } from "./acme/store.js";
import { AuditStore } from "./audit/store.js";
import { DnsProvidersStore } from "./dns/store.js";
import { DynamicStore } from "./dynamic/store.js";
import { FederationStore } from "./federation/store.js";
import { IdentityStore } from "./identity/store.js";
import { PkiStore } from "./pki/store.js";
import { RotationStore } from "./rotation/store.js";
import { SecretPoliciesStore } from "./secret-policies/store.js";
import { SecretsStore } from "./secrets/store.js";
import { ServiceAccountsStore } from "./service-accounts/store.js";
import { SubscriptionsStore } from "./subscriptions/store.js";
import { WebhooksStore } from "./webhooks/store.js";

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
  identity: IdentityStore;
  dnsProviders: DnsProvidersStore;
  webhooks: WebhooksStore;
}

/**
 * Builds one tenant's stores and hands each the others it works with. Stores are built in
 * dependency order; the links that point forward (secrets asking rotation for new values, secret
 * policies and DNS providers asking who uses them) are closures, called once every store exists.
 */
export function createTenantStores(env: StoreEnv): TenantStores {
  const secrets: SecretsStore = new SecretsStore(env, {
    rotationValues: (current, secret) => rotation.valuesFor(current, secret),
    rotationPolicyName: (id) => rotation.policyName(id),
  });
  const secretPolicies: SecretPoliciesStore = new SecretPoliciesStore(env, {
    usersOf: (id) => ({
      rotationPolicyIds: rotation.usingSecretPolicy(id),
      secretPaths: [...secrets.all()].filter((s) => s.secret_policy_id === id).map((s) => s.path),
    }),
  });
  const rotation: RotationStore = new RotationStore(env, { secrets, secretPolicies });
  const pki = new PkiStore(env);
  const serviceAccounts = new ServiceAccountsStore(env);
  const identity = new IdentityStore(env, serviceAccounts);
  const dnsProviders: DnsProvidersStore = new DnsProvidersStore(env, { ordersUsing: (id) => acme.ordersUsing(id) });
  const acme: AcmeStore = new AcmeStore(env, pki, dnsProviders);
  const labelsOf = (path: string) => secrets.labels(path);
  return {
    secrets,
    secretPolicies,
    accessPolicies: new AccessPoliciesStore(env, identity),
    rotation,
    serviceAccounts,
    pki,
    acme,
    dynamic: new DynamicStore(env, secrets),
    federation: new FederationStore(env, secrets),
    subscriptions: new SubscriptionsStore(env, { labelsOf }),
    audit: new AuditStore(env),
    identity,
    dnsProviders,
    webhooks: new WebhooksStore(env, { labelsOf }),
  };
}

/** The domains as the core vault calls them. */
export const tenantDomains: Domains<TenantStores> = {
  createStores: createTenantStores,
  authorize: (stores, request) => stores.accessPolicies.authorize(request),
  clockMoved(tenants, toMs) {
    // Every tenant's expiry first, then every tenant's rotation schedule, then the delivery
    // retries that came due: events keep one order.
    for (const stores of tenants) stores.secrets.expiryTick(toMs);
    for (const stores of tenants) stores.rotation.scheduleTick(toMs);
    for (const stores of tenants) {
      stores.subscriptions.retryTick(toMs);
      stores.webhooks.retryTick(toMs);
    }
  },
  eventHappened(stores, event) {
    // Both deliver the same envelope (core-concepts/events-and-webhooks).
    const sent = outgoing(event);
    stores.subscriptions.deliver(sent);
    stores.webhooks.deliver(sent);
  },
};

/** The simulated vault with every domain: per-tenant stores built by createTenantStores. */
export class MockVault extends Vault<TenantStores> {
  constructor(options: VaultOptions = {}) {
    super(options, tenantDomains);
  }
}
