import { z } from "zod";
import { page } from "../../core/paging.js";
import { trimSlashes } from "../../core/query.js";
import { withStatus } from "../../core/route.js";
import { validatePath } from "../../core/secret-paths.js";
import { routesOf } from "../route.js";
import { PERMISSIONS } from "./evaluate.js";

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM (UTC)");

const RuleBody = z.object({
  path_pattern: z.string().min(1).max(512),
  permissions: z.array(z.enum(PERMISSIONS)).min(1),
  conditions: z
    .object({
      ip_ranges: z.array(z.string().regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, "a CIDR range")).optional(),
      require_mfa: z.boolean().optional(),
      time_window: z
        .object({
          start: HHMM,
          end: HHMM,
          days: z.array(z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])).optional(),
        })
        .optional(),
    })
    .optional(),
  effect: z.enum(["allow", "deny"]).optional(),
});

const PolicyBody = z.object({
  name: z.string().min(1).max(128),
  description: z.string().max(1024).optional(),
  rules: z.array(RuleBody).min(1).max(100),
  scope: z.enum(["tenant", "partner"]).optional(),
  is_active: z.boolean().optional(),
});

const PatchBody = PolicyBody.partial();

const BindingBody = z.object({
  identity_type: z.enum(["user", "service_account", "group"]),
  identity_id: z.string().min(1).max(256),
  expires_at: z.iso.datetime().optional(),
});

const TestBody = z.object({
  identity_id: z.string().min(1).max(256),
  path: z.string().min(1).max(512),
  permission: z.enum(PERMISSIONS),
  context: z
    .object({
      source_ip: z.string().max(64).optional(),
      mfa_verified: z.boolean().optional(),
      timestamp: z.iso.datetime().optional(),
    })
    .optional(),
});

/** "400 invalid_policy: Policy rules/bindings invalid" (error-code reference); other fields answer 422. */
const POLICY_CODES = { rules: "invalid_policy" } as const;

const { get, post, put, patch, del } = routesOf("policy");

/** Routes of the access policies API (/v1/policies): translate HTTP <-> AccessPoliciesStore. */
export const accessPoliciesRoutes = [
  get("/v1/policies", { scope: "policies:read", action: "policy_list" }, ({ tenant, query }) => {
    const all = tenant.accessPolicies.list({
      includeInactive: query.get("include_inactive") === "true",
      scope: query.get("scope"),
    });
    return page("policies", all, query);
  }),

  // Dry run: decides and explains without touching state. "Does not write audit" (API reference):
  // an answered check leaves no entry; a refused one (no token, no scope) is still recorded.
  post(
    "/v1/policies/test",
    { scope: "policies:read", action: "policy_test", body: TestBody },
    ({ tenant, body, vault, requestId }) => {
      const result = tenant.accessPolicies.test({ ...body, path: validatePath(trimSlashes(body.path)) });
      vault.audit.omit(requestId);
      return result;
    },
  ),

  post(
    "/v1/policies",
    { scope: "policies:write", action: "policy_create", body: PolicyBody, fieldCodes: POLICY_CODES },
    ({ tenant, body, actor }) => withStatus(201, tenant.accessPolicies.create(body, actor)),
  ),

  get("/v1/policies/:id", { scope: "policies:read", action: "policy_read" }, ({ tenant, params }) =>
    tenant.accessPolicies.get(params.id!),
  ),

  put(
    "/v1/policies/:id",
    { scope: "policies:write", action: "policy_update", body: PolicyBody, fieldCodes: POLICY_CODES },
    ({ tenant, params, body, actor }) => tenant.accessPolicies.update(params.id!, body, actor),
  ),

  patch(
    "/v1/policies/:id",
    { scope: "policies:write", action: "policy_update", body: PatchBody, fieldCodes: POLICY_CODES },
    ({ tenant, params, body, actor }) => tenant.accessPolicies.update(params.id!, body, actor),
  ),

  del("/v1/policies/:id", { scope: "policies:write", action: "policy_delete" }, ({ tenant, params, query, actor }) =>
    tenant.accessPolicies.remove(params.id!, query.get("force") === "true", actor),
  ),

  get("/v1/policies/:id/bindings", { scope: "policies:read", action: "policy_read" }, ({ tenant, params }) => ({
    bindings: tenant.accessPolicies.bindings(params.id!),
  })),

  post(
    "/v1/policies/:id/bindings",
    { scope: "policies:write", action: "policy_bind", body: BindingBody, fieldCodes: { "*": "invalid_policy" } },
    ({ tenant, params, body, actor }) => withStatus(201, tenant.accessPolicies.bind(params.id!, body, actor)),
  ),

  del(
    "/v1/policies/:id/bindings/:bindingId",
    { scope: "policies:write", action: "policy_unbind" },
    ({ tenant, params, actor }) => tenant.accessPolicies.unbind(params.id!, params.bindingId!, actor),
  ),
];
