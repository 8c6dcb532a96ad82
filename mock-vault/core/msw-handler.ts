import { HttpHandler } from "msw";
import type { Dispatch } from "./dispatch.js";

/**
 * The one MSW handler in front of the route table, for `mock.listen()` and a user's own
 * setupServer(...mock.handlers). It claims every request to the vault's origin and hands it to
 * the dispatcher, without MSW's per-handler work: no path pattern compiled and matched, no
 * parameter decoding (which throws on a malformed escape), no cookie parsing.
 */
class VaultHandler extends HttpHandler {
  readonly #prefix: string;

  constructor(origin: string, dispatch: Dispatch) {
    super(/.+/, `${origin}/*`, ({ request }) => dispatch(request));
    this.#prefix = `${origin}/`;
  }

  override async parse({ request }: { request: Request }) {
    return { match: { matches: request.url.startsWith(this.#prefix), params: {} }, cookies: {} };
  }
}

export function vaultHandler(origin: string, dispatch: Dispatch): HttpHandler {
  return new VaultHandler(origin, dispatch);
}
