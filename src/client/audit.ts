import type { Http } from "./http.js";

/** audit endpoints of the ScaiVault API. */
export class AuditApi {
  constructor(readonly http: Http) {}
}
