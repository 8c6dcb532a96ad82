import { HttpResponse, http } from "msw";
import { endpoint } from "../../core/pipeline.js";
import type { MockVault } from "../stores.js";

/** Identity of the calling token, and the unauthenticated health endpoints. */
export function authHandlers(vault: MockVault) {
  const on = endpoint(vault);
  return [
    http.get(
      `${vault.baseUrl}/v1/auth/whoami`,
      on({ scope: null, action: "auth.whoami", resourceType: "identity" }, ({ identity }) => ({
        identity_id: identity.identity_id,
        identity_type: identity.identity_type,
        tenant_id: identity.tenant_id,
        partner_id: identity.partner_id,
        scopes: identity.scopes,
        token_expires_at: identity.expires_at ?? null,
      })),
    ),
    // Unauthenticated, so outside the audited pipeline; still in the journal of every request seen.
    http.get(`${vault.baseUrl}/v1/health`, () => {
      vault.addJournalEntry({ method: "GET", path: "/v1/health", status: 200 });
      return HttpResponse.json({ status: "healthy", timestamp: vault.clock.iso() });
    }),
  ];
}
