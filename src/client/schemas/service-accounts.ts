import { z } from "zod";

/** Wire shapes of the service-account API (assumed REST shape; the docs have no reference page for it). */
export const ServiceAccount = z.object({
  id: z.string(),
  name: z.string(),
  identity_id: z.string(),
  description: z.string().nullable(),
  scopes: z.array(z.string()),
  status: z.enum(["active", "disabled"]),
  api_key_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
  created_by: z.string().nullable(),
});

/** An access policy bound to an account's identity, directly or through a group (`via`). */
export const BoundPolicy = z.object({
  id: z.string(),
  name: z.string(),
  via: z.string(),
  binding_id: z.string(),
  expires_at: z.string().nullable(),
});

/** GET of one account: with policies:read, the policies bound to it come along. */
export const ServiceAccountDetail = ServiceAccount.extend({ policies: z.array(BoundPolicy).optional() });

/** Creation also returns client-credentials login details; the client secret is shown only here. */
export const ServiceAccountCreated = ServiceAccount.extend({ client_id: z.string(), client_secret: z.string() });

export const ServiceAccountList = z.object({
  data: z.array(ServiceAccount),
  cursor: z.string().nullable(),
  has_more: z.boolean(),
});

export const ServiceAccountDeleted = z.object({
  id: z.string(),
  identity_id: z.string(),
  deleted: z.boolean(),
  api_keys_deleted: z.number().int(),
});

export const ApiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  service_account_id: z.string(),
  identity_id: z.string(),
  scopes: z.array(z.string()),
  created_at: z.string(),
  created_by: z.string().nullable(),
  expires_at: z.string().nullable(),
});

/** The full key is returned exactly once, at creation; afterwards only `prefix`. */
export const ApiKeyCreated = ApiKey.extend({ key: z.string() });

export const ApiKeyList = z.object({ data: z.array(ApiKey), cursor: z.string().nullable(), has_more: z.boolean() });

export const ApiKeyDeleted = z.object({ id: z.string(), prefix: z.string(), deleted: z.boolean() });

export type ServiceAccount = z.infer<typeof ServiceAccount>;
export type ServiceAccountDetail = z.infer<typeof ServiceAccountDetail>;
export type ServiceAccountCreated = z.infer<typeof ServiceAccountCreated>;
export type ServiceAccountList = z.infer<typeof ServiceAccountList>;
export type ServiceAccountDeleted = z.infer<typeof ServiceAccountDeleted>;
export type ApiKey = z.infer<typeof ApiKey>;
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>;
export type ApiKeyList = z.infer<typeof ApiKeyList>;
export type ApiKeyDeleted = z.infer<typeof ApiKeyDeleted>;
