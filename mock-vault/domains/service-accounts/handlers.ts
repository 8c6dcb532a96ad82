import type { HttpHandler } from "msw";
import type { MockVault } from "../../vault.js";

/** MSW routes of the service accounts API: translate HTTP <-> ServiceAccountsStore only. */
export function serviceAccountsHandlers(_vault: MockVault): HttpHandler[] {
  return [];
}
