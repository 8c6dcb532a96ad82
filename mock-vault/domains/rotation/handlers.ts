import { type HttpHandler, http } from "msw";
import { z } from "zod";
import { badRequest } from "../../core/errors.js";
import { page } from "../../core/paging.js";
import { endpoint, withStatus } from "../../core/pipeline.js";
import { validatePath } from "../../core/secret-paths.js";
import type { MockVault } from "../stores.js";

const Duration = z.string().min(1).max(32);

const CreateBody = z.object({
  name: z.string().min(1).max(128),
  interval: Duration,
  description: z.string().max(1024).optional(),
  grace_period: Duration.optional(),
  warn_before: z.string().min(1).max(128).optional(),
  auto_generate: z.boolean().optional(),
  secret_policy_id: z.string().min(1).max(128).optional(),
  webhook_ids: z.array(z.string().min(1).max(128)).max(20).optional(),
});
const PatchBody = CreateBody.partial().extend({ secret_policy_id: z.string().min(1).max(128).nullable().optional() });
const AttachBody = z.object({ secret_path: z.string().min(1).max(512) });
const RotateBody = z.object({ secret_paths: z.array(z.string().min(1).max(512)).min(1).max(100).optional() });

const clean = (path: string) => validatePath(path.replace(/^\/+|\/+$/g, ""));

function flag(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (raw !== "true" && raw !== "false") throw badRequest("invalid_request", `${name} must be true or false.`);
  return raw === "true";
}

/** MSW routes of the rotation API (/v1/rotation): translate HTTP <-> RotationStore only. */
export function rotationHandlers(vault: MockVault): HttpHandler[] {
  const on = endpoint(vault);
  const base = `${vault.baseUrl}/v1/rotation/policies`;
  const admin = { scope: "admin", resourceType: "rotation_policy" } as const;

  const due = on(
    { scope: "secrets:rotate", action: "rotation_due", resourceType: "rotation_policy" },
    ({ tenant, query }) => {
      const raw = query.get("within_hours") ?? "24";
      const withinHours = Number(raw);
      if (!/^\d+(\.\d+)?$/.test(raw) || withinHours > 24 * 3650)
        throw badRequest("invalid_request", "within_hours must be a non-negative number of hours.");
      return tenant.rotation.due({
        withinHours,
        includeOverdue: flag(query, "include_overdue", true),
        policyId: query.get("policy_id"),
      });
    },
  );

  return [
    http.get(`${vault.baseUrl}/v1/rotation/due`, due),
    // Deprecated alias (the docs' text breaks off after "Deprecated alias for"; assumed to be /due).
    http.get(`${vault.baseUrl}/v1/rotation/pending`, due),

    http.get(
      base,
      on({ ...admin, action: "rotation_policy_list" }, ({ tenant, query }) => {
        const { items, cursor, has_more } = page(tenant.rotation.list(flag(query, "active_only", false)), query);
        return { data: items, cursor, has_more };
      }),
    ),

    http.post(
      base,
      on({ ...admin, action: "rotation_policy_create", body: CreateBody }, ({ tenant, body }) =>
        withStatus(201, tenant.rotation.create(body)),
      ),
    ),

    http.get(
      `${base}/:id`,
      on({ ...admin, action: "rotation_policy_read" }, ({ tenant, segments }) =>
        tenant.rotation.get(segments[2] as string),
      ),
    ),

    http.patch(
      `${base}/:id`,
      on({ ...admin, action: "rotation_policy_update", body: PatchBody }, ({ tenant, segments, body }) =>
        tenant.rotation.update(segments[2] as string, body),
      ),
    ),

    http.delete(
      `${base}/:id`,
      on({ ...admin, action: "rotation_policy_delete" }, ({ tenant, segments }) =>
        tenant.rotation.remove(segments[2] as string),
      ),
    ),

    http.post(
      `${base}/:id/enable`,
      on({ ...admin, action: "rotation_policy_update" }, ({ tenant, segments }) =>
        tenant.rotation.update(segments[2] as string, { is_active: true }),
      ),
    ),

    http.post(
      `${base}/:id/disable`,
      on({ ...admin, action: "rotation_policy_update" }, ({ tenant, segments }) =>
        tenant.rotation.update(segments[2] as string, { is_active: false }),
      ),
    ),

    http.post(
      `${base}/:id/secrets`,
      on(
        {
          ...admin,
          action: "rotation_policy_attach",
          body: AttachBody,
          permission: "rotate",
          path: ({ body }) => (body as { secret_path?: string }).secret_path?.replace(/^\/+|\/+$/g, "") ?? null,
        },
        ({ tenant, segments, body }) =>
          withStatus(201, tenant.rotation.attach(segments[2] as string, clean(body.secret_path))),
      ),
    ),

    // The secret path follows as its own segments (each URL-encoded).
    http.delete(
      `${base}/:id/secrets/*`,
      on(
        {
          ...admin,
          action: "rotation_policy_detach",
          permission: "rotate",
          path: ({ segments }) => segments.slice(4).join("/"),
        },
        ({ tenant, segments }) => tenant.rotation.detach(segments[2] as string, clean(segments.slice(4).join("/"))),
      ),
    ),

    http.post(
      `${base}/:id/rotate`,
      on({ scope: "secrets:rotate", action: "rotate", resourceType: "rotation_policy", body: RotateBody }, (ctx) => {
        const { tenant, tenantId, segments, body, actor, identity } = ctx;
        const items = tenant.rotation.rotateNow(segments[2] as string, body.secret_paths?.map(clean), actor, (path) => {
          const decision = vault.authorize({ identity, tenantId, permission: "rotate", path });
          return decision.allowed ? null : decision.reason;
        });
        return items; // documented: RotationHistoryItem[]
      }),
    ),

    http.get(
      `${base}/:id/history`,
      on(
        { scope: "audit:read", action: "rotation_history", resourceType: "rotation_policy" },
        ({ tenant, segments, query }) => {
          const status = query.get("status");
          if (status && !["success", "failed", "pending"].includes(status))
            throw badRequest("invalid_request", "status must be success, failed or pending.");
          const { items, cursor, has_more } = page(tenant.rotation.history(segments[2] as string, status), query);
          return { data: items, cursor, has_more };
        },
      ),
    ),
  ];
}
