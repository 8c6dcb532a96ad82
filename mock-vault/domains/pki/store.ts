import type { StoreEnv } from "../../vault.js";

/** pki state of one tenant. `state` holds plain data only (snapshot/restore clone it). */
export class PkiStore {
  state = {};

  constructor(readonly env: StoreEnv) {}
}
