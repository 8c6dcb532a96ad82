/** Bearer tokens the mock accepts, each bound to one identity, tenant and scope set. */
export interface TokenRecord {
  token: string;
  identity_id: string;
  identity_type: "user" | "service_account" | "api_key";
  tenant_id: string;
  partner_id: string;
  scopes: string[];
  /** ISO time after which the token answers 401 token_expired. */
  expires_at?: string | null;
  /** ISO time the token was minted, when known (POST /v1/auth/introspect answers it). */
  issued_at?: string | null;
  revoked?: boolean;
  /** Partner admins may act in any tenant of their partner. */
  partner_admin?: boolean;
}

/** Every scope the mock knows; `admin` implies all of them. */
export const SCOPES = [
  "secrets:read",
  "secrets:write",
  "secrets:delete",
  "secrets:list",
  "secrets:rotate",
  "policies:read",
  "policies:write",
  "rotation:read",
  "rotation:write",
  "identity:read",
  "identity:write",
  "pki:read",
  "pki:issue",
  "pki:admin",
  "acme:read",
  "acme:write",
  "dynamic:read",
  "dynamic:manage",
  "dynamic:generate",
  "federation:read",
  "federation:write",
  "events:read",
  "events:write",
  "subscriptions:read",
  "subscriptions:write",
  "audit:read",
  "audit:export",
  "identity:admin",
  "admin",
] as const;

export function hasScope(token: TokenRecord, scope: string): boolean {
  return token.scopes.includes("admin") || token.scopes.includes(scope);
}
