import type { HttpHandler } from "msw";
import type { MockVault } from "../../vault.js";

/** MSW routes of the secret policies API: translate HTTP <-> SecretPoliciesStore only. */
export function secretPoliciesHandlers(_vault: MockVault): HttpHandler[] {
  return [];
}
