import type { AccessDecision, AccessRequest, Vault } from "./vault.js";

/**
 * Access policies on top of scopes, for every identity type: "the set of scopes is intersected
 * with the caller's policies — both must permit the action" (ScaiVault authentication docs). The
 * access-policies domain decides, with the same evaluation its dry run (POST /v1/policies/test)
 * explains; requests that touch no secret path are governed by scopes alone.
 */
export function authorize<S>(vault: Vault<S>, request: AccessRequest): AccessDecision {
  if (request.path === null) return { allowed: true };
  // Creating the tenant's stores installs the evaluator: even a fresh vault's first request is decided.
  vault.tenant(request.tenantId);
  const evaluate = vault.accessEvaluator;
  // Fail closed: without the policy domain nothing that touches a secret path is allowed.
  return evaluate ? evaluate(request) : { allowed: false, reason: "No access policies are loaded." };
}
