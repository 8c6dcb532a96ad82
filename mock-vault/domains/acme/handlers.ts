import type { HttpHandler } from "msw";
import type { MockVault } from "../../vault.js";

/** MSW routes of the acme API: translate HTTP <-> AcmeStore only. */
export function acmeHandlers(_vault: MockVault): HttpHandler[] {
  return [];
}
