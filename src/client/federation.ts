import type { Http } from "./http.js";

/** federation endpoints of the ScaiVault API. */
export class FederationApi {
  constructor(readonly http: Http) {}
}
