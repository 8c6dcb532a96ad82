import type { HttpHandler } from "msw";
import type { MockVault } from "../../vault.js";

/** MSW routes of the audit API: translate HTTP <-> AuditStore only. */
export function auditHandlers(_vault: MockVault): HttpHandler[] {
  return [];
}
