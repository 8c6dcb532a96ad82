import type { StoreEnv } from "../../vault.js";

/** access policies state of one tenant. `state` holds plain data only (snapshot/restore clone it). */
export class AccessPoliciesStore {
  state = {};

  constructor(readonly env: StoreEnv) {}
}
