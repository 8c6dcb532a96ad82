import type { Certificates } from "./certificates.js";
import type { PkiContext } from "./context.js";
import { type AcmeIssuerRecord, DAY } from "./records.js";
import type { Signing } from "./signing.js";
import { deriveKey, type KeySpec } from "./x509.js";

/**
 * The mock's stand-in for an external ACME CA (like Pebble's root): one per tenant, created on
 * first need, it signs the certificates of finalized ACME orders.
 */
export class AcmeIssuer {
  constructor(
    private readonly pki: PkiContext,
    private readonly signing: Signing,
    private readonly certificates: Certificates,
  ) {}

  /** The mock ACME CA of this tenant, created (unsigned) on first need: EC P-256, valid 10 years around now. */
  ensure(): AcmeIssuerRecord {
    if (this.pki.state.acme_issuer) return this.pki.state.acme_issuer;
    const issuer: AcmeIssuerRecord = {
      common_name: "ScaiVault Mock ACME CA",
      organization: "ScaiVault Mock",
      serial_number: this.pki.serial(),
      not_before: this.pki.nowSeconds(-2 * 365 * DAY),
      not_after: this.pki.nowSeconds(8 * 365 * DAY),
      key_seed: this.pki.seedHex(),
      private_key_pem: null,
      public_key_pem: null,
      certificate_pem: null,
    };
    this.pki.state.acme_issuer = issuer;
    return issuer;
  }

  /** Certificate for a finalized ACME order, signed by the mock ACME issuer (EC P-256 key). */
  async issue(input: { order_id: string; names: string[]; lifetime_ms: number; actor: string | null }) {
    const issuer = this.ensure();
    const id = this.pki.env.vault.ids.next("cert");
    const serial = this.pki.serial();
    const spec: KeySpec = { key_type: "ec", key_bits: 256 };
    const key = deriveKey(spec, this.pki.seedHex());
    const notBefore = this.pki.nowSeconds();
    const notAfter = new Date(
      Math.min(Date.parse(notBefore) + input.lifetime_ms, Date.parse(issuer.not_after)),
    ).toISOString();
    const cn = input.names.find((n) => !n.startsWith("*.")) ?? input.names[0]!;
    const record = this.certificates.record({
      id,
      serial,
      source: "acme",
      ca: null,
      role: null,
      orderId: input.order_id,
      cn,
      names: input.names,
      ips: [],
      notBefore,
      notAfter,
      spec,
      key: { public_key_pem: key.public_key_pem },
      actor: input.actor,
    });
    await this.signing.certPem(record);
    const signer = await this.signing.signer(record);
    this.pki.state.certs.set(record.id, record);
    this.certificates.announce(record, input.actor);
    return this.certificates.issued(record, key.private_key_pem, signer, []);
  }
}
