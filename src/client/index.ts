import { AccessPoliciesApi } from "./access-policies.js";
import { AcmeApi } from "./acme.js";
import { AuditApi } from "./audit.js";
import { DynamicApi } from "./dynamic.js";
import { FederationApi } from "./federation.js";
import { Http, type HttpOptions } from "./http.js";
import { PkiApi } from "./pki.js";
import { RotationApi } from "./rotation.js";
import type { WhoAmI } from "./schemas/secrets.js";
import { SecretPoliciesApi } from "./secret-policies.js";
import { SecretsApi } from "./secrets.js";
import { ServiceAccountsApi } from "./service-accounts.js";
import { SubscriptionsApi } from "./subscriptions.js";

/**
 * Typed ScaiVault REST client: one object per API area, all over one Http core (bearer auth,
 * tenant/partner context, timeouts, retries for idempotent calls, typed VaultError).
 */
export class VaultClient {
  readonly secrets: SecretsApi;
  readonly secretPolicies: SecretPoliciesApi;
  readonly accessPolicies: AccessPoliciesApi;
  readonly rotation: RotationApi;
  readonly serviceAccounts: ServiceAccountsApi;
  readonly pki: PkiApi;
  readonly acme: AcmeApi;
  readonly dynamic: DynamicApi;
  readonly federation: FederationApi;
  readonly subscriptions: SubscriptionsApi;
  readonly audit: AuditApi;

  constructor(readonly http: Http) {
    this.secrets = new SecretsApi(http);
    this.secretPolicies = new SecretPoliciesApi(http);
    this.accessPolicies = new AccessPoliciesApi(http);
    this.rotation = new RotationApi(http);
    this.serviceAccounts = new ServiceAccountsApi(http);
    this.pki = new PkiApi(http);
    this.acme = new AcmeApi(http);
    this.dynamic = new DynamicApi(http);
    this.federation = new FederationApi(http);
    this.subscriptions = new SubscriptionsApi(http);
    this.audit = new AuditApi(http);
  }

  /** The identity, tenant and scopes of the token. */
  whoami(signal?: AbortSignal): Promise<WhoAmI> {
    return this.http.request("GET", "/v1/auth/whoami", { signal });
  }

  /** The vault's liveness and its own clock (`timestamp`): aggregates take "now" from it, the instructions state it. */
  health(signal?: AbortSignal): Promise<{ status?: string; timestamp?: string }> {
    return this.http.request("GET", "/v1/health", { signal });
  }

  /** The same client in another tenant/partner context (the vault decides whether the token may). */
  withContext(tenantId: string | undefined, partnerId?: string): VaultClient {
    if (tenantId === undefined && partnerId === undefined) return this;
    return new VaultClient(this.http.withContext(tenantId, partnerId));
  }
}

export function createClient(options: HttpOptions): VaultClient {
  return new VaultClient(new Http(options));
}

export { VaultError } from "./errors.js";
export type { FetchLike, HttpOptions } from "./http.js";
export { SIGNAL_APART, URL_INIT } from "./http.js";
