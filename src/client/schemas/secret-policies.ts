import { z } from "zod";

/** Wire shapes of the Secret Policies API (value-generation recipes). Endpoint shapes beyond the documented model are assumed. */
export const PolicyType = z.enum(["password", "api_key", "oauth_client", "ssh_key", "custom"]);

export const Generator = z.enum([
  "random",
  "hex",
  "uuid",
  "template",
  "rsa_keypair",
  "ec_keypair",
  "ssh_keypair",
  "bcrypt_hash",
  "static",
]);

export const SecretPolicyField = z.object({
  name: z.string(),
  generator: z.string(),
  config: z.record(z.string(), z.unknown()),
});

export const SecretPolicy = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  policy_type: z.string(),
  fields: z.array(SecretPolicyField),
  is_active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const SecretPolicyList = z.object({
  data: z.array(SecretPolicy),
  cursor: z.string().nullable(),
  has_more: z.boolean(),
});

export const SecretPreview = z.object({
  secret_policy_id: z.string().nullable(),
  policy_type: z.string(),
  data: z.record(z.string(), z.unknown()),
  generated_at: z.string(),
  preview: z.boolean(),
});

export const PolicyTypes = z.object({
  types: z.array(z.object({ policy_type: z.string(), typical_fields: z.array(z.string()), description: z.string() })),
});

export type SecretPolicy = z.infer<typeof SecretPolicy>;
export type SecretPolicyList = z.infer<typeof SecretPolicyList>;
export type SecretPreview = z.infer<typeof SecretPreview>;
export type PolicyTypes = z.infer<typeof PolicyTypes>;
