import type { StoreEnv } from "../../vault.js";

/** rotation state of one tenant. `state` holds plain data only (snapshot/restore clone it). */
export class RotationStore {
  state = {};

  constructor(readonly env: StoreEnv) {}
}
