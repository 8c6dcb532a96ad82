import { z } from "zod";

/** Wire shapes of the access Policies API (/v1/policies). */
export const Permission = z.enum(["read", "write", "delete", "list", "rotate", "admin"]);
export const IdentityType = z.enum(["user", "service_account", "group"]);

export const PolicyRule = z.object({
  path_pattern: z.string(),
  permissions: z.array(z.string()),
  conditions: z.record(z.string(), z.unknown()).optional(),
  effect: z.enum(["allow", "deny"]).optional(),
});

export const PolicyBinding = z.object({
  id: z.string(),
  identity_type: z.string(),
  identity_id: z.string(),
  expires_at: z.string().nullable(),
  created_at: z.string(),
});

export const AccessPolicy = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  scope: z.string(),
  rules: z.array(PolicyRule),
  bindings: z.array(PolicyBinding),
  is_active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const AccessPolicySummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  scope: z.string().optional(),
  rule_count: z.number().int(),
  binding_count: z.number().int(),
  is_active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const AccessPolicyList = z.object({
  policies: z.array(AccessPolicySummary),
  cursor: z.string().nullable(),
  has_more: z.boolean(),
});

/** POST /v1/policies/test (the documented response fields were not readable; this shape is the mock's). */
export const PolicyTestResult = z.object({
  identity_id: z.string(),
  path: z.string(),
  permission: z.string(),
  allowed: z.boolean(),
  decision: z.enum(["allow", "deny"]),
  reason: z.string(),
  matched_policy: z.object({ id: z.string(), name: z.string() }).nullable(),
  matched_rule: z.record(z.string(), z.unknown()).nullable(),
  failed_condition: z.string().nullable(),
  bound_policies: z.array(z.object({ id: z.string(), name: z.string(), via: z.string() })),
  evaluated_at: z.string(),
});

export type AccessPolicy = z.infer<typeof AccessPolicy>;
export type AccessPolicyList = z.infer<typeof AccessPolicyList>;
export type PolicyBinding = z.infer<typeof PolicyBinding>;
export type PolicyRule = z.infer<typeof PolicyRule>;
export type PolicyTestResult = z.infer<typeof PolicyTestResult>;
