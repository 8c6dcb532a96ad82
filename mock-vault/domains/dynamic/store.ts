import type { StoreEnv } from "../../vault.js";

/** dynamic state of one tenant. `state` holds plain data only (snapshot/restore clone it). */
export class DynamicStore {
  state = {};

  constructor(readonly env: StoreEnv) {}
}
