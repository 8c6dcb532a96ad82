import type { TokenRecord } from "./core/tokens.js";
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
 * Access policies on top of scopes, for every identity type: "the set of scopes is intersected
 * with the caller's policies — both must permit the action" (ScaiVault authentication docs). The
 * access-policies domain decides, with the same evaluation its dry run (POST /v1/policies/test)
 * explains; requests that touch no secret path are governed by scopes alone.
 */
export function authorize(vault: MockVault, request: AccessRequest): AccessDecision {
  if (request.path === null) return { allowed: true };
  // Creating the tenant's stores installs the evaluator: even a fresh vault's first request is decided.
  vault.tenant(request.tenantId);
  const evaluate = vault.accessEvaluator;
  // Fail closed: without the policy domain nothing that touches a secret path is allowed.
  return evaluate ? evaluate(request) : { allowed: false, reason: "No access policies are loaded." };
}
