import { X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { parseDuration } from "../../core/duration.js";
import { ApiProblem, badRequest, conflict, notFound } from "../../core/errors.js";
import type { StoreEnv } from "../../core/vault.js";
import {
  buildCertificate,
  buildCrl,
  DEFAULT_BITS,
  deriveKey,
  KEY_SIZES,
  type KeyPairPem,
  type KeySpec,
  type KeyType,
  makeKey,
  normaliseSerial,
  parseCertificate,
  type RevocationReason,
  serialFrom,
} from "./x509.js";

const DAY = 86_400_000;
/** certificate.expiring fires once per threshold, like secret.expiring (defaults 30d, 7d, 1d); data mirrors secret.expiring. */
const EXPIRY_THRESHOLDS: [string, number][] = [
  ["30d", 30 * DAY],
  ["7d", 7 * DAY],
  ["1d", DAY],
];
/** CRLs are valid for a day; a stale one is regenerated on the next fetch (docs: "generated automatically"). */
const CRL_LIFETIME_MS = DAY;
const MONITOR = "system:certificate-monitor";
const HOSTNAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

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

interface Signer {
  certificate_pem: string;
  private_key_pem: string;
  chain: string[];
}

/** PKI state of one tenant: CAs, roles, certificates, CRLs. `state` holds plain data only. */
export class PkiStore {
  state = {
    cas: new Map<string, CaRecord>(),
    roles: new Map<string, RoleRecord>(),
    certs: new Map<string, CertRecord>(),
    acme_issuer: null as AcmeIssuerRecord | null,
  };

  /** In-flight builds per record (instance data, not state: snapshots never see it). */
  readonly #inflight = new Map<object, Promise<string>>();

  constructor(readonly env: StoreEnv) {}

  get #clock() {
    return this.env.vault.clock;
  }

  #now(): string {
    return this.#clock.iso();
  }

  /** Now, truncated to whole seconds (X.509 times have second precision). */
  #nowSeconds(offsetMs = 0): string {
    return new Date(Math.floor((this.#clock.nowMs() + offsetMs) / 1000) * 1000).toISOString();
  }

  #seedHex(): string {
    return this.env.vault.ids.hex(48);
  }

  #serial(): string {
    return serialFrom(this.env.vault.ids.hex(16));
  }

  crlUrl(caId: string): string {
    return `${this.env.vault.baseUrl}/v1/pki/ca/${caId}/crl`;
  }

  // ---------------------------------------------------------------- lazy keys and X.509

  /** Keys of a CA or the ACME issuer, derived from the seed on first use. */
  #keysOf(
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

  async #caPem(ca: CaRecord): Promise<string> {
    if (ca.certificate_pem) return ca.certificate_pem;
    return this.#once(ca, async () => {
      const parent = ca.parent_ca_id ? this.state.cas.get(ca.parent_ca_id) : undefined;
      const keys = this.#keysOf(ca, { key_type: ca.key_type, key_bits: ca.key_size });
      const issuer = parent
        ? {
            certificate_pem: await this.#caPem(parent),
            private_key_pem: this.#keysOf(parent, { key_type: parent.key_type, key_bits: parent.key_size })
              .private_key_pem,
          }
        : undefined;
      const pem = await buildCertificate({
        serial: ca.serial_number,
        common_name: ca.common_name,
        not_before: ca.valid_from,
        not_after: ca.valid_until,
        public_key_pem: keys.public_key_pem,
        issuer,
        self_key_pem: keys.private_key_pem,
        crl_url: parent ? this.crlUrl(parent.id) : undefined,
        ca: { path_length: ca.ca_type === "intermediate" ? 0 : undefined },
      });
      ca.certificate_pem ??= pem;
      return ca.certificate_pem;
    });
  }

  async #issuerPem(): Promise<string> {
    const issuer = this.ensureAcmeIssuer();
    if (issuer.certificate_pem) return issuer.certificate_pem;
    return this.#once(issuer, async () => {
      const keys = this.#keysOf(issuer, { key_type: "ec", key_bits: 256 });
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
  async #signer(cert: Pick<CertRecord, "source" | "ca_id">): Promise<Signer> {
    if (cert.source === "acme") {
      const pem = await this.#issuerPem();
      return {
        certificate_pem: pem,
        private_key_pem: this.#keysOf(this.state.acme_issuer!, { key_type: "ec", key_bits: 256 }).private_key_pem,
        chain: [pem],
      };
    }
    const ca = this.#ca(cert.ca_id!);
    return {
      certificate_pem: await this.#caPem(ca),
      private_key_pem: this.#keysOf(ca, { key_type: ca.key_type, key_bits: ca.key_size }).private_key_pem,
      chain: await this.#chainOf(ca),
    };
  }

  /** PEMs from the CA up to its root. */
  async #chainOf(ca: CaRecord): Promise<string[]> {
    const chain: string[] = [];
    for (
      let c: CaRecord | undefined = ca;
      c && chain.length < 8;
      c = c.parent_ca_id ? this.state.cas.get(c.parent_ca_id) : undefined
    )
      chain.push(await this.#caPem(c));
    return chain;
  }

  async #certPem(cert: CertRecord): Promise<string> {
    if (cert.certificate_pem) return cert.certificate_pem;
    return this.#once(cert, async () => {
      const signer = await this.#signer(cert);
      const pem = await buildCertificate(this.#leafSpec(cert, signer));
      if (!cert.certificate_pem) {
        cert.certificate_pem = pem;
        cert.fingerprint_sha256 = new X509Certificate(pem).fingerprint256;
      }
      return cert.certificate_pem;
    });
  }

  #leafSpec(cert: CertRecord, signer: Signer) {
    return {
      serial: cert.serial_number,
      common_name: cert.common_name,
      not_before: cert.not_before,
      not_after: cert.not_after,
      public_key_pem: this.#publicKeyOf(cert),
      issuer: { certificate_pem: signer.certificate_pem, private_key_pem: signer.private_key_pem },
      dns_names: cert.alt_names,
      ip_sans: cert.ip_sans,
      crl_url: cert.ca_id ? this.crlUrl(cert.ca_id) : undefined,
    };
  }

  /** Signs everything still unsigned (tests and warm-up; the API builds only what a request needs). */
  async ready(): Promise<void> {
    for (const ca of [...this.state.cas.values()]) await this.#caPem(ca);
    if (this.state.acme_issuer) await this.#issuerPem();
    for (const cert of [...this.state.certs.values()]) await this.#certPem(cert);
  }

  /** Emits certificate.expiring once per crossed threshold (the tightest one when several are crossed at once). */
  sweep(): void {
    const now = this.#clock.nowMs();
    for (const cert of this.state.certs.values()) {
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
      this.env.emit(
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

  // ---------------------------------------------------------------- CAs

  #ca(id: string): CaRecord {
    const ca = this.state.cas.get(id);
    if (!ca) throw notFound("ca_not_found", `CA '${id}' not found`, { ca_id: id });
    return ca;
  }

  #caStatus(ca: CaRecord): "active" | "revoked" | "expired" {
    if (ca.revoked_at) return "revoked";
    return Date.parse(ca.valid_until) <= this.#clock.nowMs() ? "expired" : "active";
  }

  caView(ca: CaRecord) {
    const status = this.#caStatus(ca);
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
      crl_url: this.crlUrl(ca.id),
      created_at: ca.created_at,
    };
  }

  listCas(caType?: CaType) {
    return [...this.state.cas.values()].filter((ca) => !caType || ca.ca_type === caType).map((ca) => this.caView(ca));
  }

  async getCa(id: string) {
    const ca = this.#ca(id);
    const pem = await this.#caPem(ca);
    return { ...this.caView(ca), certificate_pem: pem };
  }

  /** The CA certificate and, for an intermediate, the chain above it up to the root. */
  async caCertificate(id: string) {
    const ca = this.#ca(id);
    const chain = await this.#chainOf(ca);
    return { ca_id: ca.id, certificate_pem: chain[0]!, ca_chain: chain.slice(1) };
  }

  /** A CA record: with its key (API) or only the seed of its key (demo data). Signed by #caPem. */
  #newCa(
    ref: { id: string; serial: string },
    input: CreateCaInput,
    key: KeyPairPem | { seed: string },
    spec: KeySpec,
    actor: string | null,
    validFrom: string,
    validUntil: string,
  ): CaRecord {
    const ca: CaRecord = {
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
      created_at: this.#now(),
      created_by: actor,
      key_seed: "seed" in key ? key.seed : null,
      private_key_pem: "seed" in key ? null : key.private_key_pem,
      public_key_pem: "seed" in key ? null : key.public_key_pem,
      certificate_pem: null,
      crl_number: 0,
      crl: null,
    };
    return ca;
  }

  #caRef(caType: CaType): { id: string; serial: string } {
    return { id: this.env.vault.ids.next(caType === "root" ? "ca_root" : "ca_int"), serial: this.#serial() };
  }

  #checkCaInput(input: CreateCaInput): {
    spec: KeySpec;
    parent: CaRecord | undefined;
    validityMs: number;
    warnings: string[];
  } {
    const warnings: string[] = [];
    if ([...this.state.cas.values()].some((c) => c.name === input.name))
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
      parent = this.#ca(input.parent_ca_id);
      if (this.#caStatus(parent) !== "active")
        throw conflict("ca_inactive", `Parent CA '${parent.id}' is ${this.#caStatus(parent)}.`, { ca_id: parent.id });
    } else if (input.parent_ca_id) {
      throw new ApiProblem(422, "validation_error", "parent_ca_id is only for intermediate CAs.", {
        fields: [{ field: "parent_ca_id", message: "not allowed for ca_type root" }],
      });
    }
    let validityMs = (input.validity_days ?? (input.ca_type === "root" ? 3650 : 1825)) * DAY;
    if (parent) {
      const room = Date.parse(parent.valid_until) - this.#clock.nowMs();
      if (validityMs > room) {
        validityMs = Math.floor(room / 1000) * 1000;
        warnings.push(`validity capped to the parent CA's valid_until (${parent.valid_until})`);
      }
    }
    return { spec, parent, validityMs, warnings };
  }

  /** POST /v1/pki/ca: a root (self-signed) or an intermediate (signed by parent_ca_id). */
  async createCa(input: CreateCaInput, actor: string | null) {
    const { spec, validityMs, warnings } = this.#checkCaInput(input);
    const ref = this.#caRef(input.ca_type);
    const seed = this.#seedHex();
    const validFrom = this.#nowSeconds();
    const validUntil = new Date(Date.parse(validFrom) + validityMs).toISOString();
    const key = await makeKey(spec, seed);
    const ca = this.#newCa(ref, input, key, spec, actor, validFrom, validUntil);
    const pem = await this.#caPem(ca);
    this.#checkCaInput(input); // the name may have been taken while the key was generated
    this.state.cas.set(ca.id, ca);
    return { ...this.caView(ca), certificate_pem: pem, warnings };
  }

  /** POST /v1/pki/ca/{id}/revoke: the CA and every certificate (and CA) under it are revoked. */
  revokeCa(id: string, reason: RevocationReason, actor: string | null) {
    const ca = this.#ca(id);
    if (ca.revoked_at)
      throw conflict("ca_already_revoked", `CA '${id}' was revoked at ${ca.revoked_at}.`, { ca_id: id });
    const now = this.#nowSeconds();
    const childReason: RevocationReason = reason === "keyCompromise" ? "cACompromise" : reason;
    const revokeTree = (node: CaRecord, why: RevocationReason) => {
      node.revoked_at = now;
      node.revocation_reason = why;
      if (node.parent_ca_id) this.#invalidateCrl(node.parent_ca_id);
      for (const cert of this.state.certs.values())
        if (cert.ca_id === node.id && !cert.revoked_at) this.#markRevoked(cert, childReason, now, actor);
      for (const child of this.state.cas.values())
        if (child.parent_ca_id === node.id && !child.revoked_at) revokeTree(child, childReason);
    };
    revokeTree(ca, reason);
    return this.caView(ca);
  }

  #invalidateCrl(caId: string): void {
    const ca = this.state.cas.get(caId);
    if (ca) ca.crl = null;
  }

  /** The CA's current CRL (rebuilt when missing, stale, or `force`). */
  async crl(id: string, force = false) {
    const ca = this.#ca(id);
    const now = this.#clock.nowMs();
    if (force || !ca.crl || Date.parse(ca.crl.next_update) <= now) {
      const entries = [
        ...[...this.state.certs.values()]
          .filter((c) => c.ca_id === id && c.revoked_at)
          .map((c) => ({
            serial: c.serial_number,
            revoked_at: c.revoked_at!,
            reason: c.revocation_reason ?? "unspecified",
          })),
        ...[...this.state.cas.values()]
          .filter((c) => c.parent_ca_id === id && c.revoked_at)
          .map((c) => ({
            serial: c.serial_number,
            revoked_at: c.revoked_at!,
            reason: c.revocation_reason ?? "unspecified",
          })),
      ] as { serial: string; revoked_at: string; reason: RevocationReason }[];
      const number = ca.crl_number + 1;
      const thisUpdate = this.#nowSeconds();
      const nextUpdate = this.#nowSeconds(CRL_LIFETIME_MS);
      const issuer = {
        certificate_pem: await this.#caPem(ca),
        private_key_pem: this.#keysOf(ca, { key_type: ca.key_type, key_bits: ca.key_size }).private_key_pem,
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
    const revoked =
      [...this.state.certs.values()].filter((c) => c.ca_id === id && c.revoked_at).length +
      [...this.state.cas.values()].filter((c) => c.parent_ca_id === id && c.revoked_at).length;
    return {
      ca_id: id,
      crl_number: crl.number,
      this_update: crl.this_update,
      next_update: crl.next_update,
      revoked_count: revoked,
      crl_pem: crl.pem,
    };
  }

  // ---------------------------------------------------------------- roles

  roleView(role: RoleRecord) {
    return { ...role, allowed_domains: [...role.allowed_domains] };
  }

  listRoles() {
    return [...this.state.roles.values()].map((r) => this.roleView(r));
  }

  getRole(name: string): RoleRecord {
    const role = this.state.roles.get(name);
    if (!role) throw notFound("role_not_found", `PKI role '${name}' not found`, { role: name });
    return role;
  }

  createRole(input: CreateRoleInput) {
    if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(input.name))
      throw badRequest(
        "invalid_role",
        `Role name '${input.name.slice(0, 64)}' is invalid: use 1-64 of a-z, 0-9, '-' and '_'.`,
      );
    if (this.state.roles.has(input.name))
      throw conflict("role_already_exists", `PKI role '${input.name}' already exists.`, { role: input.name }); // code not documented
    this.#ca(input.ca_id);
    const ttl = input.ttl ?? "720h";
    const maxTtl = input.max_ttl ?? "2160h";
    for (const [field, value] of [
      ["ttl", ttl],
      ["max_ttl", maxTtl],
    ] as const)
      if (!(parseDuration(value)! > 0))
        throw badRequest("invalid_duration", `Duration '${value}' (${field}) did not parse.`);
    const keyType = input.key_type ?? "ec";
    const keyBits = input.key_bits ?? (keyType === "any" ? 0 : DEFAULT_BITS[keyType]);
    if (keyType !== "any" && !KEY_SIZES[keyType].includes(keyBits))
      throw new ApiProblem(422, "validation_error", `key_bits ${keyBits} is not valid for ${keyType}.`, {
        fields: [{ field: "key_bits", message: `one of ${KEY_SIZES[keyType].join(", ")}` }],
      });
    const now = this.#now();
    const role: RoleRecord = {
      name: input.name,
      ca_id: input.ca_id,
      allowed_domains: (input.allowed_domains ?? []).map((d) => d.toLowerCase()),
      allow_subdomains: input.allow_subdomains ?? false,
      allow_wildcards: input.allow_wildcards ?? false,
      allow_ip_sans: input.allow_ip_sans ?? false,
      ttl,
      max_ttl: maxTtl,
      key_type: keyType,
      key_bits: keyBits,
      require_cn: input.require_cn ?? true,
      store_private_keys: input.store_private_keys ?? false,
      created_at: now,
      updated_at: now,
    };
    this.state.roles.set(role.name, role);
    return this.roleView(role);
  }

  // ---------------------------------------------------------------- certificates

  #status(cert: CertRecord): "active" | "revoked" | "expired" {
    if (cert.revoked_at) return "revoked";
    return Date.parse(cert.not_after) <= this.#clock.nowMs() ? "expired" : "active";
  }

  certView(cert: CertRecord) {
    return {
      id: cert.id,
      serial_number: cert.serial_number,
      common_name: cert.common_name,
      alt_names: [...cert.alt_names],
      ip_sans: [...cert.ip_sans],
      source: cert.source,
      ca_id: cert.ca_id,
      issuer: cert.issuer,
      role: cert.role,
      acme_order_id: cert.acme_order_id,
      key_type: cert.key_type,
      key_bits: cert.key_bits,
      not_before: cert.not_before,
      not_after: cert.not_after,
      status: this.#status(cert),
      days_remaining: Math.floor((Date.parse(cert.not_after) - this.#clock.nowMs()) / DAY),
      revoked_at: cert.revoked_at,
      revocation_reason: cert.revocation_reason,
      created_at: cert.created_at,
    };
  }

  #cert(idOrSerial: string): CertRecord {
    const direct = this.state.certs.get(idOrSerial);
    if (direct) return direct;
    const serial = normaliseSerial(idOrSerial);
    for (const cert of this.state.certs.values()) if (cert.serial_number === serial) return cert;
    throw notFound("certificate_not_found", `Certificate '${idOrSerial.slice(0, 80)}' not found`, {
      certificate_id: idOrSerial.slice(0, 80),
    });
  }

  listCertificates(options: ListCertsOptions = {}) {
    if (options.ca_id) this.#ca(options.ca_id);
    const horizon =
      options.expiring_within_ms === undefined ? undefined : this.#clock.nowMs() + options.expiring_within_ms;
    const includeRevoked = options.include_revoked || options.status === "revoked";
    const out = [...this.state.certs.values()].filter((c) => {
      if (options.ca_id && c.ca_id !== options.ca_id) return false;
      if (options.source && c.source !== options.source) return false;
      if (c.revoked_at && (!includeRevoked || horizon !== undefined)) return false;
      if (options.status && this.#status(c) !== options.status) return false;
      if (horizon !== undefined && Date.parse(c.not_after) > horizon) return false;
      return true;
    });
    if (horizon !== undefined) out.sort((a, b) => a.not_after.localeCompare(b.not_after));
    return out.map((c) => this.certView(c));
  }

  async getCertificate(idOrSerial: string) {
    const cert = this.#cert(idOrSerial);
    const pem = await this.#certPem(cert);
    return { ...this.certView(cert), fingerprint_sha256: cert.fingerprint_sha256 ?? "", certificate_pem: pem };
  }

  async certificatePem(idOrSerial: string) {
    const cert = this.#cert(idOrSerial);
    const pem = await this.#certPem(cert);
    return {
      id: cert.id,
      serial_number: cert.serial_number,
      certificate_pem: pem,
      ca_chain: (await this.#signer(cert)).chain,
    };
  }

  #markRevoked(cert: CertRecord, reason: RevocationReason, at: string, actor: string | null): void {
    cert.revoked_at = at;
    cert.revocation_reason = reason;
    if (cert.ca_id) this.#invalidateCrl(cert.ca_id);
    this.env.emit(
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
    const cert = this.#cert(idOrSerial);
    if (cert.revoked_at)
      throw conflict(
        "certificate_already_revoked",
        `Certificate ${cert.serial_number} was revoked at ${cert.revoked_at}.`,
        { certificate_id: cert.id },
      ); // code not documented
    this.#markRevoked(cert, reason, this.#nowSeconds(), actor);
    return { ...this.certView(cert), crl_url: cert.ca_id ? this.crlUrl(cert.ca_id) : null };
  }

  /** Checks names, IP SANs, TTL and key shape against the role; returns what to issue. */
  #plan(role: RoleRecord, ca: CaRecord, input: IssueInput) {
    const warnings: string[] = [];
    const cn = input.common_name?.trim().toLowerCase();
    if (!cn && role.require_cn) throw badRequest("invalid_request", `Role '${role.name}' requires a common_name.`);
    const names = [...new Set([...(cn ? [cn] : []), ...(input.alt_names ?? []).map((n) => n.trim().toLowerCase())])];
    if (names.length === 0) throw badRequest("invalid_request", "Give a common_name or at least one alt_name.");
    for (const name of names) {
      if (isIP(name)) throw badRequest("invalid_request", `'${name}' is an IP address: put it in ip_sans.`, { name });
      if (name.length > 253 || !HOSTNAME.test(name))
        throw badRequest("invalid_request", `'${name.slice(0, 80)}' is not a valid DNS name.`, {
          name: name.slice(0, 80),
        });
      if (name.startsWith("*.") && !role.allow_wildcards)
        throw badRequest("domain_not_allowed", `Role '${role.name}' does not allow wildcard names ('${name}').`, {
          name,
          role: role.name,
        }); // code not documented
      if (!nameAllowed(name, role))
        throw badRequest(
          "domain_not_allowed",
          `'${name}' is not allowed by role '${role.name}' (allowed: ${role.allowed_domains.join(", ")}).`,
          { name, role: role.name, allowed_domains: role.allowed_domains },
        );
    }
    const ips = [...new Set(input.ip_sans ?? [])];
    if (ips.length > 0 && !role.allow_ip_sans)
      throw badRequest("ip_sans_not_allowed", `Role '${role.name}' does not allow IP SANs.`, { role: role.name });
    for (const ip of ips)
      if (!isIP(ip)) throw badRequest("invalid_request", `'${ip.slice(0, 60)}' is not an IP address.`);
    const ttlText = input.ttl ?? role.ttl;
    let ttlMs = parseDuration(ttlText);
    if (ttlMs === undefined || ttlMs <= 0)
      throw badRequest("invalid_duration", `Duration '${ttlText}' did not parse (use e.g. 720h, 7d).`);
    const maxMs = parseDuration(role.max_ttl)!;
    if (ttlMs > maxMs) {
      warnings.push(`ttl ${ttlText} exceeds the role's max_ttl ${role.max_ttl}; capped`);
      ttlMs = maxMs;
    }
    const notBefore = this.#nowSeconds();
    let notAfterMs = Date.parse(notBefore) + ttlMs;
    if (notAfterMs > Date.parse(ca.valid_until)) {
      warnings.push(`not_after capped to the CA's valid_until (${ca.valid_until})`);
      notAfterMs = Date.parse(ca.valid_until);
    }
    let spec: KeySpec;
    if (role.key_type === "any") {
      const type = input.key_type ?? "ec";
      spec = { key_type: type, key_bits: input.key_bits ?? DEFAULT_BITS[type] };
    } else {
      if (input.key_type && input.key_type !== role.key_type)
        throw badRequest("key_type_not_allowed", `Role '${role.name}' issues ${role.key_type} keys only.`, {
          role: role.name,
          key_type: role.key_type,
        }); // code not documented
      if (input.key_bits && input.key_bits !== role.key_bits)
        throw badRequest("key_type_not_allowed", `Role '${role.name}' issues ${role.key_bits}-bit keys only.`, {
          role: role.name,
          key_bits: role.key_bits,
        });
      spec = { key_type: role.key_type, key_bits: role.key_bits };
    }
    if (!KEY_SIZES[spec.key_type].includes(spec.key_bits))
      throw new ApiProblem(422, "validation_error", `key_bits ${spec.key_bits} is not valid for ${spec.key_type}.`, {
        fields: [{ field: "key_bits", message: `one of ${KEY_SIZES[spec.key_type].join(", ")}` }],
      });
    return { cn: cn ?? names[0]!, names, ips, notBefore, notAfter: new Date(notAfterMs).toISOString(), spec, warnings };
  }

  /** POST /v1/pki/issue/{role}: ScaiVault generates the key; the private key is returned only here. */
  async issue(roleName: string, input: IssueInput, actor: string | null) {
    const role = this.getRole(roleName);
    const ca = this.#ca(role.ca_id);
    if (this.#caStatus(ca) !== "active")
      throw conflict("ca_inactive", `The role's CA '${ca.id}' is ${this.#caStatus(ca)}.`, { ca_id: ca.id });
    const plan = this.#plan(role, ca, input);
    const id = this.env.vault.ids.next("cert");
    const serial = this.#serial();
    const seed = this.#seedHex();
    const key = await makeKey(plan.spec, seed);
    const record = this.#newCert({
      id,
      serial,
      source: "pki",
      ca,
      role: role.name,
      orderId: null,
      cn: plan.cn,
      names: plan.names,
      ips: plan.ips,
      notBefore: plan.notBefore,
      notAfter: plan.notAfter,
      spec: plan.spec,
      key: { public_key_pem: key.public_key_pem },
      actor,
    });
    await this.#certPem(record);
    const signer = await this.#signer(record);
    this.state.certs.set(record.id, record);
    ca.certificates_issued += 1;
    this.#announce(record, actor);
    return this.#issued(record, key.private_key_pem, signer, plan.warnings);
  }

  /** Certificate for a finalized ACME order, signed by the mock ACME issuer (EC P-256 key). */
  async issueAcme(input: { order_id: string; names: string[]; lifetime_ms: number; actor: string | null }) {
    const issuer = this.ensureAcmeIssuer();
    const id = this.env.vault.ids.next("cert");
    const serial = this.#serial();
    const spec: KeySpec = { key_type: "ec", key_bits: 256 };
    const key = deriveKey(spec, this.#seedHex());
    const notBefore = this.#nowSeconds();
    const notAfter = new Date(
      Math.min(Date.parse(notBefore) + input.lifetime_ms, Date.parse(issuer.not_after)),
    ).toISOString();
    const cn = input.names.find((n) => !n.startsWith("*.")) ?? input.names[0]!;
    const record = this.#newCert({
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
    await this.#certPem(record);
    const signer = await this.#signer(record);
    this.state.certs.set(record.id, record);
    this.#announce(record, input.actor);
    return this.#issued(record, key.private_key_pem, signer, []);
  }

  #announce(cert: CertRecord, actor: string | null): void {
    this.env.emit(
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

  #issued(cert: CertRecord, privateKeyPem: string, signer: Signer, warnings: string[]) {
    return {
      id: cert.id,
      serial_number: cert.serial_number,
      common_name: cert.common_name,
      alt_names: [...cert.alt_names],
      ip_sans: [...cert.ip_sans],
      issuing_ca_id: cert.ca_id,
      key_type: cert.key_type,
      key_bits: cert.key_bits,
      not_before: cert.not_before,
      not_after: cert.not_after,
      certificate: cert.certificate_pem!,
      ca_chain: signer.chain,
      private_key: privateKeyPem,
      private_key_type: cert.key_type,
      warnings,
    };
  }

  #newCert(p: {
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
      issuer: p.ca?.common_name ?? this.state.acme_issuer?.common_name ?? "",
      role: p.role,
      acme_order_id: p.orderId,
      key_type: p.spec.key_type,
      key_bits: p.spec.key_bits,
      not_before: p.notBefore,
      not_after: p.notAfter,
      revoked_at: null,
      revocation_reason: null,
      created_at: p.createdAt ?? this.#now(),
      created_by: p.actor,
      key_seed: "seed" in p.key ? p.key.seed : null,
      public_key_pem: "seed" in p.key ? null : p.key.public_key_pem,
      certificate_pem: null,
      fingerprint_sha256: null,
      notified: [],
    };
  }

  // ---------------------------------------------------------------- validation

  /**
   * Chain to one of the tenant's CAs (or the ACME issuer) by signature, validity of every link at
   * `at` (default: the vault clock), revocation of the leaf and of the CAs, optional hostname.
   */
  async validate(input: ValidateInput) {
    let record: CertRecord | undefined;
    let pem = input.certificate_pem;
    if (input.certificate_id) {
      record = this.#cert(input.certificate_id);
      pem = await this.#certPem(record);
    }
    for (const ca of [...this.state.cas.values()]) await this.#caPem(ca);
    if (this.state.acme_issuer) await this.#issuerPem();
    const leaf = pem ? parseCertificate(pem) : undefined;
    if (!leaf) throw badRequest("invalid_certificate", "certificate_pem is not a PEM-encoded X.509 certificate."); // code not documented
    const atMs = input.at ? Date.parse(input.at) : this.#clock.nowMs();
    if (Number.isNaN(atMs)) throw badRequest("invalid_request", "at must be an ISO-8601 time.");
    const serial = normaliseSerial(leaf.serialNumber);

    const anchors: { ca: CaRecord | null; cert: X509Certificate }[] = [];
    for (const ca of this.state.cas.values())
      if (ca.certificate_pem) anchors.push({ ca, cert: new X509Certificate(ca.certificate_pem) });
    const issuer = this.state.acme_issuer;
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
      ? [...this.state.certs.values()].find(
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

  // ---------------------------------------------------------------- seeding (synchronous, no events)

  /** The mock ACME CA of this tenant, created (unsigned) on first need: EC P-256, valid 10 years around now. */
  ensureAcmeIssuer(): AcmeIssuerRecord {
    if (this.state.acme_issuer) return this.state.acme_issuer;
    const issuer: AcmeIssuerRecord = {
      common_name: "ScaiVault Mock ACME CA",
      organization: "ScaiVault Mock",
      serial_number: this.#serial(),
      not_before: this.#nowSeconds(-2 * 365 * DAY),
      not_after: this.#nowSeconds(8 * 365 * DAY),
      key_seed: this.#seedHex(),
      private_key_pem: null,
      public_key_pem: null,
      certificate_pem: null,
    };
    this.state.acme_issuer = issuer;
    return issuer;
  }

  /** Seeds a CA (EC, key derived from the seed) valid from `validFrom`; signed lazily. */
  seedCa(input: CreateCaInput, validFrom: string): CaRecord {
    const { spec, validityMs } = this.#checkCaInput({ ...input, key_type: "ec" });
    const ref = this.#caRef(input.ca_type);
    const ca = this.#newCa(
      ref,
      input,
      { seed: this.#seedHex() },
      spec,
      "user:ops@acme.example",
      validFrom,
      new Date(Date.parse(validFrom) + validityMs).toISOString(),
    );
    ca.created_at = validFrom;
    this.state.cas.set(ca.id, ca);
    return ca;
  }

  /** Seeds a certificate issued under a role at `issuedAt` (EC P-256 key, derived; no private key kept). */
  seedCertificate(p: {
    role?: string;
    order_id?: string;
    names: string[];
    ip_sans?: string[];
    issued_at: string;
    ttl: string;
    revoked?: { at: string; reason: RevocationReason };
  }): CertRecord {
    const role = p.role ? this.getRole(p.role) : undefined;
    const ca = role ? this.#ca(role.ca_id) : null;
    if (!role) this.ensureAcmeIssuer();
    const spec: KeySpec = { key_type: "ec", key_bits: 256 };
    const id = this.env.vault.ids.next("cert");
    const serial = this.#serial();
    const seed = this.#seedHex();
    const notBefore = new Date(Math.floor(Date.parse(p.issued_at) / 1000) * 1000).toISOString();
    const notAfter = new Date(Date.parse(notBefore) + parseDuration(p.ttl)!).toISOString();
    const record = this.#newCert({
      id,
      serial,
      source: role ? "pki" : "acme",
      ca,
      role: role?.name ?? null,
      orderId: p.order_id ?? null,
      cn: p.names[0]!,
      names: p.names,
      ips: p.ip_sans ?? [],
      notBefore,
      notAfter,
      spec,
      key: { seed },
      actor: role ? "user:ops@acme.example" : "system:acme",
      createdAt: notBefore,
    });
    if (p.revoked) {
      record.revoked_at = p.revoked.at;
      record.revocation_reason = p.revoked.reason;
    }
    this.state.certs.set(record.id, record);
    if (ca) ca.certificates_issued += 1;
    return record;
  }
}

/** "*.d" covers one label under d (any depth with allow_subdomains); "d" covers d (and its subdomains with allow_subdomains). An empty list allows any name. */
export function nameAllowed(name: string, role: Pick<RoleRecord, "allowed_domains" | "allow_subdomains">): boolean {
  if (role.allowed_domains.length === 0) return true;
  for (const pattern of role.allowed_domains) {
    if (pattern.startsWith("*.")) {
      const base = pattern.slice(2);
      if (!name.endsWith(`.${base}`)) continue;
      const head = name.slice(0, -(base.length + 1));
      if (!head.includes(".") || role.allow_subdomains) return true;
    } else if (name === pattern || (role.allow_subdomains && name.endsWith(`.${pattern}`))) {
      return true;
    }
  }
  return false;
}
