import { z } from "zod";
import { page } from "../../core/paging.js";
import { withStatus } from "../../core/route.js";
import { validatePath } from "../../core/secret-paths.js";
import { routesOf } from "../route.js";
import { BACKEND_MODES, BACKEND_TYPES } from "./store.js";

/*
 * Documented: list/create/get/patch/delete backends, /status, /sync, /conflicts (base /v1/federation/).
 * NOT FOUND in the docs, chosen: GET /v1/federation/proxy/{path} (an explicit read-through that
 * also names the backend and external path; GET /v1/secrets/{path} proxies too, as documented),
 * and 409 proxied_path_read_only for writes to proxied paths.
 */

const BackendBody = z.object({
  name: z.string().min(1).max(63),
  type: z.enum(BACKEND_TYPES),
  mode: z.enum(BACKEND_MODES),
  config: z.record(z.string(), z.unknown()),
  path_mapping: z.record(z.string().min(1).max(256), z.string().min(1).max(256)),
  sync_interval: z.string().min(1).max(32).optional(),
});

const BackendPatch = BackendBody.partial();

/** "400 invalid_config: Engine/backend config rejected" (error-code reference). */
const CONFIG_CODES = { config: "invalid_config", path_mapping: "invalid_config" } as const;

const { get, post, patch, del } = routesOf("federation_backend");

/** Routes of the federation API (/v1/federation): translate HTTP <-> FederationStore. */
export const federationRoutes = [
  get(
    "/v1/federation/backends",
    { scope: "federation:read", action: "federation_backend_list" },
    ({ tenant, query }) => {
      return page("data", tenant.federation.list(), query);
    },
  ),

  post(
    "/v1/federation/backends",
    { scope: "federation:write", action: "federation_backend_create", body: BackendBody, fieldCodes: CONFIG_CODES },
    ({ tenant, body, actor }) => withStatus(201, tenant.federation.create(body, actor)),
  ),

  get(
    "/v1/federation/backends/:id",
    { scope: "federation:read", action: "federation_backend_read" },
    ({ tenant, params }) => {
      const { federation } = tenant;
      return federation.view(federation.backend(params.id!));
    },
  ),

  patch(
    "/v1/federation/backends/:id",
    { scope: "federation:write", action: "federation_backend_update", body: BackendPatch, fieldCodes: CONFIG_CODES },
    ({ tenant, params, body }) => tenant.federation.update(params.id!, body),
  ),

  del(
    "/v1/federation/backends/:id",
    { scope: "federation:write", action: "federation_backend_delete" },
    ({ tenant, params }) => {
      tenant.federation.remove(params.id!);
      return undefined;
    },
  ),

  get(
    "/v1/federation/backends/:id/status",
    { scope: "federation:read", action: "federation_backend_status" },
    ({ tenant, params }) => tenant.federation.status(params.id!),
  ),

  post(
    "/v1/federation/backends/:id/sync",
    { scope: "federation:write", action: "federation_sync" },
    ({ tenant, params, actor }) => tenant.federation.sync(params.id!, actor),
  ),

  get(
    "/v1/federation/backends/:id/conflicts",
    { scope: "federation:read", action: "federation_conflict_list" },
    ({ tenant, params, query }) => {
      return page("data", tenant.federation.conflictsOf(params.id!), query);
    },
  ),

  get(
    "/v1/federation/proxy/:path(.*)",
    {
      scope: "secrets:read",
      action: "read",
      resourceType: "secret",
      permission: "read",
      secretPath: ({ params }) => params.path!,
    },
    ({ tenant, params, query }) =>
      tenant.federation.proxyRead(validatePath(params.path!), { backend: query.get("backend") ?? undefined }),
  ),
];
