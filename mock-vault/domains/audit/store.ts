import type { StoreEnv } from "../../vault.js";

/** audit state of one tenant. `state` holds plain data only (snapshot/restore clone it). */
export class AuditStore {
  state = {};

  constructor(readonly env: StoreEnv) {}
}
