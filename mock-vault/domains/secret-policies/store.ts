import type { StoreEnv } from "../../vault.js";

/** secret policies state of one tenant. `state` holds plain data only (snapshot/restore clone it). */
export class SecretPoliciesStore {
  state = {};

  constructor(readonly env: StoreEnv) {}
}
