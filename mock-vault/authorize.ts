import type { TokenRecord } from "./tokens.js";
import type { MockVault } from "./vault.js";

/** What a request wants to do, for access-policy evaluation. */
export interface AccessRequest {
  identity: TokenRecord;
  tenantId: string;
  /** Permission in the access-policy vocabulary, e.g. "read", "write", "delete", "list". */
  permission: string;
  /** Secret path the request touches, when it touches one. */
  path: string | null;
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * Access policies on top of scopes. Users and admin tokens are governed by scopes alone;
 * service-account and API-key identities also need a policy rule that grants the permission
 * on the path (evaluated by the access-policies domain when it is present).
 */
export function authorize(vault: MockVault, request: AccessRequest): AccessDecision {
  const evaluate = vault.accessEvaluator;
  if (!evaluate || request.identity.identity_type === "user" || request.path === null) return { allowed: true };
  return evaluate(request);
}
