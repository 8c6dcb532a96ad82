import type { Http } from "./http.js";

/** dynamic endpoints of the ScaiVault API. */
export class DynamicApi {
  constructor(readonly http: Http) {}
}
