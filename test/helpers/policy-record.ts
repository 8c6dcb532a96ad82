import type { PolicyRecord, Rule } from "../../mock-vault/domains/access-policies/evaluate.js";

const CREATED = "2026-01-01T00:00:00.000Z";

/** A stored access policy bound to `principals` (the prefix of each names its identity type). */
export function policyRecord(
  id: string,
  rules: Rule[],
  principals: readonly string[],
  extra: Partial<PolicyRecord> = {},
): PolicyRecord {
  return {
    id,
    name: id,
    description: "",
    scope: "tenant",
    rules,
    bindings: principals.map((p, i) => ({
      id: `bnd_${id}_${i}`,
      identity_type: p.startsWith("group:") ? "group" : p.startsWith("sa:") ? "service_account" : "user",
      identity_id: p,
      expires_at: null,
      created_at: CREATED,
    })),
    is_active: true,
    created_at: CREATED,
    updated_at: CREATED,
    ...extra,
  };
}
