import type { Http } from "./http.js";

/** acme endpoints of the ScaiVault API. */
export class AcmeApi {
  constructor(readonly http: Http) {}
}
