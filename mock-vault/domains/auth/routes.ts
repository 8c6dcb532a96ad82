import { routesOf } from "../route.js";

const { get } = routesOf("identity");

/** Identity of the calling token. */
export const authRoutes = [
  get("/v1/auth/whoami", { scope: null, action: "auth_whoami" }, ({ identity }) => ({
    identity_id: identity.identity_id,
    identity_type: identity.identity_type,
    tenant_id: identity.tenant_id,
    partner_id: identity.partner_id,
    scopes: identity.scopes,
    token_expires_at: identity.expires_at ?? null,
  })),
];
