import type { HttpHandler } from "msw";
import type { MockVault } from "../../vault.js";

/** MSW routes of the subscriptions API: translate HTTP <-> SubscriptionsStore only. */
export function subscriptionsHandlers(_vault: MockVault): HttpHandler[] {
  return [];
}
