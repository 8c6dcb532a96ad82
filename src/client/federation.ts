import type { Http } from "./http.js";
import { api, secretUrl } from "./path.js";
import type {
  BackendList,
  BackendStatus,
  ConflictList,
  FederationBackend,
  ProxiedSecret,
  SyncResult,
} from "./schemas/federation.js";

export interface CreateBackendBody {
  name: string;
  type: "hashicorp-vault" | "aws-secrets-manager" | "azure-key-vault" | "google-secret-manager";
  mode: "proxy" | "sync";
  config: Record<string, unknown>;
  path_mapping: Record<string, string>;
  /** Required in sync mode, e.g. 15m. */
  sync_interval?: string | undefined;
}

export interface PageQuery {
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** /v1/federation: backends fronting external secret stores (proxy or sync), status, sync, read-through. Backends take an id or a name. */
export class FederationApi {
  constructor(readonly http: Http) {}

  listBackends(query: PageQuery = {}, signal?: AbortSignal): Promise<BackendList> {
    return this.http.request("GET", "/v1/federation/backends", { query: { ...query }, signal });
  }

  getBackend(backend: string, signal?: AbortSignal): Promise<FederationBackend> {
    return this.http.request("GET", api`/v1/federation/backends/${backend}`, { signal });
  }

  /** Configures a backend; a rejected config or an unreachable backend answers 400 invalid_config. */
  createBackend(body: CreateBackendBody, signal?: AbortSignal): Promise<FederationBackend> {
    return this.http.request("POST", "/v1/federation/backends", { body, signal });
  }

  /** Changes the given fields; `config` merges key by key, so credentials need not be sent again. */
  updateBackend(backend: string, body: Partial<CreateBackendBody>, signal?: AbortSignal): Promise<FederationBackend> {
    return this.http.request("PATCH", api`/v1/federation/backends/${backend}`, { body, signal });
  }

  deleteBackend(backend: string, signal?: AbortSignal): Promise<void> {
    return this.http.request("DELETE", api`/v1/federation/backends/${backend}`, { idempotent: true, signal });
  }

  /** Connection check (status + latency) and sync status. */
  status(backend: string, signal?: AbortSignal): Promise<BackendStatus> {
    return this.http.request("GET", api`/v1/federation/backends/${backend}/status`, { signal });
  }

  /** Manual sync of a sync-mode backend: counts of created/updated/unchanged secrets and the conflicts left alone. */
  sync(backend: string, signal?: AbortSignal): Promise<SyncResult> {
    return this.http.request("POST", api`/v1/federation/backends/${backend}/sync`, { signal });
  }

  conflicts(backend: string, query: PageQuery = {}, signal?: AbortSignal): Promise<ConflictList> {
    return this.http.request("GET", api`/v1/federation/backends/${backend}/conflicts`, { query: { ...query }, signal });
  }

  /** Reads a ScaiVault path through its backend's path mapping, without storing it. */
  proxyRead(
    path: string,
    options: { backend?: string | undefined } = {},
    signal?: AbortSignal,
  ): Promise<ProxiedSecret> {
    return this.http.request("GET", secretUrl("/v1/federation/proxy", path), {
      query: { backend: options.backend },
      signal,
    });
  }
}
