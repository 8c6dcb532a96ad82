import { z } from "zod";

/** Wire shapes of the Rotation API (/v1/rotation). Shapes the docs did not show (due list, assignment, history) are the mock's. */
export const RotationPolicy = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  interval: z.string(),
  interval_seconds: z.number(),
  grace_period: z.string(),
  warn_before: z.string().optional(),
  auto_generate: z.boolean(),
  secret_policy_id: z.string().nullable().optional(),
  webhook_ids: z.array(z.string()).optional(),
  is_active: z.boolean(),
  secrets_count: z.number().int(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});

export const RotationPolicyList = z.object({
  data: z.array(RotationPolicy),
  cursor: z.string().nullable(),
  has_more: z.boolean(),
});

export const SecretAssignment = z.object({
  rotation_policy_id: z.string(),
  secret_path: z.string(),
  attached_at: z.string(),
  last_rotated_at: z.string().nullable(),
  next_rotation_at: z.string().nullable(),
});

export const DueStatus = z.enum(["upcoming", "due", "overdue"]);

export const DueSecret = z.object({
  path: z.string(),
  rotation_policy_id: z.string(),
  rotation_policy_name: z.string(),
  interval: z.string(),
  auto_generate: z.boolean(),
  last_rotated_at: z.string(),
  due_at: z.string(),
  grace_period_ends: z.string(),
  status: DueStatus,
  hours_until_due: z.number(),
});

export const DueList = z.object({
  data: z.array(DueSecret),
  as_of: z.string(),
  within_hours: z.number(),
});

export const RotationHistoryItem = z.object({
  id: z.string(),
  rotation_policy_id: z.string(),
  secret_path: z.string(),
  status: z.enum(["success", "failed", "pending"]),
  old_version: z.number().int().nullable(),
  new_version: z.number().int().nullable(),
  auto_generated: z.boolean(),
  triggered_by: z.string().nullable(),
  started_at: z.string(),
  completed_at: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});

export const RotationHistory = z.object({
  data: z.array(RotationHistoryItem),
  cursor: z.string().nullable().optional(),
  has_more: z.boolean().optional(),
});

export type RotationPolicy = z.infer<typeof RotationPolicy>;
export type RotationPolicyList = z.infer<typeof RotationPolicyList>;
export type SecretAssignment = z.infer<typeof SecretAssignment>;
export type DueList = z.infer<typeof DueList>;
export type RotationHistory = z.infer<typeof RotationHistory>;
export type RotationHistoryItem = z.infer<typeof RotationHistoryItem>;
