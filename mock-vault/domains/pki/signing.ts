import { X509Certificate } from "node:crypto";
import { notFound } from "../../core/errors.js";
import type { PkiContext } from "./context.js";
import type { AcmeIssuerRecord, CaRecord, CertRecord, Signer } from "./records.js";
import { buildCertificate, deriveKey, type KeyPairPem, type KeySpec } from "./x509.js";

/**
 * Keys and X.509 built on first need: seeded records hold only the seed of their key and are
 * signed when a PEM is first asked for, so creating a vault never waits for X.509 work.
 */
export class Signing {
  /** In-flight builds per record (instance data, not state: snapshots never see it). */
  readonly #inflight = new Map<object, Promise<string>>();

  constructor(private readonly pki: PkiContext) {}

  /** Keys of a CA or the ACME issuer, derived from the seed on first use. */
  keysOf(
    rec: { key_seed: string | null; private_key_pem: string | null; public_key_pem: string | null },
    spec: KeySpec,
  ): KeyPairPem {
    if (!rec.private_key_pem || !rec.public_key_pem) {
      const key = deriveKey(spec, rec.key_seed!);
      rec.private_key_pem = key.private_key_pem;
      rec.public_key_pem = key.public_key_pem;
    }
    return { private_key_pem: rec.private_key_pem, public_key_pem: rec.public_key_pem };
  }

  caKeys(ca: CaRecord): KeyPairPem {
    return this.keysOf(ca, { key_type: ca.key_type, key_bits: ca.key_size });
  }

  issuerKeys(issuer: AcmeIssuerRecord): KeyPairPem {
    return this.keysOf(issuer, { key_type: "ec", key_bits: 256 });
  }

  #publicKeyOf(cert: CertRecord): string {
    cert.public_key_pem ??= deriveKey(
      { key_type: cert.key_type, key_bits: cert.key_bits },
      cert.key_seed!,
    ).public_key_pem;
    return cert.public_key_pem;
  }

  /** One build per record at a time (concurrent requests share it). */
  #once(record: object, make: () => Promise<string>): Promise<string> {
    let promise = this.#inflight.get(record);
    if (!promise) {
      promise = make().finally(() => this.#inflight.delete(record));
      this.#inflight.set(record, promise);
    }
    return promise;
  }

  async caPem(ca: CaRecord): Promise<string> {
    if (ca.certificate_pem) return ca.certificate_pem;
    return this.#once(ca, async () => {
      const parent = ca.parent_ca_id ? this.pki.state.cas.get(ca.parent_ca_id) : undefined;
      const keys = this.caKeys(ca);
      const issuer = parent
        ? { certificate_pem: await this.caPem(parent), private_key_pem: this.caKeys(parent).private_key_pem }
        : undefined;
      const pem = await buildCertificate({
        serial: ca.serial_number,
        common_name: ca.common_name,
        not_before: ca.valid_from,
        not_after: ca.valid_until,
        public_key_pem: keys.public_key_pem,
        issuer,
        self_key_pem: keys.private_key_pem,
        crl_url: parent ? this.pki.crlUrl(parent.id) : undefined,
        ca: { path_length: ca.ca_type === "intermediate" ? 0 : undefined },
      });
      ca.certificate_pem ??= pem;
      return ca.certificate_pem;
    });
  }

  async issuerPem(issuer: AcmeIssuerRecord): Promise<string> {
    if (issuer.certificate_pem) return issuer.certificate_pem;
    return this.#once(issuer, async () => {
      const keys = this.issuerKeys(issuer);
      const pem = await buildCertificate({
        serial: issuer.serial_number,
        common_name: issuer.common_name,
        organization: issuer.organization,
        not_before: issuer.not_before,
        not_after: issuer.not_after,
        public_key_pem: keys.public_key_pem,
        self_key_pem: keys.private_key_pem,
        ca: {},
      });
      issuer.certificate_pem ??= pem;
      return issuer.certificate_pem;
    });
  }

  /** The signer of a certificate: its CA (with the chain up to the root) or the ACME issuer. */
  async signer(cert: Pick<CertRecord, "source" | "ca_id">): Promise<Signer> {
    if (cert.source === "acme") {
      const issuer = this.pki.state.acme_issuer!;
      const pem = await this.issuerPem(issuer);
      return { certificate_pem: pem, private_key_pem: this.issuerKeys(issuer).private_key_pem, chain: [pem] };
    }
    const ca = this.pki.state.cas.get(cert.ca_id!);
    if (!ca) throw notFound("ca_not_found", `CA '${cert.ca_id}' not found`, { ca_id: cert.ca_id });
    return {
      certificate_pem: await this.caPem(ca),
      private_key_pem: this.caKeys(ca).private_key_pem,
      chain: await this.chainOf(ca),
    };
  }

  /** PEMs from the CA up to its root. */
  async chainOf(ca: CaRecord): Promise<string[]> {
    const chain: string[] = [];
    for (
      let c: CaRecord | undefined = ca;
      c && chain.length < 8;
      c = c.parent_ca_id ? this.pki.state.cas.get(c.parent_ca_id) : undefined
    )
      chain.push(await this.caPem(c));
    return chain;
  }

  async certPem(cert: CertRecord): Promise<string> {
    if (cert.certificate_pem) return cert.certificate_pem;
    return this.#once(cert, async () => {
      const signer = await this.signer(cert);
      const pem = await buildCertificate({
        serial: cert.serial_number,
        common_name: cert.common_name,
        not_before: cert.not_before,
        not_after: cert.not_after,
        public_key_pem: this.#publicKeyOf(cert),
        issuer: { certificate_pem: signer.certificate_pem, private_key_pem: signer.private_key_pem },
        dns_names: cert.alt_names,
        ip_sans: cert.ip_sans,
        crl_url: cert.ca_id ? this.pki.crlUrl(cert.ca_id) : undefined,
      });
      if (!cert.certificate_pem) {
        cert.certificate_pem = pem;
        cert.fingerprint_sha256 = new X509Certificate(pem).fingerprint256;
      }
      return cert.certificate_pem;
    });
  }

  /** Signs every CA and the ACME issuer (validation compares against all of them). */
  async issuers(): Promise<void> {
    for (const ca of [...this.pki.state.cas.values()]) await this.caPem(ca);
    if (this.pki.state.acme_issuer) await this.issuerPem(this.pki.state.acme_issuer);
  }

  /** Signs everything still unsigned (tests and warm-up; the API builds only what a request needs). */
  async ready(): Promise<void> {
    await this.issuers();
    for (const cert of [...this.pki.state.certs.values()]) await this.certPem(cert);
  }
}
