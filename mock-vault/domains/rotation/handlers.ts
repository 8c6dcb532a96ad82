import type { HttpHandler } from "msw";
import type { MockVault } from "../../vault.js";

/** MSW routes of the rotation API: translate HTTP <-> RotationStore only. */
export function rotationHandlers(_vault: MockVault): HttpHandler[] {
  return [];
}
