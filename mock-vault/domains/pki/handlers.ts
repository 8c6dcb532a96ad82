import type { HttpHandler } from "msw";
import type { MockVault } from "../../vault.js";

/** MSW routes of the pki API: translate HTTP <-> PkiStore only. */
export function pkiHandlers(_vault: MockVault): HttpHandler[] {
  return [];
}
