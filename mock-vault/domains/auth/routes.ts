import { z } from "zod";
import { routesOf } from "../route.js";

const { get, post } = routesOf("identity");

const IntrospectBody = z.object({ token: z.string().min(1).max(4096) });

/** The identity of the calling token (whoami), and token introspection for gateways. */
export const authRoutes = [
  get("/v1/auth/whoami", { scope: null, action: "auth_whoami" }, ({ vault, identity }) => {
    // The token's own tenant's cache knows its user (display name, groups, roles, MFA).
    const cached = vault.tenant(identity.tenant_id).identity.describe(identity);
    return {
      identity_id: identity.identity_id,
      identity_type: identity.identity_type,
      display_name: cached.display_name,
      tenant_id: identity.tenant_id,
      partner_id: identity.partner_id,
      scopes: identity.scopes,
      groups: cached.groups,
      roles: cached.roles,
      mfa_verified_at: cached.mfa_verified_at,
      token_expires_at: identity.expires_at ?? null,
    };
  }),

  /**
   * Validates a token without using it. Unknown, revoked and expired tokens answer 200 with
   * { active: false } (documented); so do tokens outside what the caller reaches (another tenant,
   * or another partner for a partner admin): introspection does not reveal other tenants' tokens.
   */
  post(
    "/v1/auth/introspect",
    { scope: "admin", action: "auth_introspect", body: IntrospectBody },
    ({ vault, body, identity, tenantId }) => {
      const token = vault.tokens.get(body.token);
      const reached =
        token &&
        (token.tenant_id === tenantId ||
          token.tenant_id === identity.tenant_id ||
          (identity.partner_admin && token.partner_id === identity.partner_id));
      const live =
        token && !token.revoked && !(token.expires_at && Date.parse(token.expires_at) <= vault.clock.nowMs());
      if (!token || !reached || !live) return { active: false };
      return {
        active: true,
        identity_id: token.identity_id,
        identity_type: token.identity_type,
        tenant_id: token.tenant_id,
        scopes: [...token.scopes],
        expires_at: token.expires_at ?? null,
        issued_at: token.issued_at ?? null,
      };
    },
  ),
];
