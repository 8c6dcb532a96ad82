import type { StoreEnv } from "../../vault.js";

/** subscriptions state of one tenant. `state` holds plain data only (snapshot/restore clone it). */
export class SubscriptionsStore {
  state = {};

  constructor(readonly env: StoreEnv) {}
}
