import { type HttpHandler, http } from "msw";
import { z } from "zod";
import { page } from "../../core/paging.js";
import { endpoint, withStatus } from "../../core/pipeline.js";
import type { MockVault } from "../stores.js";
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

/** MSW routes of the secret policies API: translate HTTP <-> SecretPoliciesStore only. */
export function secretPoliciesHandlers(vault: MockVault): HttpHandler[] {
  const on = endpoint(vault);
  const base = `${vault.baseUrl}/v1/secret-policies`;
  const read = { scope: "policies:read", resourceType: "secret_policy" } as const;
  const write = { scope: "policies:write", resourceType: "secret_policy" } as const;
  return [
    http.get(
      base,
      on({ ...read, action: "secret_policy_list" }, ({ tenant, query }) => {
        const all = tenant.secretPolicies.list({
          policyType: query.get("policy_type"),
          includeInactive: query.get("include_inactive") === "true",
        });
        const { items, cursor, has_more } = page(all, query);
        return { data: items, cursor, has_more };
      }),
    ),

    http.get(
      `${base}/types`,
      on({ ...read, action: "secret_policy_types" }, () => ({ types: structuredClone(POLICY_TYPES) })),
    ),

    http.post(
      base,
      on({ ...write, action: "secret_policy_create", body: CreateBody }, ({ tenant, body }) =>
        withStatus(201, tenant.secretPolicies.create({ ...body, fields: body.fields.map(withConfig) })),
      ),
    ),

    // Preview of an unsaved recipe: generates, stores nothing.
    http.post(
      `${base}/preview`,
      on({ ...read, action: "secret_policy_preview", body: PreviewBody }, ({ tenant, body }) =>
        tenant.secretPolicies.preview({ fields: body.fields.map(withConfig), policy_type: body.policy_type }),
      ),
    ),

    http.post(
      `${base}/:id/preview`,
      on({ ...read, action: "secret_policy_preview" }, ({ tenant, segments }) =>
        tenant.secretPolicies.preview({ policyId: segments[1] as string }),
      ),
    ),

    http.get(
      `${base}/:id`,
      on({ ...read, action: "secret_policy_read" }, ({ tenant, segments }) =>
        tenant.secretPolicies.get(segments[1] as string),
      ),
    ),

    http.patch(
      `${base}/:id`,
      on({ ...write, action: "secret_policy_update", body: PatchBody }, ({ tenant, segments, body }) =>
        tenant.secretPolicies.update(segments[1] as string, { ...body, fields: body.fields?.map(withConfig) }),
      ),
    ),

    http.delete(
      `${base}/:id`,
      on({ ...write, action: "secret_policy_delete" }, ({ tenant, segments }) =>
        tenant.secretPolicies.remove(segments[1] as string),
      ),
    ),
  ];
}
