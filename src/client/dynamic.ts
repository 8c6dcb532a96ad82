import type { Http } from "./http.js";
import { api } from "./path.js";
import type {
  DynamicEngine,
  DynamicRole,
  EngineList,
  GeneratedLease,
  Lease,
  LeaseList,
  RenewedLease,
  RoleList,
} from "./schemas/dynamic.js";

export interface CreateEngineBody {
  name: string;
  /** database (with config.plugin), aws, azure, gcp, ssh, custom; the dotted database.postgresql is accepted too. */
  type: string;
  config?: Record<string, unknown> | undefined;
  default_ttl?: string | undefined;
  max_ttl?: string | undefined;
}

export interface CreateRoleBody {
  name: string;
  creation_statements?: string | string[] | undefined;
  revocation_statements?: string | string[] | undefined;
  default_ttl?: string | undefined;
  max_ttl?: string | undefined;
  config?: Record<string, unknown> | undefined;
}

export interface PageQuery {
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface ListLeasesQuery extends PageQuery {
  engine?: string | undefined;
  role?: string | undefined;
  /** active (default), expired, revoked or all. */
  status?: "active" | "expired" | "revoked" | "all" | undefined;
  /** Only active leases expiring within this duration, soonest first. */
  expiring_within?: string | undefined;
}

/** /v1/dynamic: engines, roles, credential generation and leases. Engines and roles take an id or a name. */
export class DynamicApi {
  constructor(readonly http: Http) {}

  listEngines(query: PageQuery = {}, signal?: AbortSignal): Promise<EngineList> {
    return this.http.request("GET", "/v1/dynamic/engines", { query: { ...query }, signal });
  }

  getEngine(engine: string, signal?: AbortSignal): Promise<DynamicEngine> {
    return this.http.request("GET", api`/v1/dynamic/engines/${engine}`, { signal });
  }

  /** Creates an engine; the vault reads its root credentials and tests the connection (400 invalid_config on failure). */
  createEngine(body: CreateEngineBody, signal?: AbortSignal): Promise<DynamicEngine> {
    return this.http.request("POST", "/v1/dynamic/engines", { body, signal });
  }

  listRoles(engine: string, query: PageQuery = {}, signal?: AbortSignal): Promise<RoleList> {
    return this.http.request("GET", api`/v1/dynamic/engines/${engine}/roles`, { query: { ...query }, signal });
  }

  getRole(engine: string, role: string, signal?: AbortSignal): Promise<DynamicRole> {
    return this.http.request("GET", api`/v1/dynamic/engines/${engine}/roles/${role}`, { signal });
  }

  createRole(engine: string, body: CreateRoleBody, signal?: AbortSignal): Promise<DynamicRole> {
    return this.http.request("POST", api`/v1/dynamic/engines/${engine}/roles`, { body, signal });
  }

  /** A new lease with fresh credentials. Never retried: each call creates credentials at the source. */
  generateCredentials(
    engine: string,
    role: string,
    options: { ttl?: string | undefined } = {},
    signal?: AbortSignal,
  ): Promise<GeneratedLease> {
    return this.http.request("POST", api`/v1/dynamic/engines/${engine}/creds/${role}`, {
      body: { ttl: options.ttl },
      signal,
    });
  }

  listLeases(query: ListLeasesQuery = {}, signal?: AbortSignal): Promise<LeaseList> {
    return this.http.request("GET", "/v1/dynamic/leases", { query: { ...query }, signal });
  }

  getLease(leaseId: string, signal?: AbortSignal): Promise<Lease> {
    return this.http.request("GET", api`/v1/dynamic/leases/${leaseId}`, { signal });
  }

  /** Extends the lease by `increment` from now (default: the role's default TTL), capped at its max TTL. */
  renewLease(
    leaseId: string,
    options: { increment?: string | undefined } = {},
    signal?: AbortSignal,
  ): Promise<RenewedLease> {
    return this.http.request("POST", api`/v1/dynamic/leases/${leaseId}/renew`, {
      body: { increment: options.increment },
      signal,
    });
  }

  /** Revokes now (idempotent: an already revoked or expired lease is returned as is). */
  revokeLease(leaseId: string, signal?: AbortSignal): Promise<Lease> {
    return this.http.request("DELETE", api`/v1/dynamic/leases/${leaseId}`, { idempotent: true, signal });
  }
}
