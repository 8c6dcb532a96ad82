import type { Http } from "./http.js";

/** rotation endpoints of the ScaiVault API. */
export class RotationApi {
  constructor(readonly http: Http) {}
}
