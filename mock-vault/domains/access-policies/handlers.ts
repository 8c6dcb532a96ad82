import type { HttpHandler } from "msw";
import type { MockVault } from "../../vault.js";

/** MSW routes of the access policies API: translate HTTP <-> AccessPoliciesStore only. */
export function accessPoliciesHandlers(_vault: MockVault): HttpHandler[] {
  return [];
}
