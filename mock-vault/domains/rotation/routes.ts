import { z } from "zod";
import { badRequest } from "../../core/errors.js";
import { page } from "../../core/paging.js";
import { flag, trimSlashes } from "../../core/query.js";
import { withStatus } from "../../core/route.js";
import { validatePath } from "../../core/secret-paths.js";
import { routesOf } from "../route.js";

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

const clean = (path: string) => validatePath(trimSlashes(path));

const { get, post, patch, del } = routesOf("rotation_policy");

const due = get("/v1/rotation/due", { scope: "secrets:rotate", action: "rotation_due" }, ({ tenant, query }) => {
  const raw = query.get("within_hours") ?? "24";
  const withinHours = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || withinHours > 24 * 3650)
    throw badRequest("invalid_request", "within_hours must be a non-negative number of hours.");
  return tenant.rotation.due({
    withinHours,
    includeOverdue: flag(query, "include_overdue") ?? true,
    policyId: query.get("policy_id"),
  });
});

/** Routes of the rotation API (/v1/rotation): translate HTTP <-> RotationStore. */
export const rotationRoutes = [
  due,
  // Deprecated alias (the docs' text breaks off after "Deprecated alias for"; assumed to be /due).
  { ...due, path: "/v1/rotation/pending" },

  get("/v1/rotation/policies", { scope: "admin", action: "rotation_policy_list" }, ({ tenant, query }) => {
    return page("data", tenant.rotation.list(flag(query, "active_only") ?? false), query);
  }),

  post(
    "/v1/rotation/policies",
    { scope: "admin", action: "rotation_policy_create", body: CreateBody },
    ({ tenant, body }) => withStatus(201, tenant.rotation.create(body)),
  ),

  get("/v1/rotation/policies/:id", { scope: "admin", action: "rotation_policy_read" }, ({ tenant, params }) =>
    tenant.rotation.get(params.id!),
  ),

  patch(
    "/v1/rotation/policies/:id",
    { scope: "admin", action: "rotation_policy_update", body: PatchBody },
    ({ tenant, params, body }) => tenant.rotation.update(params.id!, body),
  ),

  del("/v1/rotation/policies/:id", { scope: "admin", action: "rotation_policy_delete" }, ({ tenant, params }) =>
    tenant.rotation.remove(params.id!),
  ),

  post("/v1/rotation/policies/:id/enable", { scope: "admin", action: "rotation_policy_update" }, ({ tenant, params }) =>
    tenant.rotation.update(params.id!, { is_active: true }),
  ),

  post(
    "/v1/rotation/policies/:id/disable",
    { scope: "admin", action: "rotation_policy_update" },
    ({ tenant, params }) => tenant.rotation.update(params.id!, { is_active: false }),
  ),

  post(
    "/v1/rotation/policies/:id/secrets",
    {
      scope: "admin",
      action: "rotation_policy_attach",
      body: AttachBody,
      permission: "rotate",
      secretPath: ({ body }) => {
        const path = (body as { secret_path?: string }).secret_path;
        return path === undefined ? null : trimSlashes(path);
      },
    },
    ({ tenant, params, body }) => withStatus(201, tenant.rotation.attach(params.id!, clean(body.secret_path))),
  ),

  // The reference URL-encodes the secret path into one segment (app%2Fdb%2Fpassword); the path
  // as its own segments is accepted too.
  del(
    "/v1/rotation/policies/:id/secrets/:path(.*)",
    {
      scope: "admin",
      action: "rotation_policy_detach",
      encodedPath: "path",
      permission: "rotate",
      secretPath: ({ params }) => params.path!,
    },
    ({ tenant, params }) => tenant.rotation.detach(params.id!, clean(params.path!)),
  ),

  post(
    "/v1/rotation/policies/:id/rotate",
    { scope: "secrets:rotate", action: "rotate", body: RotateBody },
    ({ tenant, tenantId, params, body, actor, identity, vault }) =>
      // Documented: RotationHistoryItem[]. Each path is checked against access policies like a rotate request.
      tenant.rotation.rotateNow(params.id!, body.secret_paths?.map(clean), actor, (path) => {
        const decision = vault.authorize({ identity, tenantId, permission: "rotate", path });
        return decision.allowed ? null : decision.reason;
      }),
  ),

  get(
    "/v1/rotation/policies/:id/history",
    { scope: "audit:read", action: "rotation_history" },
    ({ tenant, params, query }) => {
      const status = query.get("status");
      if (status && !["success", "failed", "pending"].includes(status))
        throw badRequest("invalid_request", "status must be success, failed or pending.");
      return page("data", tenant.rotation.history(params.id!, status), query);
    },
  ),
];
