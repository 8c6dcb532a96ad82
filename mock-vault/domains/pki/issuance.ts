import { isIP } from "node:net";
import { parseDuration } from "../../core/duration.js";
import { ApiProblem, badRequest, conflict, notFound } from "../../core/errors.js";
import type { AcmeIssuer } from "./acme-issuer.js";
import type { CertificateAuthorities } from "./cas.js";
import type { Certificates } from "./certificates.js";
import type { PkiContext } from "./context.js";
import type { CaRecord, CertRecord, CreateRoleInput, IssueInput, RoleRecord, SignInput } from "./records.js";
import type { Signing } from "./signing.js";
import { DEFAULT_BITS, KEY_SIZES, type KeySpec, makeKey, parseCsr, type RevocationReason } from "./x509.js";

const HOSTNAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** What an issue or a sign will put in the certificate, once the role allowed it. */
interface IssuePlan {
  cn: string;
  names: string[];
  ips: string[];
  notBefore: string;
  notAfter: string;
  spec: KeySpec;
  warnings: string[];
}

/** Roles (what a CA may issue: names, IP SANs, TTLs, key shapes) and issuing under them. */
export class Issuance {
  constructor(
    private readonly pki: PkiContext,
    private readonly signing: Signing,
    private readonly cas: CertificateAuthorities,
    private readonly certificates: Certificates,
    private readonly acmeIssuer: AcmeIssuer,
  ) {}

  roleView(role: RoleRecord) {
    return { ...role, allowed_domains: [...role.allowed_domains] };
  }

  listRoles() {
    return [...this.pki.state.roles.values()].map((r) => this.roleView(r));
  }

  getRole(name: string): RoleRecord {
    const role = this.pki.state.roles.get(name);
    if (!role) throw notFound("role_not_found", `PKI role '${name}' not found`, { role: name });
    return role;
  }

  createRole(input: CreateRoleInput) {
    if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(input.name))
      throw badRequest(
        "invalid_role",
        `Role name '${input.name.slice(0, 64)}' is invalid: use 1-64 of a-z, 0-9, '-' and '_'.`,
      );
    if (this.pki.state.roles.has(input.name))
      throw conflict("role_already_exists", `PKI role '${input.name}' already exists.`, { role: input.name }); // code not documented
    const now = this.pki.now();
    const role = this.#checked({
      name: input.name,
      ca_id: input.ca_id,
      allowed_domains: (input.allowed_domains ?? []).map((d) => d.toLowerCase()),
      allow_subdomains: input.allow_subdomains ?? false,
      allow_wildcards: input.allow_wildcards ?? false,
      allow_ip_sans: input.allow_ip_sans ?? false,
      ttl: input.ttl ?? "720h",
      max_ttl: input.max_ttl ?? "2160h",
      key_type: input.key_type ?? "ec",
      key_bits: input.key_bits ?? (input.key_type === "any" ? 0 : DEFAULT_BITS[input.key_type ?? "ec"]),
      require_cn: input.require_cn ?? true,
      store_private_keys: input.store_private_keys ?? false,
      created_at: now,
      updated_at: now,
    });
    this.pki.state.roles.set(role.name, role);
    return this.roleView(role);
  }

  /** PATCH: the given fields change (the name is the role's key and stays); the result is checked as a new role is. */
  updateRole(name: string, input: Partial<Omit<CreateRoleInput, "name">>) {
    const current = this.getRole(name);
    const keyType = input.key_type ?? current.key_type;
    const keyBits =
      input.key_bits ??
      (input.key_type === undefined || input.key_type === current.key_type
        ? current.key_bits
        : keyType === "any"
          ? 0
          : DEFAULT_BITS[keyType]);
    const role = this.#checked({
      ...current,
      ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
      allowed_domains: (input.allowed_domains ?? current.allowed_domains).map((d) => d.toLowerCase()),
      key_type: keyType,
      key_bits: keyBits,
      name: current.name,
      updated_at: this.pki.now(),
    });
    this.pki.state.roles.set(name, role);
    return this.roleView(role);
  }

  /** Certificates issued under the role keep its name; new issuance under it answers 404 role_not_found. */
  deleteRole(name: string): void {
    this.getRole(name);
    this.pki.state.roles.delete(name);
  }

  /** A role's CA exists, its TTLs parse, its key shape is one the PKI issues. */
  #checked(role: RoleRecord): RoleRecord {
    this.cas.find(role.ca_id);
    for (const [field, value] of [
      ["ttl", role.ttl],
      ["max_ttl", role.max_ttl],
    ] as const)
      if (!(parseDuration(value)! > 0))
        throw badRequest("invalid_duration", `Duration '${value}' (${field}) did not parse.`);
    if (role.key_type !== "any" && !KEY_SIZES[role.key_type].includes(role.key_bits))
      throw new ApiProblem(422, "validation_error", `key_bits ${role.key_bits} is not valid for ${role.key_type}.`, {
        fields: [{ field: "key_bits", message: `one of ${KEY_SIZES[role.key_type].join(", ")}` }],
      });
    return role;
  }

  /** Checks names, IP SANs, TTL and key shape against the role; returns what to issue. */
  #plan(role: RoleRecord, ca: CaRecord, input: IssueInput): IssuePlan {
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
    const notBefore = this.pki.nowSeconds();
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

  /** The role and its CA, which must still issue. */
  #issuer(roleName: string) {
    const role = this.getRole(roleName);
    const ca = this.cas.find(role.ca_id);
    if (this.cas.status(ca) !== "active")
      throw conflict("ca_inactive", `The role's CA '${ca.id}' is ${this.cas.status(ca)}.`, { ca_id: ca.id });
    return { role, ca };
  }

  /** Signs, stores and announces a certificate for `publicKeyPem` under the plan. */
  async #certify(
    role: RoleRecord,
    ca: CaRecord,
    plan: IssuePlan,
    key: { id: string; serial: string; public_key_pem: string },
    actor: string | null,
  ) {
    const record = this.certificates.record({
      id: key.id,
      serial: key.serial,
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
    await this.signing.certPem(record);
    const signer = await this.signing.signer(record);
    this.pki.state.certs.set(record.id, record);
    ca.certificates_issued += 1;
    this.certificates.announce(record, actor);
    return { record, signer };
  }

  /** POST /v1/pki/issue/{role}: ScaiVault generates the key; the private key is returned only here. */
  async issue(roleName: string, input: IssueInput, actor: string | null) {
    const { role, ca } = this.#issuer(roleName);
    const plan = this.#plan(role, ca, input);
    const id = this.pki.env.vault.ids.next("cert");
    const serial = this.pki.serial();
    const key = await makeKey(plan.spec, this.pki.seedHex());
    const { record, signer } = await this.#certify(role, ca, plan, { id, serial, ...key }, actor);
    return this.certificates.issued(record, key.private_key_pem, signer, plan.warnings);
  }

  /**
   * POST /v1/pki/sign/{role}: signs the requester's CSR (its signature checked) under the role's
   * rules: its CN, its SANs unless the body overrides them, its key's shape. The key never
   * enters the vault, so the answer carries no private key.
   */
  async sign(roleName: string, input: SignInput, actor: string | null) {
    const { role, ca } = this.#issuer(roleName);
    const csr = await parseCsr(input.csr_pem);
    if (!csr)
      throw badRequest("invalid_request", "csr_pem is not a PEM PKCS#10 certificate request with a valid signature.", {
        field: "csr_pem",
      });
    if (!csr.spec)
      throw badRequest(
        "key_type_not_allowed",
        "The CSR's key is not one the PKI signs (EC P-256/P-384, RSA, Ed25519).",
        {
          role: role.name,
        },
      );
    if (!csr.common_name && role.require_cn)
      throw badRequest("invalid_request", `Role '${role.name}' rejects CSRs without a common name (CN).`, {
        role: role.name,
      });
    const plan = this.#plan(role, ca, {
      common_name: csr.common_name,
      alt_names: input.alt_names ?? csr.dns_names,
      ip_sans: input.ip_sans ?? csr.ip_sans,
      ttl: input.ttl,
      ...csr.spec,
    });
    const id = this.pki.env.vault.ids.next("cert");
    const serial = this.pki.serial();
    const { record, signer } = await this.#certify(
      role,
      ca,
      plan,
      { id, serial, public_key_pem: csr.public_key_pem },
      actor,
    );
    return this.certificates.issued(record, null, signer, plan.warnings);
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
    const ca = role ? this.cas.find(role.ca_id) : null;
    if (!role) this.acmeIssuer.ensure();
    const spec: KeySpec = { key_type: "ec", key_bits: 256 };
    const id = this.pki.env.vault.ids.next("cert");
    const serial = this.pki.serial();
    const seed = this.pki.seedHex();
    const notBefore = new Date(Math.floor(Date.parse(p.issued_at) / 1000) * 1000).toISOString();
    const notAfter = new Date(Date.parse(notBefore) + parseDuration(p.ttl)!).toISOString();
    const record = this.certificates.record({
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
    this.pki.state.certs.set(record.id, record);
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
