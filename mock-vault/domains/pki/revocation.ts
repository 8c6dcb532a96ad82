import { conflict } from "../../core/errors.js";
import type { CertificateAuthorities } from "./cas.js";
import type { Certificates } from "./certificates.js";
import type { PkiContext } from "./context.js";
import { type CaRecord, type CertRecord, DAY } from "./records.js";
import type { Signing } from "./signing.js";
import { buildCrl, type RevocationReason } from "./x509.js";

/** CRLs are valid for a day; a stale one is regenerated on the next fetch (docs: "generated automatically"). */
const CRL_LIFETIME_MS = DAY;

/** Revoking certificates and CAs (a CA takes everything under it along), and the CRLs that list them. */
export class Revocation {
  constructor(
    private readonly pki: PkiContext,
    private readonly signing: Signing,
    private readonly cas: CertificateAuthorities,
    private readonly certificates: Certificates,
  ) {}

  /** POST /v1/pki/ca/{id}/revoke: the CA and every certificate (and CA) under it are revoked. */
  revokeCa(id: string, reason: RevocationReason, actor: string | null) {
    const ca = this.cas.find(id);
    if (ca.revoked_at)
      throw conflict("ca_already_revoked", `CA '${id}' was revoked at ${ca.revoked_at}.`, { ca_id: id });
    const now = this.pki.nowSeconds();
    const childReason: RevocationReason = reason === "keyCompromise" ? "cACompromise" : reason;
    const revokeTree = (node: CaRecord, why: RevocationReason) => {
      node.revoked_at = now;
      node.revocation_reason = why;
      if (node.parent_ca_id) this.#invalidateCrl(node.parent_ca_id);
      for (const cert of this.pki.state.certs.values())
        if (cert.ca_id === node.id && !cert.revoked_at) this.#markRevoked(cert, childReason, now, actor);
      for (const child of this.pki.state.cas.values())
        if (child.parent_ca_id === node.id && !child.revoked_at) revokeTree(child, childReason);
    };
    revokeTree(ca, reason);
    return this.cas.view(ca);
  }

  /** What a CA's CRL lists: the certificates and the CAs it issued that are revoked. */
  #revokedUnder(caId: string): (CertRecord | CaRecord)[] {
    return [
      ...[...this.pki.state.certs.values()].filter((c) => c.ca_id === caId && c.revoked_at),
      ...[...this.pki.state.cas.values()].filter((c) => c.parent_ca_id === caId && c.revoked_at),
    ];
  }

  #invalidateCrl(caId: string): void {
    const ca = this.pki.state.cas.get(caId);
    if (ca) ca.crl = null;
  }

  /** The CA's current CRL (rebuilt when missing, stale, or `force`). */
  async crl(id: string, force = false) {
    const ca = this.cas.find(id);
    const now = this.pki.nowMs();
    if (force || !ca.crl || Date.parse(ca.crl.next_update) <= now) {
      const entries = this.#revokedUnder(id).map((c) => ({
        serial: c.serial_number,
        revoked_at: c.revoked_at!,
        reason: c.revocation_reason ?? ("unspecified" as RevocationReason),
      }));
      const number = ca.crl_number + 1;
      const thisUpdate = this.pki.nowSeconds();
      const nextUpdate = this.pki.nowSeconds(CRL_LIFETIME_MS);
      const issuer = {
        certificate_pem: await this.signing.caPem(ca),
        private_key_pem: this.signing.caKeys(ca).private_key_pem,
      };
      const pem = await buildCrl({
        issuer,
        crl_number: number,
        this_update: thisUpdate,
        next_update: nextUpdate,
        entries,
      });
      ca.crl_number = number;
      ca.crl = { number, this_update: thisUpdate, next_update: nextUpdate, pem };
    }
    const crl = ca.crl!;
    const revoked = this.#revokedUnder(id).length;
    return {
      ca_id: id,
      crl_number: crl.number,
      this_update: crl.this_update,
      next_update: crl.next_update,
      revoked_count: revoked,
      crl_pem: crl.pem,
    };
  }

  #markRevoked(cert: CertRecord, reason: RevocationReason, at: string, actor: string | null): void {
    cert.revoked_at = at;
    cert.revocation_reason = reason;
    if (cert.ca_id) this.#invalidateCrl(cert.ca_id);
    this.pki.env.emit(
      "certificate.revoked",
      {
        certificate_id: cert.id,
        serial_number: cert.serial_number,
        common_name: cert.common_name,
        ca_id: cert.ca_id,
        reason,
        revoked_at: at,
        revoked_by: actor,
      },
      actor,
    );
  }

  revokeCertificate(idOrSerial: string, reason: RevocationReason, actor: string | null) {
    const cert = this.certificates.find(idOrSerial);
    if (cert.revoked_at)
      throw conflict(
        "certificate_already_revoked",
        `Certificate ${cert.serial_number} was revoked at ${cert.revoked_at}.`,
        { certificate_id: cert.id },
      ); // code not documented
    this.#markRevoked(cert, reason, this.pki.nowSeconds(), actor);
    return { ...this.certificates.view(cert), crl_url: cert.ca_id ? this.pki.crlUrl(cert.ca_id) : null };
  }
}
