import { HttpResponse } from "msw";
import type { RawRoute } from "../../core/route.js";
import { routesOf } from "../route.js";
import type { TenantStores } from "../stores.js";

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

/** Unauthenticated, so outside the audited pipeline; still in the journal of every request seen. */
export const healthRoute: RawRoute<TenantStores> = {
  method: "GET",
  path: "/v1/health",
  answer: (_request, vault) => {
    vault.addJournalEntry({ method: "GET", path: "/v1/health", status: 200 });
    return HttpResponse.json({ status: "healthy", timestamp: vault.clock.iso() });
  },
};
