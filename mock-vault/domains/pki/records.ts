/** The records of one tenant's PKI: plain data only, so a snapshot is a structured clone. */
import type { KeyType, RevocationReason } from "./x509.js";

export type CaType = "root" | "intermediate";
export type RoleKeyType = KeyType | "any";

export interface CaRecord {
  id: string;
  name: string;
  common_name: string;
  ca_type: CaType;
  parent_ca_id: string | null;
  key_type: KeyType;
  key_size: number;
  serial_number: string;
  valid_from: string;
  valid_until: string;
  revoked_at: string | null;
  revocation_reason: RevocationReason | null;
  certificates_issued: number;
  created_at: string;
  created_by: string | null;
  /** Seeded keys are derived from `key_seed` on first use; API-created keys are stored at once. */
  key_seed: string | null;
  private_key_pem: string | null;
  public_key_pem: string | null;
  /** Null until built (seeded CAs are signed lazily, when a PEM is first needed). */
  certificate_pem: string | null;
  crl_number: number;
  crl: { number: number; this_update: string; next_update: string; pem: string } | null;
}

export interface RoleRecord {
  name: string;
  ca_id: string;
  allowed_domains: string[];
  allow_subdomains: boolean;
  allow_wildcards: boolean;
  allow_ip_sans: boolean;
  ttl: string;
  max_ttl: string;
  key_type: RoleKeyType;
  key_bits: number;
  require_cn: boolean;
  store_private_keys: boolean;
  created_at: string;
  updated_at: string;
}

/** Who signed a certificate: one of the tenant's CAs, or the external ACME issuer. */
export type CertSource = "pki" | "acme";

export interface CertRecord {
  id: string;
  serial_number: string;
  common_name: string;
  alt_names: string[];
  ip_sans: string[];
  source: CertSource;
  ca_id: string | null;
  issuer: string;
  role: string | null;
  acme_order_id: string | null;
  key_type: KeyType;
  key_bits: number;
  not_before: string;
  not_after: string;
  revoked_at: string | null;
  revocation_reason: RevocationReason | null;
  created_at: string;
  created_by: string | null;
  /** The subject key's seed (seeded certificates) or null; the private key itself is never kept. */
  key_seed: string | null;
  public_key_pem: string | null;
  certificate_pem: string | null;
  fingerprint_sha256: string | null;
  /** Expiry thresholds already announced with certificate.expiring. */
  notified: string[];
}

/** The mock's stand-in for an external ACME CA (like Pebble's root): signs ACME certificates. */
export interface AcmeIssuerRecord {
  common_name: string;
  organization: string;
  serial_number: string;
  not_before: string;
  not_after: string;
  key_seed: string;
  private_key_pem: string | null;
  public_key_pem: string | null;
  certificate_pem: string | null;
}

export interface CreateCaInput {
  name: string;
  common_name: string;
  ca_type: CaType;
  parent_ca_id?: string | undefined;
  key_type?: "rsa" | "ec" | undefined;
  key_size?: number | undefined;
  validity_days?: number | undefined;
}

export interface CreateRoleInput {
  name: string;
  ca_id: string;
  allowed_domains?: string[] | undefined;
  allow_subdomains?: boolean | undefined;
  allow_wildcards?: boolean | undefined;
  allow_ip_sans?: boolean | undefined;
  ttl?: string | undefined;
  max_ttl?: string | undefined;
  key_type?: RoleKeyType | undefined;
  key_bits?: number | undefined;
  require_cn?: boolean | undefined;
  store_private_keys?: boolean | undefined;
}

export interface IssueInput {
  common_name?: string | undefined;
  alt_names?: string[] | undefined;
  ip_sans?: string[] | undefined;
  ttl?: string | undefined;
  key_type?: KeyType | undefined;
  key_bits?: number | undefined;
}

/** POST /v1/pki/sign/{role}: the CSR, a TTL, and SANs that replace the CSR's own. */
export interface SignInput {
  csr_pem: string;
  ttl?: string | undefined;
  alt_names?: string[] | undefined;
  ip_sans?: string[] | undefined;
}

export interface ListCertsOptions {
  ca_id?: string | undefined;
  status?: "active" | "revoked" | "expired" | undefined;
  include_revoked?: boolean | undefined;
  expiring_within_ms?: number | undefined;
  source?: CertSource | undefined;
}

export interface ValidateInput {
  certificate_pem?: string | undefined;
  certificate_id?: string | undefined;
  hostname?: string | undefined;
  at?: string | undefined;
}

/** Who signs a certificate, with the chain above it up to a root (PEMs). */
export interface Signer {
  certificate_pem: string;
  private_key_pem: string;
  chain: string[];
}

export interface PkiState {
  cas: Map<string, CaRecord>;
  roles: Map<string, RoleRecord>;
  certs: Map<string, CertRecord>;
  acme_issuer: AcmeIssuerRecord | null;
}

export const DAY = 86_400_000;
