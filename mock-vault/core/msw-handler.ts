import { createRequire } from "node:module";
import type { HttpHandler } from "msw";
import type { Dispatch } from "./dispatch.js";

type VaultHandlerClass = new (origin: string, dispatch: Dispatch) => HttpHandler;
let VaultHandler: VaultHandlerClass | undefined;

/**
 * The one MSW handler in front of the route table, for `mock.listen()` and a user's own
 * setupServer(...mock.handlers). It claims every request to the vault's origin and hands it to
 * the dispatcher, without MSW's per-handler work: no path pattern compiled and matched, no
 * parameter decoding (which throws on a malformed escape), no cookie parsing. Defined on first
 * use: MSW (about 7 MB of heap) is loaded only by `mock.handlers` and `mock.listen()`, never by
 * `mock.fetch` and `mock.serve()`, which dispatch to the table themselves (what `--mock` uses).
 */
function handlerClass(): VaultHandlerClass {
  if (VaultHandler) return VaultHandler;
  // The same (CommonJS) copy of MSW as listen()'s msw/node.
  const { HttpHandler: Base } = createRequire(import.meta.url)("msw") as typeof import("msw");
  class Handler extends Base {
    readonly #prefix: string;

    constructor(origin: string, dispatch: Dispatch) {
      super(/.+/, `${origin}/*`, ({ request }) => dispatch(request));
      this.#prefix = `${origin}/`;
    }

    override async parse({ request }: { request: Request }) {
      return { match: { matches: request.url.startsWith(this.#prefix), params: {} }, cookies: {} };
    }
  }
  VaultHandler = Handler;
  return Handler;
}

export function vaultHandler(origin: string, dispatch: Dispatch): HttpHandler {
  return new (handlerClass())(origin, dispatch);
}
