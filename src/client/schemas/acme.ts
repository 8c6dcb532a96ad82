import { z } from "zod";

/**
 * Wire shapes of the ACME API (/v1/pki/acme). Only the account create body is documented; the
 * rest follows RFC 8555 vocabulary (orders, authorizations, challenges) and is this project's choice.
 */
export const AcmeProvider = z.enum(["letsencrypt", "zerossl", "buypass", "google", "custom"]);
export const ChallengeType = z.enum(["dns-01", "http-01", "tls-alpn-01"]);
export const OrderStatus = z.enum(["pending", "ready", "processing", "valid", "invalid"]);
const AcmeError = z.object({ type: z.string(), detail: z.string() });

const page = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), cursor: z.string().nullable(), has_more: z.boolean() });

/** The account key is generated and kept by ScaiVault; it is never part of a response. */
export const AcmeAccount = z.object({
  id: z.string(),
  name: z.string(),
  provider: AcmeProvider,
  environment: z.enum(["production", "staging"]),
  email: z.string(),
  directory_url: z.string(),
  status: z.enum(["valid", "deactivated"]),
  account_url: z.string(),
  key_type: z.string(),
  orders: z.number().int(),
  created_at: z.string(),
});
export const AcmeAccountList = page(AcmeAccount);

export const AcmeChallenge = z.object({
  id: z.string(),
  type: ChallengeType,
  status: z.enum(["pending", "processing", "valid", "invalid"]),
  token: z.string(),
  validated_at: z.string().nullable(),
  error: AcmeError.nullable(),
  /** dns-01: the TXT record to publish. */
  record_name: z.string().optional(),
  record_type: z.literal("TXT").optional(),
  record_value: z.string().optional(),
  /** http-01: where the key authorization must be served. */
  url: z.string().optional(),
  key_authorization: z.string().optional(),
});

export const AcmeAuthorization = z.object({
  id: z.string(),
  identifier: z.string(),
  wildcard: z.boolean(),
  status: z.enum(["pending", "valid", "invalid", "expired"]),
  expires: z.string(),
  challenges: z.array(AcmeChallenge),
});

export const AcmeOrder = z.object({
  id: z.string(),
  account_id: z.string(),
  status: OrderStatus,
  identifiers: z.array(z.string()),
  challenge_type: ChallengeType,
  dns_provider_id: z.string().nullable(),
  authorizations: z.array(AcmeAuthorization),
  expires: z.string(),
  certificate_id: z.string().nullable(),
  error: AcmeError.nullable(),
  status_history: z.array(z.object({ status: OrderStatus, at: z.string() })),
  created_at: z.string(),
  updated_at: z.string(),
  finalized_at: z.string().nullable(),
});
export const AcmeOrderList = page(AcmeOrder);

/** Finalize: the order (now valid) with the certificate; its private key is returned only here. */
export const AcmeFinalized = AcmeOrder.extend({
  certificate: z.object({
    id: z.string(),
    serial_number: z.string(),
    not_before: z.string(),
    not_after: z.string(),
    certificate: z.string(),
    ca_chain: z.array(z.string()),
    private_key: z.string(),
  }),
});

export type AcmeAccount = z.infer<typeof AcmeAccount>;
export type AcmeAccountList = z.infer<typeof AcmeAccountList>;
export type AcmeOrder = z.infer<typeof AcmeOrder>;
export type AcmeOrderList = z.infer<typeof AcmeOrderList>;
export type AcmeFinalized = z.infer<typeof AcmeFinalized>;
