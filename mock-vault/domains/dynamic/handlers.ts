import type { HttpHandler } from "msw";
import type { MockVault } from "../../vault.js";

/** MSW routes of the dynamic API: translate HTTP <-> DynamicStore only. */
export function dynamicHandlers(_vault: MockVault): HttpHandler[] {
  return [];
}
