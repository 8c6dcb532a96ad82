/** The route builders every domain uses (routes as data: core/route.ts), typed with a tenant's stores. */
import { type Route, routeBuilders } from "../core/route.js";
import type { TenantStores } from "./stores.js";

export type DomainRoute = Route<TenantStores>;

/** `const { get, post } = routesOf("policy")`: builders whose routes default to that audit resource type. */
export const routesOf = (resourceType: string) => routeBuilders<TenantStores>({ resourceType });
