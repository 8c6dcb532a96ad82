import type { HttpHandler } from "msw";
import type { MockVault } from "../../vault.js";

/** MSW routes of the federation API: translate HTTP <-> FederationStore only. */
export function federationHandlers(_vault: MockVault): HttpHandler[] {
  return [];
}
