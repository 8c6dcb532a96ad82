import { z } from "zod";
import { page } from "../../core/paging.js";
import { withStatus } from "../../core/route.js";
import { routesOf } from "../route.js";
import { GENERATORS, POLICY_TYPE_NAMES, POLICY_TYPES } from "./generators.js";

// The stored docs stop before the endpoint list of /v1/secret-policies: routes, scopes and response
// shapes below are assumed REST conventions (list envelope {data, cursor, has_more} as for rotation).

const Field = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, "a field name of letters, digits, '_' and '-'"),
  generator: z.enum(GENERATORS),
  config: z.record(z.string(), z.unknown()).optional(),
});
const Fields = z.array(Field).min(1).max(20);

const CreateBody = z.object({
  name: z.string().min(1).max(128),
  description: z.string().max(1024).optional(),
  policy_type: z.enum(POLICY_TYPE_NAMES),
  fields: Fields,
  is_active: z.boolean().optional(),
});
const PatchBody = CreateBody.partial();
const PreviewBody = z.object({ fields: Fields, policy_type: z.enum(POLICY_TYPE_NAMES).optional() });

const withConfig = <T extends { config?: Record<string, unknown> | undefined }>(f: T) => ({
  ...f,
  config: f.config ?? {},
});

const { get, post, patch, del } = routesOf("secret_policy");

/** Routes of the secret policies API (/v1/secret-policies): translate HTTP <-> SecretPoliciesStore. */
export const secretPoliciesRoutes = [
  get("/v1/secret-policies", { scope: "policies:read", action: "secret_policy_list" }, ({ tenant, query }) => {
    const all = tenant.secretPolicies.list({
      policyType: query.get("policy_type"),
      includeInactive: query.get("include_inactive") === "true",
    });
    return page("data", all, query);
  }),

  get("/v1/secret-policies/types", { scope: "policies:read", action: "secret_policy_types" }, () => ({
    types: structuredClone(POLICY_TYPES),
  })),

  post(
    "/v1/secret-policies",
    { scope: "policies:write", action: "secret_policy_create", body: CreateBody },
    ({ tenant, body }) =>
      withStatus(201, tenant.secretPolicies.create({ ...body, fields: body.fields.map(withConfig) })),
  ),

  // Preview of an unsaved recipe: generates, stores nothing.
  post(
    "/v1/secret-policies/preview",
    { scope: "policies:read", action: "secret_policy_preview", body: PreviewBody },
    ({ tenant, body }) =>
      tenant.secretPolicies.preview({ fields: body.fields.map(withConfig), policy_type: body.policy_type }),
  ),

  post(
    "/v1/secret-policies/:id/preview",
    { scope: "policies:read", action: "secret_policy_preview" },
    ({ tenant, params }) => tenant.secretPolicies.preview({ policyId: params.id! }),
  ),

  get("/v1/secret-policies/:id", { scope: "policies:read", action: "secret_policy_read" }, ({ tenant, params }) =>
    tenant.secretPolicies.get(params.id!),
  ),

  patch(
    "/v1/secret-policies/:id",
    { scope: "policies:write", action: "secret_policy_update", body: PatchBody },
    ({ tenant, params, body }) =>
      tenant.secretPolicies.update(params.id!, { ...body, fields: body.fields?.map(withConfig) }),
  ),

  del("/v1/secret-policies/:id", { scope: "policies:write", action: "secret_policy_delete" }, ({ tenant, params }) =>
    tenant.secretPolicies.remove(params.id!),
  ),
];
