import { z } from "zod";

/**
 * Wire shapes of the PKI API (/v1/pki). The CA object follows the documented create response
 * (api-guides/pki-certificates) and the issue response the documented fields (reference/pki);
 * what the mock adds to those two is optional here, so a vault answering exactly as documented
 * parses. The certificate object, list envelopes, revoke and validate responses are not in the
 * docs and are this project's choice. Contract tests parse every mock response with these.
 */
export const RevocationReason = z.enum([
  "unspecified",
  "keyCompromise",
  "cACompromise",
  "affiliationChanged",
  "superseded",
  "cessationOfOperation",
  "certificateHold",
  "privilegeWithdrawn",
  "aACompromise",
]);
export const KeyType = z.enum(["ec", "rsa", "ed25519"]);
const Status = z.enum(["active", "revoked", "expired"]);

const page = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), cursor: z.string().nullable(), has_more: z.boolean() });

export const Ca = z.object({
  id: z.string(),
  name: z.string(),
  common_name: z.string(),
  ca_type: z.enum(["root", "intermediate"]),
  key_type: KeyType,
  key_size: z.number().int(),
  valid_from: z.string(),
  valid_until: z.string(),
  is_active: z.boolean(),
  certificates_issued: z.number().int(),
  created_at: z.string(),
  // Not in the documented example; the mock returns them.
  parent_ca_id: z.string().nullable().optional(),
  serial_number: z.string().optional(),
  status: Status.optional(),
  revoked_at: z.string().nullable().optional(),
  revocation_reason: RevocationReason.nullable().optional(),
  crl_url: z.string().optional(),
});
/** GET /v1/pki/ca/{id} (response not in the docs): the CA with its certificate. */
export const CaDetail = Ca.extend({ certificate_pem: z.string() });
/** POST /v1/pki/ca: the documented CA object; the mock adds the PEM and warnings. */
export const CaCreated = Ca.extend({
  certificate_pem: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});
export const CaList = page(Ca);
export const CaCertificate = z.object({
  ca_id: z.string(),
  certificate_pem: z.string(),
  ca_chain: z.array(z.string()),
});
export const Crl = z.object({
  ca_id: z.string(),
  crl_number: z.number().int(),
  this_update: z.string(),
  next_update: z.string(),
  revoked_count: z.number().int(),
  crl_pem: z.string(),
});

export const PkiRole = z.object({
  name: z.string(),
  ca_id: z.string(),
  allowed_domains: z.array(z.string()),
  allow_subdomains: z.boolean(),
  allow_wildcards: z.boolean(),
  allow_ip_sans: z.boolean(),
  ttl: z.string(),
  max_ttl: z.string(),
  key_type: z.enum(["ec", "rsa", "ed25519", "any"]),
  key_bits: z.number().int(),
  require_cn: z.boolean(),
  store_private_keys: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export const PkiRoleList = page(PkiRole);

export const Certificate = z.object({
  id: z.string(),
  serial_number: z.string(),
  common_name: z.string(),
  alt_names: z.array(z.string()),
  ip_sans: z.array(z.string()),
  source: z.enum(["pki", "acme"]),
  ca_id: z.string().nullable(),
  issuer: z.string(),
  role: z.string().nullable(),
  acme_order_id: z.string().nullable(),
  key_type: KeyType,
  key_bits: z.number().int(),
  not_before: z.string(),
  not_after: z.string(),
  status: Status,
  days_remaining: z.number().int(),
  revoked_at: z.string().nullable(),
  revocation_reason: RevocationReason.nullable(),
  created_at: z.string(),
});
export const CertificateDetail = Certificate.extend({ fingerprint_sha256: z.string(), certificate_pem: z.string() });
export const CertificateList = page(Certificate);
export const CertificatePem = z.object({
  id: z.string(),
  serial_number: z.string(),
  certificate_pem: z.string(),
  ca_chain: z.array(z.string()),
});
export const CertificateRevoked = Certificate.extend({ crl_url: z.string().nullable() });

/** POST /v1/pki/issue/{role}: the documented fields (certificate, private_key, ca_chain, serial_number, not_after); the rest is the mock's. */
export const IssuedCertificate = z.object({
  serial_number: z.string(),
  not_after: z.string(),
  certificate: z.string(),
  ca_chain: z.array(z.string()),
  private_key: z.string(),
  id: z.string().optional(),
  common_name: z.string().optional(),
  alt_names: z.array(z.string()).optional(),
  ip_sans: z.array(z.string()).optional(),
  issuing_ca_id: z.string().nullable().optional(),
  key_type: KeyType.optional(),
  key_bits: z.number().int().optional(),
  not_before: z.string().optional(),
  private_key_type: KeyType.optional(),
  warnings: z.array(z.string()).optional(),
});

/** POST /v1/pki/sign/{role}: the issue answer without a private key (the requester holds it). */
export const SignedCertificate = IssuedCertificate.omit({ private_key: true, private_key_type: true });

export const ValidationStatus = z.enum([
  "valid",
  "untrusted",
  "revoked",
  "expired",
  "not_yet_valid",
  "hostname_mismatch",
]);
export const Validation = z.object({
  valid: z.boolean(),
  status: ValidationStatus,
  reasons: z.array(z.string()),
  checked_at: z.string(),
  certificate: z.object({
    id: z.string().nullable(),
    serial_number: z.string(),
    subject: z.string(),
    issuer: z.string(),
    not_before: z.string(),
    not_after: z.string(),
    days_remaining: z.number().int(),
    alt_names: z.array(z.string()),
    ip_sans: z.array(z.string()),
    fingerprint_sha256: z.string(),
  }),
  chain: z.array(
    z.object({ ca_id: z.string().nullable(), common_name: z.string(), not_after: z.string(), status: z.string() }),
  ),
  revocation: z.object({ revoked_at: z.string(), reason: RevocationReason.nullable() }).nullable(),
  hostname_matches: z.boolean().nullable(),
});

export type Ca = z.infer<typeof Ca>;
export type CaDetail = z.infer<typeof CaDetail>;
export type CaCreated = z.infer<typeof CaCreated>;
export type CaList = z.infer<typeof CaList>;
export type CaCertificate = z.infer<typeof CaCertificate>;
export type Crl = z.infer<typeof Crl>;
export type PkiRole = z.infer<typeof PkiRole>;
export type PkiRoleList = z.infer<typeof PkiRoleList>;
export type Certificate = z.infer<typeof Certificate>;
export type CertificateDetail = z.infer<typeof CertificateDetail>;
export type CertificateList = z.infer<typeof CertificateList>;
export type CertificatePem = z.infer<typeof CertificatePem>;
export type CertificateRevoked = z.infer<typeof CertificateRevoked>;
export type IssuedCertificate = z.infer<typeof IssuedCertificate>;
export type SignedCertificate = z.infer<typeof SignedCertificate>;
export type Validation = z.infer<typeof Validation>;
export type RevocationReason = z.infer<typeof RevocationReason>;
