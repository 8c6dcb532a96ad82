import { type HttpHandler, http } from "msw";
import { z } from "zod";
import { page } from "../../core/paging.js";
import { endpoint, withStatus } from "../../core/pipeline.js";
import { validatePath } from "../../core/secret-paths.js";
import type { MockVault } from "../stores.js";
import { BACKEND_MODES, BACKEND_TYPES } from "./store.js";

/*
 * Documented: list/create/get/delete backends, /status, /sync, /conflicts (base /v1/federation/).
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

/** MSW routes of the federation API: translate HTTP <-> FederationStore only. */
export function federationHandlers(vault: MockVault): HttpHandler[] {
  const on = endpoint(vault);
  const base = `${vault.baseUrl}/v1/federation`;
  const id = (segments: string[]) => segments[2] as string;
  return [
    http.get(
      `${base}/backends`,
      on({ scope: "federation:read", action: "list", resourceType: "federation_backend" }, ({ tenant, query }) => {
        const { items, cursor, has_more } = page(tenant.federation.list(), query);
        return { data: items, cursor, has_more };
      }),
    ),

    http.post(
      `${base}/backends`,
      on(
        {
          scope: "federation:write",
          action: "federation_backend_create",
          resourceType: "federation_backend",
          body: BackendBody,
        },
        ({ tenant, body, actor }) => withStatus(201, tenant.federation.create(body, actor)),
      ),
    ),

    http.get(
      `${base}/backends/:id`,
      on({ scope: "federation:read", action: "read", resourceType: "federation_backend" }, ({ tenant, segments }) => {
        const { federation } = tenant;
        return federation.view(federation.backend(id(segments)));
      }),
    ),

    http.delete(
      `${base}/backends/:id`,
      on(
        { scope: "federation:write", action: "federation_backend_delete", resourceType: "federation_backend" },
        ({ tenant, segments }) => {
          tenant.federation.remove(id(segments));
          return undefined;
        },
      ),
    ),

    http.get(
      `${base}/backends/:id/status`,
      on({ scope: "federation:read", action: "read", resourceType: "federation_backend" }, ({ tenant, segments }) =>
        tenant.federation.status(id(segments)),
      ),
    ),

    http.post(
      `${base}/backends/:id/sync`,
      on(
        { scope: "federation:write", action: "federation_sync", resourceType: "federation_backend" },
        ({ tenant, segments, actor }) => tenant.federation.sync(id(segments), actor),
      ),
    ),

    http.get(
      `${base}/backends/:id/conflicts`,
      on(
        { scope: "federation:read", action: "read", resourceType: "federation_backend" },
        ({ tenant, segments, query }) => {
          const { items, cursor, has_more } = page(tenant.federation.conflictsOf(id(segments)), query);
          return { data: items, cursor, has_more };
        },
      ),
    ),

    http.get(
      `${base}/proxy/*`,
      on(
        {
          scope: "secrets:read",
          action: "read",
          resourceType: "secret",
          permission: "read",
          path: ({ segments }) => segments.slice(2).join("/"),
        },
        ({ tenant, segments, query }) =>
          tenant.federation.proxyRead(validatePath(segments.slice(2).join("/")), {
            backend: query.get("backend") ?? undefined,
          }),
      ),
    ),
  ];
}
