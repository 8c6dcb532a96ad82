import type { Http } from "./http.js";

/** subscriptions endpoints of the ScaiVault API. */
export class SubscriptionsApi {
  constructor(readonly http: Http) {}
}
