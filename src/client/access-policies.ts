import type { Http } from "./http.js";
import { api } from "./path.js";
import type {
  AccessPolicy,
  AccessPolicyList,
  PolicyBinding,
  PolicyRule,
  PolicyTestResult,
} from "./schemas/access-policies.js";

export interface CreatePolicyBody {
  name: string;
  rules: PolicyRule[];
  description?: string | undefined;
  scope?: "tenant" | "partner" | undefined;
}

export interface BindingBody {
  identity_type: "user" | "service_account" | "group";
  identity_id: string;
  expires_at?: string | undefined;
}

export interface PolicyTestBody {
  identity_id: string;
  path: string;
  permission: string;
  context?:
    | { source_ip?: string | undefined; mfa_verified?: boolean | undefined; timestamp?: string | undefined }
    | undefined;
}

/** /v1/policies: access policies, their bindings, and the dry-run access test. */
export class AccessPoliciesApi {
  constructor(readonly http: Http) {}

  list(
    query: {
      scope?: string | undefined;
      include_inactive?: boolean | undefined;
      limit?: number | undefined;
      cursor?: string | undefined;
    } = {},
    signal?: AbortSignal,
  ): Promise<AccessPolicyList> {
    return this.http.request("GET", "/v1/policies", { query: { ...query }, signal });
  }

  get(id: string, signal?: AbortSignal): Promise<AccessPolicy> {
    return this.http.request("GET", api`/v1/policies/${id}`, { signal });
  }

  /** 201 with the policy (no bindings yet: bind separately). Not retried. */
  create(body: CreatePolicyBody, signal?: AbortSignal): Promise<AccessPolicy> {
    return this.http.request("POST", "/v1/policies", { body, signal });
  }

  /** PUT: replaces rules and metadata; bindings are kept. */
  replace(id: string, body: CreatePolicyBody, signal?: AbortSignal): Promise<AccessPolicy> {
    return this.http.request("PUT", api`/v1/policies/${id}`, { body, idempotent: true, signal });
  }

  update(
    id: string,
    body: Partial<CreatePolicyBody> & { is_active?: boolean | undefined },
    signal?: AbortSignal,
  ): Promise<AccessPolicy> {
    return this.http.request("PATCH", api`/v1/policies/${id}`, { body, signal });
  }

  /** 409 policy_in_use while bindings exist, unless force. */
  delete(id: string, options: { force?: boolean | undefined; signal?: AbortSignal } = {}): Promise<void> {
    return this.http.request("DELETE", api`/v1/policies/${id}`, {
      query: { force: options.force || undefined },
      signal: options.signal,
    });
  }

  bindings(id: string, signal?: AbortSignal): Promise<{ bindings: PolicyBinding[] }> {
    return this.http.request("GET", api`/v1/policies/${id}/bindings`, { signal });
  }

  bind(id: string, body: BindingBody, signal?: AbortSignal): Promise<PolicyBinding> {
    return this.http.request("POST", api`/v1/policies/${id}/bindings`, { body, signal });
  }

  unbind(id: string, bindingId: string, signal?: AbortSignal): Promise<void> {
    return this.http.request("DELETE", api`/v1/policies/${id}/bindings/${bindingId}`, { signal });
  }

  /** Dry run: would `identity_id` get `permission` on `path`? Changes nothing. */
  test(body: PolicyTestBody, signal?: AbortSignal): Promise<PolicyTestResult> {
    return this.http.request("POST", "/v1/policies/test", { body, idempotent: true, signal });
  }
}
