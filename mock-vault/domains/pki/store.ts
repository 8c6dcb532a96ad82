import type { StoreEnv } from "../../core/vault.js";
import { AcmeIssuer } from "./acme-issuer.js";
import { CertificateAuthorities } from "./cas.js";
import { Certificates } from "./certificates.js";
import { PkiContext } from "./context.js";
import { Issuance } from "./issuance.js";
import type { PkiState } from "./records.js";
import { Revocation } from "./revocation.js";
import { Signing } from "./signing.js";
import { Validation } from "./validation.js";

/**
 * The PKI of one tenant: its state (`state`, plain data only) and one part per concern, all
 * working on that state: CAs, roles and issuing, the issued certificates, revocation and CRLs,
 * validation, the mock ACME issuer, and the lazy signing they share.
 */
export class PkiStore {
  state: PkiState = { cas: new Map(), roles: new Map(), certs: new Map(), acme_issuer: null };

  readonly signing: Signing;
  readonly cas: CertificateAuthorities;
  readonly certificates: Certificates;
  readonly acmeIssuer: AcmeIssuer;
  readonly issuance: Issuance;
  readonly revocation: Revocation;
  readonly validation: Validation;

  constructor(readonly env: StoreEnv) {
    const pki = new PkiContext(env, this);
    this.signing = new Signing(pki);
    this.cas = new CertificateAuthorities(pki, this.signing);
    this.certificates = new Certificates(pki, this.signing, this.cas);
    this.acmeIssuer = new AcmeIssuer(pki, this.signing, this.certificates);
    this.issuance = new Issuance(pki, this.signing, this.cas, this.certificates, this.acmeIssuer);
    this.revocation = new Revocation(pki, this.signing, this.cas, this.certificates);
    this.validation = new Validation(pki, this.signing, this.certificates);
  }
}
