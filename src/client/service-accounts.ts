import type { Http } from "./http.js";
import { api } from "./path.js";
import type {
  ApiKeyCreated,
  ApiKeyDeleted,
  ApiKeyList,
  ServiceAccount,
  ServiceAccountCreated,
  ServiceAccountDeleted,
  ServiceAccountDetail,
  ServiceAccountList,
} from "./schemas/service-accounts.js";

export interface PageQuery {
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface CreateServiceAccountBody {
  name: string;
  description?: string | undefined;
  scopes?: string[] | undefined;
}

export interface UpdateServiceAccountBody {
  description?: string | null | undefined;
  scopes?: string[] | undefined;
  status?: "active" | "disabled" | undefined;
}

/**
 * /v1/service-accounts and their API keys. The ScaiVault docs have no reference page for these
 * (accounts are managed in ScaiKey); the routes follow the REST conventions of the other areas.
 * `id` accepts the account id (sa_…), its name or its identity id (sa:name).
 */
export class ServiceAccountsApi {
  constructor(readonly http: Http) {}

  list(query: PageQuery = {}, signal?: AbortSignal): Promise<ServiceAccountList> {
    return this.http.request("GET", "/v1/service-accounts", { query: { ...query }, signal });
  }

  /** One account; with policies:read, the access policies bound to it (directly or through a group). */
  get(id: string, signal?: AbortSignal): Promise<ServiceAccountDetail> {
    return this.http.request("GET", api`/v1/service-accounts/${id}`, { signal });
  }

  /** Returns the client secret once. Not retried. */
  create(body: CreateServiceAccountBody, signal?: AbortSignal): Promise<ServiceAccountCreated> {
    return this.http.request("POST", "/v1/service-accounts", { body, signal });
  }

  update(id: string, body: UpdateServiceAccountBody, signal?: AbortSignal): Promise<ServiceAccount> {
    return this.http.request("PATCH", api`/v1/service-accounts/${id}`, { body, signal });
  }

  /** Deletes the account and every API key of it. */
  delete(id: string, signal?: AbortSignal): Promise<ServiceAccountDeleted> {
    return this.http.request("DELETE", api`/v1/service-accounts/${id}`, { signal });
  }

  /** The full key is in this response only; later listings show its prefix. Not retried. */
  createKey(
    id: string,
    body: { name?: string | undefined; expires_in?: string | undefined } = {},
    signal?: AbortSignal,
  ): Promise<ApiKeyCreated> {
    return this.http.request("POST", api`/v1/service-accounts/${id}/keys`, { body, signal });
  }

  listKeys(id: string, query: PageQuery = {}, signal?: AbortSignal): Promise<ApiKeyList> {
    return this.http.request("GET", api`/v1/service-accounts/${id}/keys`, { query: { ...query }, signal });
  }

  deleteKey(id: string, keyId: string, signal?: AbortSignal): Promise<ApiKeyDeleted> {
    return this.http.request("DELETE", api`/v1/service-accounts/${id}/keys/${keyId}`, { signal });
  }
}
