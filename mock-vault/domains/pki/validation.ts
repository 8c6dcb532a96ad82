import { X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { badRequest } from "../../core/errors.js";
import type { Certificates } from "./certificates.js";
import type { PkiContext } from "./context.js";
import { type CaRecord, type CertRecord, DAY, type ValidateInput } from "./records.js";
import type { Signing } from "./signing.js";
import { normaliseSerial, parseCertificate } from "./x509.js";

/** Validation of a certificate against the tenant's PKI, as a relying party would check it. */
export class Validation {
  constructor(
    private readonly pki: PkiContext,
    private readonly signing: Signing,
    private readonly certificates: Certificates,
  ) {}

  /**
   * Chain to one of the tenant's CAs (or the ACME issuer) by signature, validity of every link at
   * `at` (default: the vault clock), revocation of the leaf and of the CAs, optional hostname.
   */
  async validate(input: ValidateInput) {
    let record: CertRecord | undefined;
    let pem = input.certificate_pem;
    if (input.certificate_id) {
      record = this.certificates.find(input.certificate_id);
      pem = await this.signing.certPem(record);
    }
    await this.signing.issuers();
    const leaf = pem ? parseCertificate(pem) : undefined;
    if (!leaf) throw badRequest("invalid_certificate", "certificate_pem is not a PEM-encoded X.509 certificate."); // code not documented
    const atMs = input.at ? Date.parse(input.at) : this.pki.nowMs();
    if (Number.isNaN(atMs)) throw badRequest("invalid_request", "at must be an ISO-8601 time.");
    const serial = normaliseSerial(leaf.serialNumber);

    const anchors: { ca: CaRecord | null; cert: X509Certificate }[] = [];
    for (const ca of this.pki.state.cas.values())
      if (ca.certificate_pem) anchors.push({ ca, cert: new X509Certificate(ca.certificate_pem) });
    const issuer = this.pki.state.acme_issuer;
    if (issuer?.certificate_pem) anchors.push({ ca: null, cert: new X509Certificate(issuer.certificate_pem) });

    const reasons: string[] = [];
    const chain: { ca_id: string | null; common_name: string; not_after: string; status: string }[] = [];
    const outside = (c: X509Certificate) => Date.parse(c.validTo) < atMs || Date.parse(c.validFrom) > atMs;
    let chainRevoked = false;
    let chainExpired = false;
    let trusted = false;
    let current = leaf;
    for (let depth = 0; depth < 8; depth++) {
      if (current.checkIssued(current) && current.verify(current.publicKey)) {
        trusted = anchors.some((a) => a.cert.fingerprint256 === current.fingerprint256);
        break;
      }
      const up = anchors.find((a) => current.checkIssued(a.cert) && current.verify(a.cert.publicKey));
      if (!up) break;
      const revokedCa = Boolean(up.ca?.revoked_at);
      const expiredCa = outside(up.cert);
      chain.push({
        ca_id: up.ca?.id ?? null,
        common_name: up.ca?.common_name ?? issuer!.common_name,
        not_after: new Date(up.cert.validTo).toISOString(),
        status: revokedCa ? "revoked" : expiredCa ? "expired" : "active",
      });
      if (revokedCa) reasons.push(`issuing CA '${up.ca!.id}' is revoked (${up.ca!.revocation_reason})`);
      if (expiredCa) reasons.push(`CA '${up.ca?.id ?? up.cert.subject}' is outside its validity period`);
      chainRevoked ||= revokedCa;
      chainExpired ||= expiredCa;
      current = up.cert;
    }
    if (!trusted) reasons.unshift("not issued by any CA of this tenant (untrusted issuer or bad signature)");
    // Revocation is looked up by issuer + serial, as a CRL would.
    const issuedBy = chain[0];
    record ??= issuedBy
      ? [...this.pki.state.certs.values()].find(
          (c) => c.serial_number === serial && (issuedBy.ca_id ? c.ca_id === issuedBy.ca_id : c.source === "acme"),
        )
      : undefined;

    const notBefore = new Date(leaf.validFrom).toISOString();
    const notAfter = new Date(leaf.validTo).toISOString();
    const expired = Date.parse(notAfter) < atMs;
    const early = Date.parse(notBefore) > atMs;
    if (expired) reasons.push(`expired at ${notAfter}`);
    if (early) reasons.push(`not valid before ${notBefore}`);
    // The certificate may be one of the tenant's CAs (by fingerprint, or issuer + serial): its own revocation counts.
    const selfCa = anchors.find(
      (a) =>
        a.ca &&
        (a.cert.fingerprint256 === leaf.fingerprint256 ||
          (normaliseSerial(a.cert.serialNumber) === serial && a.cert.issuer === leaf.issuer)),
    )?.ca;
    const revokedBy = record?.revoked_at ? record : selfCa?.revoked_at ? selfCa : undefined;
    const revoked = revokedBy ? { revoked_at: revokedBy.revoked_at!, reason: revokedBy.revocation_reason } : null;
    if (revoked) reasons.push(`revoked at ${revoked.revoked_at} (${revoked.reason})`);
    let hostnameMatches: boolean | null = null;
    if (input.hostname) {
      const host = input.hostname.toLowerCase();
      hostnameMatches = Boolean(isIP(host) ? leaf.checkIP(host) : leaf.checkHost(host));
      if (!hostnameMatches) reasons.push(`does not cover hostname '${input.hostname.slice(0, 80)}'`);
    }
    const status = !trusted
      ? "untrusted"
      : revoked || chainRevoked
        ? "revoked"
        : expired || chainExpired
          ? "expired"
          : early
            ? "not_yet_valid"
            : hostnameMatches === false
              ? "hostname_mismatch"
              : "valid";
    const sans = (leaf.subjectAltName ?? "").split(", ").filter(Boolean);
    return {
      valid: status === "valid",
      status,
      reasons,
      checked_at: new Date(atMs).toISOString(),
      certificate: {
        id: record?.id ?? selfCa?.id ?? null,
        serial_number: serial,
        subject: leaf.subject.replace(/\n/g, ", "),
        issuer: leaf.issuer.replace(/\n/g, ", "),
        not_before: notBefore,
        not_after: notAfter,
        days_remaining: Math.floor((Date.parse(notAfter) - atMs) / DAY),
        alt_names: sans.filter((s) => s.startsWith("DNS:")).map((s) => s.slice(4)),
        ip_sans: sans.filter((s) => s.startsWith("IP Address:")).map((s) => s.slice(11)),
        fingerprint_sha256: leaf.fingerprint256,
      },
      chain,
      revocation: revoked,
      hostname_matches: hostnameMatches,
    };
  }
}
