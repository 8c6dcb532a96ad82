import { type HttpHandler, http } from "msw";
import { runRoute } from "./pipeline.js";
import { paramSlots, type RawRoute, type Route } from "./route.js";
import type { Vault } from "./vault.js";

/** One MSW handler per route, in order (MSW's matcher: first match wins, static segments case-insensitive). */
export function mswHandlers<S>(vault: Vault<S>, routes: readonly (Route<S> | RawRoute<S>)[]): HttpHandler[] {
  return routes.map((route) => {
    const at = `${vault.baseUrl}${route.path.replace(/:\w+\(\.\*\)$/, "*")}`;
    const on = http[route.method.toLowerCase() as "get"];
    if ("answer" in route) return on(at, ({ request }) => route.answer(request, vault));
    const slots = paramSlots(route.path);
    return on(at, ({ request }) => runRoute(vault, route, slots, request, new URL(request.url)));
  });
}
