import { addRoute, createRouter } from "rou3";
import { compileRouter } from "rou3/compiler";
import { type ParamSlots, paramSlots, type RawRoute, type Route } from "./route.js";

export interface RouteEntry<S> {
  route: Route<S> | RawRoute<S>;
  slots: ParamSlots;
}

/**
 * Every route compiled once into one matching function (rou3): finding a request's route is one
 * lookup, static segments before parameters before a rest, case-sensitive as a real router is.
 */
export class RouteTable<S> {
  readonly #find: (method: string, path: string) => { data: RouteEntry<S> } | undefined;

  constructor(routes: readonly (Route<S> | RawRoute<S>)[]) {
    const router = createRouter<RouteEntry<S>>();
    for (const route of routes) addRoute(router, route.method, route.path, { route, slots: paramSlots(route.path) });
    this.#find = compileRouter(router);
  }

  /** The route of a request, by method and (still percent-encoded) path. */
  match(method: string, pathname: string): RouteEntry<S> | undefined {
    const entry = this.#find(method, pathname)?.data;
    // A rest parameter starts after a slash: /v1/secrets/:path(.*) answers /v1/secrets/ and below, not /v1/secrets.
    if (entry?.slots.rest && slashes(pathname, entry.slots.rest[1] + 1) <= entry.slots.rest[1]) return undefined;
    return entry;
  }
}

/** How many "/" the path holds, counting no further than `upTo`. */
function slashes(path: string, upTo: number): number {
  let count = 0;
  for (let at = path.indexOf("/"); at !== -1 && count < upTo; at = path.indexOf("/", at + 1)) count++;
  return count;
}
