import type { StoreEnv } from "../../vault.js";

/** service accounts state of one tenant. `state` holds plain data only (snapshot/restore clone it). */
export class ServiceAccountsStore {
  state = {};

  constructor(readonly env: StoreEnv) {}
}
