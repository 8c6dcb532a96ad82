import type { Http } from "./http.js";
import { api } from "./path.js";
import type { PolicyTypes, SecretPolicy, SecretPolicyList, SecretPreview } from "./schemas/secret-policies.js";

export interface SecretPolicyFieldInput {
  name: string;
  generator: string;
  config?: Record<string, unknown> | undefined;
}

export interface CreateSecretPolicyBody {
  name: string;
  policy_type: string;
  fields: SecretPolicyFieldInput[];
  description?: string | undefined;
  is_active?: boolean | undefined;
}

/** /v1/secret-policies: value-generation recipes (list, get, create, update, delete, preview, types). */
export class SecretPoliciesApi {
  constructor(readonly http: Http) {}

  list(
    query: {
      policy_type?: string | undefined;
      include_inactive?: boolean | undefined;
      limit?: number | undefined;
      cursor?: string | undefined;
    } = {},
    signal?: AbortSignal,
  ): Promise<SecretPolicyList> {
    return this.http.request("GET", "/v1/secret-policies", { query: { ...query }, signal });
  }

  get(id: string, signal?: AbortSignal): Promise<SecretPolicy> {
    return this.http.request("GET", api`/v1/secret-policies/${id}`, { signal });
  }

  create(body: CreateSecretPolicyBody, signal?: AbortSignal): Promise<SecretPolicy> {
    return this.http.request("POST", "/v1/secret-policies", { body, signal });
  }

  update(id: string, body: Partial<CreateSecretPolicyBody>, signal?: AbortSignal): Promise<SecretPolicy> {
    return this.http.request("PATCH", api`/v1/secret-policies/${id}`, { body, signal });
  }

  delete(id: string, signal?: AbortSignal): Promise<void> {
    return this.http.request("DELETE", api`/v1/secret-policies/${id}`, { signal });
  }

  /** Generates values from a stored policy without storing anything (safe to repeat). */
  preview(id: string, signal?: AbortSignal): Promise<SecretPreview> {
    return this.http.request("POST", api`/v1/secret-policies/${id}/preview`, { idempotent: true, signal });
  }

  /** Generates values from an unsaved recipe without storing anything. */
  previewFields(
    body: { fields: SecretPolicyFieldInput[]; policy_type?: string | undefined },
    signal?: AbortSignal,
  ): Promise<SecretPreview> {
    return this.http.request("POST", "/v1/secret-policies/preview", { body, idempotent: true, signal });
  }

  types(signal?: AbortSignal): Promise<PolicyTypes> {
    return this.http.request("GET", "/v1/secret-policies/types", { signal });
  }
}
