import { notFound } from "../../core/errors.js";
import type { CertificateAuthorities } from "./cas.js";
import type { PkiContext } from "./context.js";
import { type CaRecord, type CertRecord, type CertSource, DAY, type ListCertsOptions, type Signer } from "./records.js";
import type { Signing } from "./signing.js";
import { type KeySpec, normaliseSerial } from "./x509.js";

/** certificate.expiring fires once per threshold, like secret.expiring (defaults 30d, 7d, 1d); data mirrors secret.expiring. */
const EXPIRY_THRESHOLDS: [string, number][] = [
  ["30d", 30 * DAY],
  ["7d", 7 * DAY],
  ["1d", DAY],
];
const MONITOR = "system:certificate-monitor";

/** What every answer about a certificate starts with: which one it is and the names it covers. */
const names = (cert: CertRecord) => ({
  id: cert.id,
  serial_number: cert.serial_number,
  common_name: cert.common_name,
  alt_names: [...cert.alt_names],
  ip_sans: [...cert.ip_sans],
});

/** The certificates the tenant's PKI issued (by a role or through ACME): records, views, PEMs, expiry notices. */
export class Certificates {
  constructor(
    private readonly pki: PkiContext,
    private readonly signing: Signing,
    private readonly cas: CertificateAuthorities,
  ) {}

  status(cert: CertRecord): "active" | "revoked" | "expired" {
    if (cert.revoked_at) return "revoked";
    return Date.parse(cert.not_after) <= this.pki.nowMs() ? "expired" : "active";
  }

  view(cert: CertRecord) {
    return {
      ...names(cert),
      source: cert.source,
      ca_id: cert.ca_id,
      issuer: cert.issuer,
      role: cert.role,
      acme_order_id: cert.acme_order_id,
      key_type: cert.key_type,
      key_bits: cert.key_bits,
      not_before: cert.not_before,
      not_after: cert.not_after,
      status: this.status(cert),
      days_remaining: Math.floor((Date.parse(cert.not_after) - this.pki.nowMs()) / DAY),
      revoked_at: cert.revoked_at,
      revocation_reason: cert.revocation_reason,
      created_at: cert.created_at,
    };
  }

  /** By id, or by serial number in any of its spellings. */
  find(idOrSerial: string): CertRecord {
    const direct = this.pki.state.certs.get(idOrSerial);
    if (direct) return direct;
    const serial = normaliseSerial(idOrSerial);
    for (const cert of this.pki.state.certs.values()) if (cert.serial_number === serial) return cert;
    throw notFound("certificate_not_found", `Certificate '${idOrSerial.slice(0, 80)}' not found`, {
      certificate_id: idOrSerial.slice(0, 80),
    });
  }

  list(options: ListCertsOptions = {}) {
    if (options.ca_id) this.cas.find(options.ca_id);
    const horizon =
      options.expiring_within_ms === undefined ? undefined : this.pki.nowMs() + options.expiring_within_ms;
    const includeRevoked = options.include_revoked || options.status === "revoked";
    const out = [...this.pki.state.certs.values()].filter((c) => {
      if (options.ca_id && c.ca_id !== options.ca_id) return false;
      if (options.source && c.source !== options.source) return false;
      if (c.revoked_at && (!includeRevoked || horizon !== undefined)) return false;
      if (options.status && this.status(c) !== options.status) return false;
      if (horizon !== undefined && Date.parse(c.not_after) > horizon) return false;
      return true;
    });
    if (horizon !== undefined) out.sort((a, b) => a.not_after.localeCompare(b.not_after));
    return out.map((c) => this.view(c));
  }

  async get(idOrSerial: string) {
    const cert = this.find(idOrSerial);
    const pem = await this.signing.certPem(cert);
    return { ...this.view(cert), fingerprint_sha256: cert.fingerprint_sha256 ?? "", certificate_pem: pem };
  }

  async pem(idOrSerial: string) {
    const cert = this.find(idOrSerial);
    const pem = await this.signing.certPem(cert);
    return {
      id: cert.id,
      serial_number: cert.serial_number,
      certificate_pem: pem,
      ca_chain: (await this.signing.signer(cert)).chain,
    };
  }

  /** A new certificate record (not yet stored, not yet signed). */
  record(p: {
    id: string;
    serial: string;
    source: CertSource;
    ca: CaRecord | null;
    role: string | null;
    orderId: string | null;
    cn: string;
    names: string[];
    ips: string[];
    notBefore: string;
    notAfter: string;
    spec: KeySpec;
    key: { public_key_pem: string } | { seed: string };
    actor: string | null;
    createdAt?: string;
  }): CertRecord {
    return {
      id: p.id,
      serial_number: p.serial,
      common_name: p.cn,
      alt_names: p.names,
      ip_sans: p.ips,
      source: p.source,
      ca_id: p.ca?.id ?? null,
      issuer: p.ca?.common_name ?? this.pki.state.acme_issuer?.common_name ?? "",
      role: p.role,
      acme_order_id: p.orderId,
      key_type: p.spec.key_type,
      key_bits: p.spec.key_bits,
      not_before: p.notBefore,
      not_after: p.notAfter,
      revoked_at: null,
      revocation_reason: null,
      created_at: p.createdAt ?? this.pki.now(),
      created_by: p.actor,
      key_seed: "seed" in p.key ? p.key.seed : null,
      public_key_pem: "seed" in p.key ? null : p.key.public_key_pem,
      certificate_pem: null,
      fingerprint_sha256: null,
      notified: [],
    };
  }

  /** certificate.issued, for a certificate the API just issued. */
  announce(cert: CertRecord, actor: string | null): void {
    this.pki.env.emit(
      "certificate.issued",
      {
        certificate_id: cert.id,
        serial_number: cert.serial_number,
        common_name: cert.common_name,
        alt_names: cert.alt_names,
        ca_id: cert.ca_id,
        role: cert.role,
        source: cert.source,
        acme_order_id: cert.acme_order_id,
        not_after: cert.not_after,
        issued_by: actor,
      },
      actor,
    );
  }

  /** The answer to an issue (the one time the private key is shown) or to a CSR signing (no key: the requester holds it). */
  issued(cert: CertRecord, privateKeyPem: string | null, signer: Signer, warnings: string[]) {
    return {
      ...names(cert),
      issuing_ca_id: cert.ca_id,
      key_type: cert.key_type,
      key_bits: cert.key_bits,
      not_before: cert.not_before,
      not_after: cert.not_after,
      certificate: cert.certificate_pem!,
      ca_chain: signer.chain,
      ...(privateKeyPem === null ? {} : { private_key: privateKeyPem, private_key_type: cert.key_type }),
      warnings,
    };
  }

  /** Emits certificate.expiring once per crossed threshold (the tightest one when several are crossed at once). */
  sweep(): void {
    const now = this.pki.nowMs();
    for (const cert of this.pki.state.certs.values()) {
      if (cert.revoked_at) continue;
      const left = Date.parse(cert.not_after) - now;
      if (left <= 0) continue;
      // A threshold only applies to certificates that lived longer than it (a 7-day cert is not "expiring within 30d" at birth).
      const lifetime = Date.parse(cert.not_after) - Date.parse(cert.not_before);
      const crossed = EXPIRY_THRESHOLDS.filter(
        ([name, ms]) => lifetime > ms && left <= ms && !cert.notified.includes(name),
      );
      if (crossed.length === 0) continue;
      const threshold = crossed[crossed.length - 1]![0];
      cert.notified.push(...crossed.map(([name]) => name));
      this.pki.env.emit(
        "certificate.expiring",
        {
          certificate_id: cert.id,
          serial_number: cert.serial_number,
          common_name: cert.common_name,
          ca_id: cert.ca_id,
          expires_at: cert.not_after,
          days_remaining: Math.floor(left / DAY),
          threshold,
        },
        MONITOR,
      );
    }
  }
}
