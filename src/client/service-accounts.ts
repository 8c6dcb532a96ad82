import type { Http } from "./http.js";

/** service accounts endpoints of the ScaiVault API. */
export class ServiceAccountsApi {
  constructor(readonly http: Http) {}
}
