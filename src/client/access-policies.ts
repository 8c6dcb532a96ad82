import type { Http } from "./http.js";

/** access policies endpoints of the ScaiVault API. */
export class AccessPoliciesApi {
  constructor(readonly http: Http) {}
}
