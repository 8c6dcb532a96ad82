import type { Http } from "./http.js";
import { api } from "./path.js";
import type { AcmeAccount, AcmeAccountList, AcmeFinalized, AcmeOrder, AcmeOrderList } from "./schemas/acme.js";

export interface CreateAcmeAccountBody {
  name: string;
  provider: "letsencrypt" | "zerossl" | "buypass" | "google" | "custom";
  environment?: "production" | "staging" | undefined;
  email: string;
  /** Only for provider "custom". */
  directory_url?: string | undefined;
}

export interface CreateAcmeOrderBody {
  account_id: string;
  identifiers: string[];
  challenge_type?: "dns-01" | "http-01" | "tls-alpn-01" | undefined;
  dns_provider_id?: string | undefined;
}

type Page = { limit?: number | undefined; cursor?: string | undefined };

/** /v1/pki/acme: accounts at ACME CAs, orders, challenges, finalization (ScaiVault is the ACME client). */
export class AcmeApi {
  constructor(readonly http: Http) {}

  listAccounts(query: Page & { provider?: string | undefined } = {}, signal?: AbortSignal): Promise<AcmeAccountList> {
    return this.http.request("GET", "/v1/pki/acme/accounts", { query: { ...query }, signal });
  }

  getAccount(id: string, signal?: AbortSignal): Promise<AcmeAccount> {
    return this.http.request("GET", api`/v1/pki/acme/accounts/${id}`, { signal });
  }

  /** Registers an account (201); the account key stays inside ScaiVault. */
  createAccount(body: CreateAcmeAccountBody, signal?: AbortSignal): Promise<AcmeAccount> {
    return this.http.request("POST", "/v1/pki/acme/accounts", { body, signal });
  }

  listOrders(
    query: Page & { account_id?: string | undefined; status?: string | undefined } = {},
    signal?: AbortSignal,
  ): Promise<AcmeOrderList> {
    return this.http.request("GET", "/v1/pki/acme/orders", { query: { ...query }, signal });
  }

  getOrder(id: string, signal?: AbortSignal): Promise<AcmeOrder> {
    return this.http.request("GET", api`/v1/pki/acme/orders/${id}`, { signal });
  }

  /** New order (201): one authorization with one challenge per identifier. */
  createOrder(body: CreateAcmeOrderBody, signal?: AbortSignal): Promise<AcmeOrder> {
    return this.http.request("POST", "/v1/pki/acme/orders", { body, signal });
  }

  /** Asks the CA to validate a challenge; the order becomes ready once every authorization is valid. */
  completeChallenge(orderId: string, challengeId: string, signal?: AbortSignal): Promise<AcmeOrder> {
    return this.http.request("POST", api`/v1/pki/acme/orders/${orderId}/challenges/${challengeId}/complete`, {
      signal,
    });
  }

  /** Finalizes a ready order: the certificate and its private key (returned only here). */
  finalizeOrder(orderId: string, signal?: AbortSignal): Promise<AcmeFinalized> {
    return this.http.request("POST", api`/v1/pki/acme/orders/${orderId}/finalize`, { signal });
  }
}
