import { type HttpHandler, http } from "msw";
import { z } from "zod";
import { page } from "../../core/paging.js";
import { endpoint, withStatus } from "../../core/pipeline.js";
import { validatePath } from "../../core/secret-paths.js";
import type { MockVault } from "../stores.js";
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

/** MSW routes of the access policies API (/v1/policies): translate HTTP <-> AccessPoliciesStore only. */
export function accessPoliciesHandlers(vault: MockVault): HttpHandler[] {
  const on = endpoint(vault);
  const base = `${vault.baseUrl}/v1/policies`;
  const read = { scope: "policies:read", resourceType: "policy" } as const;
  const write = { scope: "policies:write", resourceType: "policy" } as const;
  return [
    http.get(
      base,
      on({ ...read, action: "policy_list" }, ({ tenant, query }) => {
        const all = tenant.accessPolicies.list({
          includeInactive: query.get("include_inactive") === "true",
          scope: query.get("scope"),
        });
        const { items, cursor, has_more } = page(all, query);
        return { policies: items, cursor, has_more };
      }),
    ),

    // Dry run: decides and explains without touching state. "Does not write audit" (API reference):
    // an answered check leaves no entry; a refused one (no token, no scope) is still recorded.
    http.post(
      `${base}/test`,
      on({ ...read, action: "policy_test", body: TestBody }, ({ tenant, body, vault, requestId }) => {
        const result = tenant.accessPolicies.test({
          ...body,
          path: validatePath(body.path.replace(/^\/+|\/+$/g, "")),
        });
        vault.audit.omit(requestId);
        return result;
      }),
    ),

    http.post(
      base,
      on({ ...write, action: "policy_create", body: PolicyBody }, ({ tenant, body, actor }) =>
        withStatus(201, tenant.accessPolicies.create(body, actor)),
      ),
    ),

    http.get(
      `${base}/:id`,
      on({ ...read, action: "policy_read" }, ({ tenant, segments }) =>
        tenant.accessPolicies.get(segments[1] as string),
      ),
    ),

    http.put(
      `${base}/:id`,
      on({ ...write, action: "policy_update", body: PolicyBody }, ({ tenant, segments, body, actor }) =>
        tenant.accessPolicies.update(segments[1] as string, body, actor),
      ),
    ),

    http.patch(
      `${base}/:id`,
      on({ ...write, action: "policy_update", body: PatchBody }, ({ tenant, segments, body, actor }) =>
        tenant.accessPolicies.update(segments[1] as string, body, actor),
      ),
    ),

    http.delete(
      `${base}/:id`,
      on({ ...write, action: "policy_delete" }, ({ tenant, segments, query, actor }) =>
        tenant.accessPolicies.remove(segments[1] as string, query.get("force") === "true", actor),
      ),
    ),

    http.get(
      `${base}/:id/bindings`,
      on({ ...read, action: "policy_read" }, ({ tenant, segments }) => ({
        bindings: tenant.accessPolicies.bindings(segments[1] as string),
      })),
    ),

    http.post(
      `${base}/:id/bindings`,
      on({ ...write, action: "policy_bind", body: BindingBody }, ({ tenant, segments, body, actor }) =>
        withStatus(201, tenant.accessPolicies.bind(segments[1] as string, body, actor)),
      ),
    ),

    http.delete(
      `${base}/:id/bindings/:bindingId`,
      on({ ...write, action: "policy_unbind" }, ({ tenant, segments, actor }) =>
        tenant.accessPolicies.unbind(segments[1] as string, segments[3] as string, actor),
      ),
    ),
  ];
}
