import type { Http } from "./http.js";

/** secret policies endpoints of the ScaiVault API. */
export class SecretPoliciesApi {
  constructor(readonly http: Http) {}
}
