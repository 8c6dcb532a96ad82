import { canonicalPath } from "../paths.js";
import { VaultError } from "./errors.js";
import type { Http } from "./http.js";
import { api } from "./path.js";
import type {
  DueList,
  RotationHistory,
  RotationHistoryItem,
  RotationPolicy,
  RotationPolicyList,
  SecretAssignment,
} from "./schemas/rotation.js";

export interface CreateRotationPolicyBody {
  name: string;
  interval: string;
  description?: string | undefined;
  grace_period?: string | undefined;
  warn_before?: string | undefined;
  auto_generate?: boolean | undefined;
  secret_policy_id?: string | undefined;
  webhook_ids?: string[] | undefined;
}

/** /v1/rotation: rotation policies, attached secrets, manual rotation, history and due secrets. */
export class RotationApi {
  constructor(readonly http: Http) {}

  list(
    query: { active_only?: boolean | undefined; limit?: number | undefined; cursor?: string | undefined } = {},
    signal?: AbortSignal,
  ): Promise<RotationPolicyList> {
    return this.http.request("GET", "/v1/rotation/policies", { query: { ...query }, signal });
  }

  get(id: string, signal?: AbortSignal): Promise<RotationPolicy> {
    return this.http.request("GET", api`/v1/rotation/policies/${id}`, { signal });
  }

  create(body: CreateRotationPolicyBody, signal?: AbortSignal): Promise<RotationPolicy> {
    return this.http.request("POST", "/v1/rotation/policies", { body, signal });
  }

  update(id: string, body: Partial<CreateRotationPolicyBody>, signal?: AbortSignal): Promise<RotationPolicy> {
    return this.http.request("PATCH", api`/v1/rotation/policies/${id}`, { body, signal });
  }

  /** Detaches every attached secret. */
  delete(id: string, signal?: AbortSignal): Promise<void> {
    return this.http.request("DELETE", api`/v1/rotation/policies/${id}`, { signal });
  }

  enable(id: string, signal?: AbortSignal): Promise<RotationPolicy> {
    return this.http.request("POST", api`/v1/rotation/policies/${id}/enable`, { idempotent: true, signal });
  }

  disable(id: string, signal?: AbortSignal): Promise<RotationPolicy> {
    return this.http.request("POST", api`/v1/rotation/policies/${id}/disable`, { idempotent: true, signal });
  }

  attach(id: string, secretPath: string, signal?: AbortSignal): Promise<SecretAssignment> {
    const canon = canonicalPath(secretPath);
    if (!canon.ok) throw new VaultError(`invalid path: ${canon.reason}`, "invalid_path");
    return this.http.request("POST", api`/v1/rotation/policies/${id}/secrets`, {
      body: { secret_path: canon.path },
      signal,
    });
  }

  /** The secret path goes URL-encoded into one segment (app%2Fdb%2Fpassword), as the reference writes it. */
  detach(id: string, secretPath: string, signal?: AbortSignal): Promise<void> {
    const canon = canonicalPath(secretPath);
    if (!canon.ok) throw new VaultError(`invalid path: ${canon.reason}`, "invalid_path");
    return this.http.request(
      "DELETE",
      `${api`/v1/rotation/policies/${id}/secrets`}/${encodeURIComponent(canon.path)}`,
      { signal },
    );
  }

  /** Rotates the given attached secrets (all when omitted) now. Not retried. */
  rotate(id: string, secretPaths?: string[], signal?: AbortSignal): Promise<RotationHistoryItem[]> {
    return this.http.request("POST", api`/v1/rotation/policies/${id}/rotate`, {
      body: secretPaths ? { secret_paths: secretPaths } : {},
      signal,
    });
  }

  history(
    id: string,
    query: {
      status?: "success" | "failed" | "pending" | undefined;
      limit?: number | undefined;
      cursor?: string | undefined;
    } = {},
    signal?: AbortSignal,
  ): Promise<RotationHistory> {
    return this.http.request("GET", api`/v1/rotation/policies/${id}/history`, { query: { ...query }, signal });
  }

  /** Secrets due within `within_hours` (default 24), overdue ones included unless include_overdue=false. */
  due(
    query: {
      within_hours?: number | undefined;
      include_overdue?: boolean | undefined;
      policy_id?: string | undefined;
    } = {},
    signal?: AbortSignal,
  ): Promise<DueList> {
    return this.http.request("GET", "/v1/rotation/due", { query: { ...query }, signal });
  }
}
