import type { Http } from "./http.js";

/** pki endpoints of the ScaiVault API. */
export class PkiApi {
  constructor(readonly http: Http) {}
}
