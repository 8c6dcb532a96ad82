import type { StoreEnv } from "../../vault.js";

/** federation state of one tenant. `state` holds plain data only (snapshot/restore clone it). */
export class FederationStore {
  state = {};

  constructor(readonly env: StoreEnv) {}
}
