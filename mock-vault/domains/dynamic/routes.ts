import { z } from "zod";
import { badRequest } from "../../core/errors.js";
import { page } from "../../core/paging.js";
import { expiringWithin } from "../../core/query.js";
import { withStatus } from "../../core/route.js";
import { routesOf } from "../route.js";
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

const { get, post, del } = routesOf("dynamic_engine");

/** Routes of the dynamic credentials API (/v1/dynamic): translate HTTP <-> DynamicStore. */
export const dynamicRoutes = [
  get("/v1/dynamic/engines", { scope: "dynamic:read", action: "dynamic_engine_list" }, ({ tenant, query }) =>
    page("data", tenant.dynamic.listEngines(), query),
  ),

  post(
    "/v1/dynamic/engines",
    {
      scope: "dynamic:manage",
      action: "dynamic_engine_create",
      body: EngineBody,
      // "400 invalid_config: Engine/backend config rejected" (error-code reference).
      fieldCodes: { config: "invalid_config" },
    },
    ({ tenant, body, actor }) => withStatus(201, tenant.dynamic.createEngine(body, actor)),
  ),

  get("/v1/dynamic/engines/:engine", { scope: "dynamic:read", action: "dynamic_engine_read" }, ({ tenant, params }) => {
    const { dynamic } = tenant;
    return dynamic.engineView(dynamic.engine(params.engine!));
  }),

  get(
    "/v1/dynamic/engines/:engine/roles",
    { scope: "dynamic:read", action: "dynamic_role_list", resourceType: "dynamic_role" },
    ({ tenant, params, query }) => page("data", tenant.dynamic.listRoles(params.engine!), query),
  ),

  post(
    "/v1/dynamic/engines/:engine/roles",
    { scope: "dynamic:manage", action: "dynamic_role_create", resourceType: "dynamic_role", body: RoleBody },
    ({ tenant, params, body, actor }) => withStatus(201, tenant.dynamic.createRole(params.engine!, body, actor)),
  ),

  get(
    "/v1/dynamic/engines/:engine/roles/:role",
    { scope: "dynamic:read", action: "dynamic_role_read", resourceType: "dynamic_role" },
    ({ tenant, params }) => {
      const { dynamic } = tenant;
      return dynamic.roleView(dynamic.role(dynamic.engine(params.engine!), params.role!));
    },
  ),

  post(
    "/v1/dynamic/engines/:engine/creds/:role",
    { scope: "dynamic:generate", action: "dynamic_generate", resourceType: "dynamic_lease", body: GenerateBody },
    ({ tenant, params, body, actor }) =>
      withStatus(201, tenant.dynamic.generate(params.engine!, params.role!, body, actor)),
  ),

  get(
    "/v1/dynamic/leases",
    { scope: "dynamic:read", action: "dynamic_lease_list", resourceType: "dynamic_lease" },
    ({ tenant, query }) => {
      const status = query.get("status") ?? undefined;
      if (status !== undefined && status !== "all" && !(LEASE_STATUSES as readonly string[]).includes(status))
        throw badRequest("invalid_request", `status must be one of ${LEASE_STATUSES.join(", ")} or all.`);
      const withinMs = expiringWithin(query);
      const leases = tenant.dynamic.listLeases({
        status: status as LeaseStatus | "all" | undefined,
        engine: query.get("engine") ?? undefined,
        role: query.get("role") ?? undefined,
        withinMs,
      });
      return page("data", leases, query);
    },
  ),

  get(
    "/v1/dynamic/leases/:id",
    { scope: "dynamic:read", action: "dynamic_lease_read", resourceType: "dynamic_lease" },
    ({ tenant, params }) => {
      const { dynamic } = tenant;
      return dynamic.leaseView(dynamic.lease(params.id!));
    },
  ),

  post(
    "/v1/dynamic/leases/:id/renew",
    { scope: "dynamic:generate", action: "dynamic_renew", resourceType: "dynamic_lease", body: RenewBody },
    ({ tenant, params, body, actor }) => tenant.dynamic.renew(params.id!, body, actor),
  ),

  del(
    "/v1/dynamic/leases/:id",
    { scope: "dynamic:generate", action: "dynamic_revoke", resourceType: "dynamic_lease" },
    ({ tenant, params, actor }) => tenant.dynamic.revoke(params.id!, actor),
  ),
];
