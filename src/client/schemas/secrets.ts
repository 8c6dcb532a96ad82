import { z } from "zod";

/** Wire shapes of the Secrets API. Contract tests parse mock responses with these; tools reuse them as output schemas. */
export const SecretType = z.enum(["kv", "json", "certificate", "ssh_key", "api_key"]);

export const SecretMeta = z.object({
  path: z.string(),
  secret_type: SecretType,
  version: z.number().int(),
  metadata: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  updated_at: z.string(),
  expires_at: z.string().nullable(),
  rotation_policy_id: z.string().nullable(),
  // Not in the reference's example answer; the mock returns them.
  secret_policy_id: z.string().nullable().optional(),
  last_rotated_at: z.string().nullable().optional(),
});

export const SecretListItem = SecretMeta.extend({
  expired: z.boolean().optional(),
  days_remaining: z.number().int().optional(),
});

export const Secret = SecretMeta.extend({ data: z.record(z.string(), z.unknown()) });

export const SecretList = z.object({
  data: z.array(SecretListItem),
  cursor: z.string().nullable(),
  has_more: z.boolean(),
});

export const SecretVersions = z.object({
  path: z.string(),
  current_version: z.number().int(),
  versions: z.array(
    z.object({
      version: z.number().int(),
      created_at: z.string(),
      created_by: z.string().nullable(),
      is_rotation: z.boolean(),
      data: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
});

export const SecretDeleted = z.object({
  path: z.string(),
  deleted: z.boolean(),
  permanent: z.boolean(),
  version_count: z.number().int(),
  deleted_at: z.string(),
  recoverable_until: z.string().nullable(),
});

export const SecretRotated = z.object({
  path: z.string(),
  old_version: z.number().int(),
  new_version: z.number().int(),
  rotated_at: z.string(),
  grace_period_ends: z.string(),
  auto_generated: z.boolean(),
  data: z.record(z.string(), z.unknown()),
});

/** GET /v1/auth/whoami (reference/authentication); the quickstart shows only the first five fields. */
export const WhoAmI = z.object({
  identity_id: z.string(),
  identity_type: z.string(),
  display_name: z.string().optional(),
  tenant_id: z.string(),
  partner_id: z.string(),
  scopes: z.array(z.string()),
  groups: z.array(z.string()).optional(),
  roles: z.array(z.string()).optional(),
  mfa_verified_at: z.string().nullable().optional(),
  token_expires_at: z.string().nullable().optional(),
});

export type Secret = z.infer<typeof Secret>;
export type SecretMeta = z.infer<typeof SecretMeta>;
export type SecretList = z.infer<typeof SecretList>;
export type SecretVersions = z.infer<typeof SecretVersions>;
export type SecretDeleted = z.infer<typeof SecretDeleted>;
export type SecretRotated = z.infer<typeof SecretRotated>;
export type WhoAmI = z.infer<typeof WhoAmI>;
