import { type HttpHandler, http } from "msw";
import { z } from "zod";
import { parseDuration } from "../../core/duration.js";
import { badRequest } from "../../core/errors.js";
import { page } from "../../core/paging.js";
import { endpoint, withStatus } from "../../core/pipeline.js";
import type { MockVault } from "../stores.js";
import { LEASE_STATUSES, type LeaseStatus } from "./store.js";

/*
 * Paths beyond POST /v1/dynamic/engines are NOT FOUND in the docs; chosen to follow the documented
 * base path and the concept diagram (POST /v1/dynamic/engines/{engine}/creds/{role}).
 * Scopes: dynamic:read for reads, dynamic:manage for creating engines and roles (the scope the docs
 * name), dynamic:generate for generating, renewing and revoking leases.
 */

const Ttl = z.string().min(1).max(32);
const Statements = z.union([z.string().max(4000), z.array(z.string().max(4000)).max(50)]);

const EngineBody = z.object({
  name: z.string().min(1).max(63),
  type: z.string().min(1).max(40),
  config: z.record(z.string(), z.unknown()).optional(),
  default_ttl: Ttl.optional(),
  max_ttl: Ttl.optional(),
});

const RoleBody = z.object({
  name: z.string().min(1).max(128),
  creation_statements: Statements.optional(),
  revocation_statements: Statements.optional(),
  default_ttl: Ttl.optional(),
  max_ttl: Ttl.optional(),
  config: z.record(z.string(), z.unknown()).optional(),
});

const GenerateBody = z.object({ ttl: Ttl.optional() });
const RenewBody = z.object({ increment: Ttl.optional() });

const paged = <T>(items: T[], query: URLSearchParams) => {
  const { items: data, cursor, has_more } = page(items, query);
  return { data, cursor, has_more };
};

/** MSW routes of the dynamic API: translate HTTP <-> DynamicStore only. */
export function dynamicHandlers(vault: MockVault): HttpHandler[] {
  const on = endpoint(vault);
  const base = `${vault.baseUrl}/v1/dynamic`;
  // segments: ["dynamic", "engines", engine, "roles" | "creds", role] / ["dynamic", "leases", id, "renew"]
  const seg = (segments: string[], i: number) => segments[i] as string;
  return [
    http.get(
      `${base}/engines`,
      on({ scope: "dynamic:read", action: "list", resourceType: "dynamic_engine" }, ({ tenant, query }) =>
        paged(tenant.dynamic.listEngines(), query),
      ),
    ),

    http.post(
      `${base}/engines`,
      on(
        { scope: "dynamic:manage", action: "dynamic_engine_create", resourceType: "dynamic_engine", body: EngineBody },
        ({ tenant, body, actor }) => withStatus(201, tenant.dynamic.createEngine(body, actor)),
      ),
    ),

    http.get(
      `${base}/engines/:engine`,
      on({ scope: "dynamic:read", action: "read", resourceType: "dynamic_engine" }, ({ tenant, segments }) => {
        const { dynamic } = tenant;
        return dynamic.engineView(dynamic.engine(seg(segments, 2)));
      }),
    ),

    http.get(
      `${base}/engines/:engine/roles`,
      on({ scope: "dynamic:read", action: "list", resourceType: "dynamic_role" }, ({ tenant, segments, query }) =>
        paged(tenant.dynamic.listRoles(seg(segments, 2)), query),
      ),
    ),

    http.post(
      `${base}/engines/:engine/roles`,
      on(
        { scope: "dynamic:manage", action: "dynamic_role_create", resourceType: "dynamic_role", body: RoleBody },
        ({ tenant, segments, body, actor }) =>
          withStatus(201, tenant.dynamic.createRole(seg(segments, 2), body, actor)),
      ),
    ),

    http.get(
      `${base}/engines/:engine/roles/:role`,
      on({ scope: "dynamic:read", action: "read", resourceType: "dynamic_role" }, ({ tenant, segments }) => {
        const { dynamic } = tenant;
        return dynamic.roleView(dynamic.role(dynamic.engine(seg(segments, 2)), seg(segments, 4)));
      }),
    ),

    http.post(
      `${base}/engines/:engine/creds/:role`,
      on(
        { scope: "dynamic:generate", action: "dynamic_generate", resourceType: "dynamic_lease", body: GenerateBody },
        ({ tenant, segments, body, actor }) =>
          withStatus(201, tenant.dynamic.generate(seg(segments, 2), seg(segments, 4), body, actor)),
      ),
    ),

    http.get(
      `${base}/leases`,
      on({ scope: "dynamic:read", action: "list", resourceType: "dynamic_lease" }, ({ tenant, query }) => {
        const status = query.get("status") ?? undefined;
        if (status !== undefined && status !== "all" && !(LEASE_STATUSES as readonly string[]).includes(status))
          throw badRequest("invalid_request", `status must be one of ${LEASE_STATUSES.join(", ")} or all.`);
        const within = query.get("expiring_within");
        const withinMs = within === null ? undefined : parseDuration(within);
        if (within !== null && withinMs === undefined)
          throw badRequest("invalid_duration", `Duration '${within.slice(0, 40)}' did not parse.`);
        const leases = tenant.dynamic.listLeases({
          status: status as LeaseStatus | "all" | undefined,
          engine: query.get("engine") ?? undefined,
          role: query.get("role") ?? undefined,
          withinMs,
        });
        return paged(leases, query);
      }),
    ),

    http.get(
      `${base}/leases/:id`,
      on({ scope: "dynamic:read", action: "read", resourceType: "dynamic_lease" }, ({ tenant, segments }) => {
        const { dynamic } = tenant;
        return dynamic.leaseView(dynamic.lease(seg(segments, 2)));
      }),
    ),

    http.post(
      `${base}/leases/:id/renew`,
      on(
        { scope: "dynamic:generate", action: "dynamic_renew", resourceType: "dynamic_lease", body: RenewBody },
        ({ tenant, segments, body, actor }) => tenant.dynamic.renew(seg(segments, 2), body, actor),
      ),
    ),

    http.delete(
      `${base}/leases/:id`,
      on(
        { scope: "dynamic:generate", action: "dynamic_revoke", resourceType: "dynamic_lease" },
        ({ tenant, segments, actor }) => tenant.dynamic.revoke(seg(segments, 2), actor),
      ),
    ),
  ];
}
