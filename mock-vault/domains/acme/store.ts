import type { StoreEnv } from "../../vault.js";

/** acme state of one tenant. `state` holds plain data only (snapshot/restore clone it). */
export class AcmeStore {
  state = {};

  constructor(readonly env: StoreEnv) {}
}
