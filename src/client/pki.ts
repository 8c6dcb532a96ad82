import type { Http } from "./http.js";
import { api } from "./path.js";
import type {
  Ca,
  CaCertificate,
  CaCreated,
  CaDetail,
  CaList,
  CertificateDetail,
  CertificateList,
  CertificatePem,
  CertificateRevoked,
  Crl,
  IssuedCertificate,
  PkiRole,
  PkiRoleList,
  RevocationReason,
  SignedCertificate,
  Validation,
} from "./schemas/pki.js";

type Q = string | number | boolean | undefined;

export interface CreateCaBody {
  name: string;
  common_name: string;
  ca_type: "root" | "intermediate";
  parent_ca_id?: string | undefined;
  key_type?: "rsa" | "ec" | undefined;
  key_size?: number | undefined;
  validity_days?: number | undefined;
}

export interface CreateRoleBody {
  name: string;
  ca_id: string;
  allowed_domains?: string[] | undefined;
  allow_subdomains?: boolean | undefined;
  allow_wildcards?: boolean | undefined;
  allow_ip_sans?: boolean | undefined;
  ttl?: string | undefined;
  max_ttl?: string | undefined;
  key_type?: "ec" | "rsa" | "ed25519" | "any" | undefined;
  key_bits?: number | undefined;
  require_cn?: boolean | undefined;
  store_private_keys?: boolean | undefined;
}

export interface IssueBody {
  /** Required by the reference, whatever the role's require_cn. */
  common_name: string;
  alt_names?: string[] | undefined;
  ip_sans?: string[] | undefined;
  ttl?: string | undefined;
  /** Only for roles whose key_type is "any" (otherwise the role decides the key shape). */
  key_type?: "ec" | "rsa" | "ed25519" | undefined;
  key_bits?: number | undefined;
}

export interface SignBody {
  /** A PEM PKCS#10 request; its CN, SANs and key go into the certificate, under the role's rules. */
  csr_pem: string;
  ttl?: string | undefined;
  /** Replace the CSR's own SANs. */
  alt_names?: string[] | undefined;
  ip_sans?: string[] | undefined;
}

export interface ListCertificatesQuery {
  ca_id?: string | undefined;
  status?: "active" | "revoked" | "expired" | undefined;
  include_revoked?: boolean | undefined;
  /** Only certificates whose not_after falls within this duration from now (expired ones included). */
  expiring_within?: string | undefined;
  source?: "pki" | "acme" | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface ValidateBody {
  certificate_pem?: string | undefined;
  certificate_id?: string | undefined;
  hostname?: string | undefined;
  /** Evaluate at this ISO time instead of now. */
  at?: string | undefined;
}

/** /v1/pki: CAs, CRLs, roles, issuance, certificates, revocation, validation. */
export class PkiApi {
  constructor(readonly http: Http) {}

  listCas(
    query: {
      ca_type?: "root" | "intermediate" | undefined;
      limit?: number | undefined;
      cursor?: string | undefined;
    } = {},
    signal?: AbortSignal,
  ): Promise<CaList> {
    return this.http.request("GET", "/v1/pki/ca", { query: { ...query } as Record<string, Q>, signal });
  }

  getCa(id: string, signal?: AbortSignal): Promise<CaDetail> {
    return this.http.request("GET", api`/v1/pki/ca/${id}`, { signal });
  }

  /** Root or intermediate CA (201). Not retried: a retry could create a second CA. */
  createCa(body: CreateCaBody, signal?: AbortSignal): Promise<CaCreated> {
    return this.http.request("POST", "/v1/pki/ca", { body, signal });
  }

  getCaCertificate(id: string, signal?: AbortSignal): Promise<CaCertificate> {
    return this.http.request("GET", api`/v1/pki/ca/${id}/certificate`, { signal });
  }

  /** Revokes the CA and every certificate under it. */
  revokeCa(id: string, reason?: RevocationReason, signal?: AbortSignal): Promise<Ca> {
    return this.http.request("POST", api`/v1/pki/ca/${id}/revoke`, { body: reason ? { reason } : {}, signal });
  }

  /** Current CRL as JSON (PEM inside); the endpoint also serves PEM or DER by Accept header. */
  getCrl(id: string, signal?: AbortSignal): Promise<Crl> {
    return this.http.request("GET", api`/v1/pki/ca/${id}/crl`, { signal });
  }

  /** Regenerates the CRL now. */
  rotateCrl(id: string, signal?: AbortSignal): Promise<Crl> {
    return this.http.request("POST", api`/v1/pki/ca/${id}/crl`, { idempotent: true, signal });
  }

  listRoles(
    query: { limit?: number | undefined; cursor?: string | undefined } = {},
    signal?: AbortSignal,
  ): Promise<PkiRoleList> {
    return this.http.request("GET", "/v1/pki/roles", { query: { ...query }, signal });
  }

  getRole(name: string, signal?: AbortSignal): Promise<PkiRole> {
    return this.http.request("GET", api`/v1/pki/roles/${name}`, { signal });
  }

  createRole(body: CreateRoleBody, signal?: AbortSignal): Promise<PkiRole> {
    return this.http.request("POST", "/v1/pki/roles", { body, signal });
  }

  /** Changes the given fields of a role (its name stays). */
  updateRole(name: string, body: Partial<Omit<CreateRoleBody, "name">>, signal?: AbortSignal): Promise<PkiRole> {
    return this.http.request("PATCH", api`/v1/pki/roles/${name}`, { body, signal });
  }

  /** Certificates issued under the role stay valid. */
  deleteRole(name: string, signal?: AbortSignal): Promise<void> {
    return this.http.request("DELETE", api`/v1/pki/roles/${name}`, { signal });
  }

  /** Signs a CSR under a role: the requester keeps its key, so the answer has none. Not retried. */
  sign(role: string, body: SignBody, signal?: AbortSignal): Promise<SignedCertificate> {
    return this.http.request("POST", api`/v1/pki/sign/${role}`, { body, signal });
  }

  /** Issues a certificate under a role; ScaiVault generates the key and returns it only this once. */
  issue(role: string, body: IssueBody, signal?: AbortSignal): Promise<IssuedCertificate> {
    return this.http.request("POST", api`/v1/pki/issue/${role}`, { body, signal });
  }

  listCertificates(query: ListCertificatesQuery = {}, signal?: AbortSignal): Promise<CertificateList> {
    return this.http.request("GET", "/v1/pki/certificates", { query: { ...query }, signal });
  }

  /** By certificate id or serial number; never includes a private key. */
  getCertificate(id: string, signal?: AbortSignal): Promise<CertificateDetail> {
    return this.http.request("GET", api`/v1/pki/certificates/${id}`, { signal });
  }

  getCertificatePem(id: string, signal?: AbortSignal): Promise<CertificatePem> {
    return this.http.request("GET", api`/v1/pki/certificates/${id}/pem`, { signal });
  }

  /** Revokes with an RFC 5280 reason; the serial appears on the issuing CA's next CRL. */
  revokeCertificate(id: string, reason?: RevocationReason, signal?: AbortSignal): Promise<CertificateRevoked> {
    return this.http.request("POST", api`/v1/pki/certificates/${id}/revoke`, {
      body: reason ? { reason } : {},
      signal,
    });
  }

  /** Chain, validity window, revocation and (optionally) hostname check. Read-only, so retried. */
  validate(body: ValidateBody, signal?: AbortSignal): Promise<Validation> {
    return this.http.request("POST", "/v1/pki/certificates/validate", { body, idempotent: true, signal });
  }
}
