import { ApiProblem, conflict, notFound } from "../../core/errors.js";
import type { PkiContext } from "./context.js";
import { type CaRecord, type CaType, type CreateCaInput, DAY } from "./records.js";
import type { Signing } from "./signing.js";
import { DEFAULT_BITS, type KeyPairPem, type KeySpec, makeKey } from "./x509.js";

/** The tenant's certificate authorities: roots (self-signed) and intermediates. */
export class CertificateAuthorities {
  constructor(
    private readonly pki: PkiContext,
    private readonly signing: Signing,
  ) {}

  find(id: string): CaRecord {
    const ca = this.pki.state.cas.get(id);
    if (!ca) throw notFound("ca_not_found", `CA '${id}' not found`, { ca_id: id });
    return ca;
  }

  status(ca: CaRecord): "active" | "revoked" | "expired" {
    if (ca.revoked_at) return "revoked";
    return Date.parse(ca.valid_until) <= this.pki.nowMs() ? "expired" : "active";
  }

  view(ca: CaRecord) {
    const status = this.status(ca);
    return {
      id: ca.id,
      name: ca.name,
      common_name: ca.common_name,
      ca_type: ca.ca_type,
      parent_ca_id: ca.parent_ca_id,
      key_type: ca.key_type,
      key_size: ca.key_size,
      serial_number: ca.serial_number,
      valid_from: ca.valid_from,
      valid_until: ca.valid_until,
      is_active: status === "active",
      status,
      revoked_at: ca.revoked_at,
      revocation_reason: ca.revocation_reason,
      certificates_issued: ca.certificates_issued,
      crl_url: this.pki.crlUrl(ca.id),
      created_at: ca.created_at,
    };
  }

  list(caType?: CaType) {
    return [...this.pki.state.cas.values()].filter((ca) => !caType || ca.ca_type === caType).map((ca) => this.view(ca));
  }

  async get(id: string) {
    const ca = this.find(id);
    const pem = await this.signing.caPem(ca);
    return { ...this.view(ca), certificate_pem: pem };
  }

  /** The CA certificate and, for an intermediate, the chain above it up to the root. */
  async certificate(id: string) {
    const ca = this.find(id);
    const chain = await this.signing.chainOf(ca);
    return { ca_id: ca.id, certificate_pem: chain[0]!, ca_chain: chain.slice(1) };
  }

  /** POST /v1/pki/ca: a root (self-signed) or an intermediate (signed by parent_ca_id). */
  async create(input: CreateCaInput, actor: string | null) {
    const { spec, validityMs, warnings } = this.#check(input);
    const ref = this.#ref(input.ca_type);
    const seed = this.pki.seedHex();
    const validFrom = this.pki.nowSeconds();
    const validUntil = new Date(Date.parse(validFrom) + validityMs).toISOString();
    const key = await makeKey(spec, seed);
    const ca = this.#record(ref, input, key, spec, actor, validFrom, validUntil);
    const pem = await this.signing.caPem(ca);
    this.#check(input); // the name may have been taken while the key was generated
    this.pki.state.cas.set(ca.id, ca);
    return { ...this.view(ca), certificate_pem: pem, warnings };
  }

  /** Seeds a CA (EC, key derived from the seed) valid from `validFrom`; signed lazily. */
  seed(input: CreateCaInput, validFrom: string): CaRecord {
    const { spec, validityMs } = this.#check({ ...input, key_type: "ec" });
    const ref = this.#ref(input.ca_type);
    const ca = this.#record(
      ref,
      input,
      { seed: this.pki.seedHex() },
      spec,
      "user:ops@acme.example",
      validFrom,
      new Date(Date.parse(validFrom) + validityMs).toISOString(),
    );
    ca.created_at = validFrom;
    this.pki.state.cas.set(ca.id, ca);
    return ca;
  }

  /** A CA record: with its key (API) or only the seed of its key (demo data). Signed by Signing.caPem. */
  #record(
    ref: { id: string; serial: string },
    input: CreateCaInput,
    key: KeyPairPem | { seed: string },
    spec: KeySpec,
    actor: string | null,
    validFrom: string,
    validUntil: string,
  ): CaRecord {
    return {
      id: ref.id,
      name: input.name,
      common_name: input.common_name,
      ca_type: input.ca_type,
      parent_ca_id: input.ca_type === "intermediate" ? (input.parent_ca_id ?? null) : null,
      key_type: spec.key_type,
      key_size: spec.key_bits,
      serial_number: ref.serial,
      valid_from: validFrom,
      valid_until: validUntil,
      revoked_at: null,
      revocation_reason: null,
      certificates_issued: 0,
      created_at: this.pki.now(),
      created_by: actor,
      key_seed: "seed" in key ? key.seed : null,
      private_key_pem: "seed" in key ? null : key.private_key_pem,
      public_key_pem: "seed" in key ? null : key.public_key_pem,
      certificate_pem: null,
      crl_number: 0,
      crl: null,
    };
  }

  #ref(caType: CaType): { id: string; serial: string } {
    return { id: this.pki.env.vault.ids.next(caType === "root" ? "ca_root" : "ca_int"), serial: this.pki.serial() };
  }

  #check(input: CreateCaInput): {
    spec: KeySpec;
    parent: CaRecord | undefined;
    validityMs: number;
    warnings: string[];
  } {
    const warnings: string[] = [];
    if ([...this.pki.state.cas.values()].some((c) => c.name === input.name))
      throw conflict("ca_already_exists", `A CA named '${input.name}' already exists in this tenant.`, {
        name: input.name,
      }); // code not documented
    const keyType = input.key_type ?? "rsa";
    const spec: KeySpec = { key_type: keyType, key_bits: input.key_size ?? DEFAULT_BITS[keyType] };
    const sizes = keyType === "rsa" ? [2048, 4096] : [256, 384];
    if (!sizes.includes(spec.key_bits))
      throw new ApiProblem(
        422,
        "validation_error",
        `key_size ${spec.key_bits} is not valid for ${keyType} (use ${sizes.join(" or ")}).`,
        { fields: [{ field: "key_size", message: `one of ${sizes.join(", ")}` }] },
      );
    let parent: CaRecord | undefined;
    if (input.ca_type === "intermediate") {
      if (!input.parent_ca_id)
        throw new ApiProblem(422, "validation_error", "parent_ca_id is required for an intermediate CA.", {
          fields: [{ field: "parent_ca_id", message: "required for ca_type intermediate" }],
        });
      parent = this.find(input.parent_ca_id);
      if (this.status(parent) !== "active")
        throw conflict("ca_inactive", `Parent CA '${parent.id}' is ${this.status(parent)}.`, { ca_id: parent.id });
    } else if (input.parent_ca_id) {
      throw new ApiProblem(422, "validation_error", "parent_ca_id is only for intermediate CAs.", {
        fields: [{ field: "parent_ca_id", message: "not allowed for ca_type root" }],
      });
    }
    let validityMs = (input.validity_days ?? (input.ca_type === "root" ? 3650 : 1825)) * DAY;
    if (parent) {
      const room = Date.parse(parent.valid_until) - this.pki.nowMs();
      if (validityMs > room) {
        validityMs = Math.floor(room / 1000) * 1000;
        warnings.push(`validity capped to the parent CA's valid_until (${parent.valid_until})`);
      }
    }
    return { spec, parent, validityMs, warnings };
  }
}
