/**
 * Real X.509 for the mock PKI: keys, certificates and CRLs that OpenSSL accepts.
 *
 * - Keys are node:crypto KeyObjects kept as PEM strings (plain data for snapshots). EC and Ed25519
 *   keys are derived from the vault's seeded PRNG (same seed, same keys); RSA keys are random
 *   (node cannot seed them) and slow, so the demo data never uses RSA.
 * - Building a certificate or CRL needs WebCrypto (async) and @peculiar/x509, which is imported
 *   lazily on first use: loading it costs ~250 ms, which `createMockVault()` must not pay.
 * - Parsing and chain checks use node:crypto's X509Certificate, which is synchronous.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  type KeyObject,
  webcrypto,
  X509Certificate,
} from "node:crypto";
import { promisify } from "node:util";

export const KEY_TYPES = ["ec", "rsa", "ed25519"] as const;
export type KeyType = (typeof KEY_TYPES)[number];

export interface KeySpec {
  key_type: KeyType;
  key_bits: number;
}

/** Allowed sizes per key type (ed25519 has one fixed size, reported as 256). */
export const KEY_SIZES: Record<KeyType, readonly number[]> = {
  ec: [256, 384],
  rsa: [2048, 3072, 4096],
  ed25519: [256],
};
export const DEFAULT_BITS: Record<KeyType, number> = { ec: 256, rsa: 2048, ed25519: 256 };

/** RFC 5280 CRLReason names and codes (removeFromCRL, 8, only exists in delta CRLs and is not accepted). */
export const REVOCATION_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;
export type RevocationReason = keyof typeof REVOCATION_REASONS;
export const REVOCATION_REASON_NAMES = Object.keys(REVOCATION_REASONS) as [RevocationReason, ...RevocationReason[]];

/** "key_compromise", "KeyCompromise" and "keyCompromise" all name the same reason. */
export function normaliseReason(text: string): RevocationReason | undefined {
  const squash = (s: string) => s.replace(/[_\s-]/g, "").toLowerCase();
  return REVOCATION_REASON_NAMES.find((name) => squash(name) === squash(text));
}

const CURVES: Record<number, { oid: string; size: number; name: string; hash: string }> = {
  256: { oid: "06082a8648ce3d030107", size: 32, name: "P-256", hash: "SHA-256" },
  384: { oid: "06052b81040022", size: 48, name: "P-384", hash: "SHA-384" },
};

export interface KeyPairPem {
  private_key_pem: string;
  public_key_pem: string;
}

function pair(key: KeyObject): KeyPairPem {
  return {
    private_key_pem: key.export({ format: "pem", type: "pkcs8" }).toString(),
    public_key_pem: createPublicKey(key).export({ format: "pem", type: "spki" }).toString(),
  };
}

/**
 * A key derived from seeded bytes (`hexSeed`, at least 48 bytes of hex): synchronous and fast.
 * EC keys are built as SEC1 structures without the public point, which OpenSSL computes.
 */
export function deriveKey(spec: KeySpec, hexSeed: string): KeyPairPem {
  const bytes = Buffer.from(hexSeed, "hex");
  if (spec.key_type === "ed25519") {
    const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), bytes.subarray(0, 32)]);
    return pair(createPrivateKey({ key: der, format: "der", type: "pkcs8" }));
  }
  if (spec.key_type === "ec") {
    const curve = CURVES[spec.key_bits];
    if (!curve) throw new Error(`unsupported EC size ${spec.key_bits}`);
    const d = Buffer.from(bytes.subarray(0, curve.size));
    d[0] = (d[0]! & 0x7f) | 0x01; // below the group order, never zero
    const oid = Buffer.from(curve.oid, "hex");
    const body = Buffer.concat([
      Buffer.from([0x02, 0x01, 0x01, 0x04, curve.size]),
      d,
      Buffer.from([0xa0, oid.length]),
      oid,
    ]);
    const der = Buffer.concat([Buffer.from([0x30, body.length]), body]);
    return pair(createPrivateKey({ key: der, format: "der", type: "sec1" }));
  }
  throw new Error("RSA keys cannot be derived from a seed");
}

const generateKeyPairAsync = promisify(generateKeyPair);

/** Any key type: derived from the seed for ec/ed25519, freshly generated (random, ~0.2 s) for rsa. */
export async function makeKey(spec: KeySpec, hexSeed: string): Promise<KeyPairPem> {
  if (spec.key_type !== "rsa") return deriveKey(spec, hexSeed);
  const { privateKey } = await generateKeyPairAsync("rsa", { modulusLength: spec.key_bits });
  return pair(privateKey);
}

/** A positive 128-bit serial without a leading zero byte, as lowercase hex (from seeded hex). */
export function serialFrom(hex32: string): string {
  const first = "1234567"[Number.parseInt(hex32[0] ?? "0", 16) % 7];
  return `${first}${hex32.slice(1, 32)}`;
}

type X509Lib = typeof import("@peculiar/x509");
let lib: Promise<X509Lib> | undefined;

/** @peculiar/x509 needs the Reflect metadata polyfill loaded first and a WebCrypto provider. */
function x509(): Promise<X509Lib> {
  lib ??= (async () => {
    await import("reflect-metadata");
    const mod = await import("@peculiar/x509");
    mod.cryptoProvider.set(webcrypto as never);
    return mod;
  })();
  return lib;
}

interface Algorithms {
  importParams: Record<string, unknown>;
  signing: Record<string, unknown>;
}

function algorithmsOf(key: KeyObject): Algorithms {
  const type = key.asymmetricKeyType;
  if (type === "ed25519") return { importParams: { name: "Ed25519" }, signing: { name: "Ed25519" } };
  if (type === "rsa") {
    const params = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
    return { importParams: params, signing: params };
  }
  if (type === "ec") {
    const bits = key.asymmetricKeyDetails?.namedCurve === "secp384r1" ? 384 : 256;
    const curve = CURVES[bits]!;
    return { importParams: { name: "ECDSA", namedCurve: curve.name }, signing: { name: "ECDSA", hash: curve.hash } };
  }
  throw new Error(`unsupported key type ${String(type)}`);
}

type CryptoKey = webcrypto.CryptoKey;

async function importPrivate(pem: string): Promise<{ key: CryptoKey; signing: Record<string, unknown> }> {
  const keyObject = createPrivateKey(pem);
  const { importParams, signing } = algorithmsOf(keyObject);
  const der = keyObject.export({ format: "der", type: "pkcs8" });
  const key = await webcrypto.subtle.importKey("pkcs8", der, importParams as never, false, ["sign"]);
  return { key, signing };
}

async function importPublic(pem: string): Promise<CryptoKey> {
  const keyObject = createPublicKey(pem);
  const { importParams } = algorithmsOf(keyObject);
  const der = keyObject.export({ format: "der", type: "spki" });
  return webcrypto.subtle.importKey("spki", der, importParams as never, true, ["verify"]);
}

export interface CertSpec {
  serial: string;
  common_name: string;
  organization?: string | undefined;
  not_before: string;
  not_after: string;
  /** The subject's public key. */
  public_key_pem: string;
  /** Signer: the issuing CA's certificate and key; omitted for a self-signed root (signed by `self_key_pem`). */
  issuer?: { certificate_pem: string; private_key_pem: string } | undefined;
  self_key_pem?: string | undefined;
  /** CA certificates get basicConstraints CA:TRUE and keyCertSign/cRLSign. */
  ca?: { path_length?: number | undefined } | undefined;
  dns_names?: string[] | undefined;
  ip_sans?: string[] | undefined;
  crl_url?: string | undefined;
}

/** Builds and signs a certificate; returns its PEM. */
export async function buildCertificate(spec: CertSpec): Promise<string> {
  const x = await x509();
  const signerPem = spec.issuer?.private_key_pem ?? spec.self_key_pem;
  if (!signerPem) throw new Error("a certificate needs an issuer or a self-signing key");
  const signer = await importPrivate(signerPem);
  const publicKey = await importPublic(spec.public_key_pem);
  const subject: Record<string, string[]>[] = [
    { CN: [spec.common_name] },
    ...(spec.organization ? [{ O: [spec.organization] }] : []),
  ];
  const issuerCert = spec.issuer ? new x.X509Certificate(spec.issuer.certificate_pem) : undefined;
  const ski = await x.SubjectKeyIdentifierExtension.create(publicKey as never);
  const issuerKeyId = issuerCert ? await keyIdOf(x, issuerCert) : ski.keyId;
  const usage = spec.ca
    ? x.KeyUsageFlags.keyCertSign | x.KeyUsageFlags.cRLSign | x.KeyUsageFlags.digitalSignature
    : x.KeyUsageFlags.digitalSignature |
      (createPublicKey(spec.public_key_pem).asymmetricKeyType === "rsa" ? x.KeyUsageFlags.keyEncipherment : 0);
  const extensions: InstanceType<X509Lib["Extension"]>[] = [
    new x.BasicConstraintsExtension(Boolean(spec.ca), spec.ca?.path_length, true),
    new x.KeyUsagesExtension(usage, true),
    ski,
    new x.AuthorityKeyIdentifierExtension(issuerKeyId),
  ];
  if (!spec.ca)
    extensions.push(new x.ExtendedKeyUsageExtension([x.ExtendedKeyUsage.serverAuth, x.ExtendedKeyUsage.clientAuth]));
  const names = [
    ...(spec.dns_names ?? []).map((value) => ({ type: "dns" as const, value })),
    ...(spec.ip_sans ?? []).map((value) => ({ type: "ip" as const, value })),
  ];
  if (names.length > 0) extensions.push(new x.SubjectAlternativeNameExtension(names));
  if (spec.crl_url) extensions.push(new x.CRLDistributionPointsExtension([spec.crl_url]));
  const cert = await x.X509CertificateGenerator.create({
    serialNumber: spec.serial,
    subject,
    issuer: issuerCert ? issuerCert.subjectName : subject,
    notBefore: new Date(spec.not_before),
    notAfter: new Date(spec.not_after),
    publicKey: publicKey as never,
    signingKey: signer.key as never,
    signingAlgorithm: signer.signing as never,
    extensions,
  });
  return `${cert.toString("pem").replace(/\r\n/g, "\n").trim()}\n`;
}

export interface CrlSpec {
  issuer: { certificate_pem: string; private_key_pem: string };
  crl_number: number;
  this_update: string;
  next_update: string;
  entries: { serial: string; revoked_at: string; reason: RevocationReason }[];
}

/** Builds and signs a CRL; returns its PEM, labelled "X509 CRL" as OpenSSL expects. */
export async function buildCrl(spec: CrlSpec): Promise<string> {
  const x = await x509();
  const signer = await importPrivate(spec.issuer.private_key_pem);
  const issuerCert = new x.X509Certificate(spec.issuer.certificate_pem);
  const hex = spec.crl_number.toString(16);
  const crlNumber = Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex");
  const crl = await x.X509CrlGenerator.create({
    issuer: issuerCert.subjectName,
    thisUpdate: new Date(spec.this_update),
    nextUpdate: new Date(spec.next_update),
    signingKey: signer.key as never,
    signingAlgorithm: signer.signing as never,
    extensions: [
      new x.AuthorityKeyIdentifierExtension(await keyIdOf(x, issuerCert)),
      new x.Extension("2.5.29.20", false, derInteger(crlNumber)),
    ],
    entries: spec.entries.map((e) => ({
      serialNumber: e.serial,
      revocationDate: new Date(e.revoked_at),
      reason: REVOCATION_REASONS[e.reason] as number,
    })),
  });
  const pem = crl.toString("pem").replace(/\r\n/g, "\n").trim();
  return `${pem.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, "-----$1 X509 CRL-----")}\n`;
}

/** The issuer's subject key identifier (computed from its key when the extension is absent). */
async function keyIdOf(x: X509Lib, cert: InstanceType<X509Lib["X509Certificate"]>): Promise<string> {
  const ski = cert.getExtension(x.SubjectKeyIdentifierExtension);
  if (ski) return ski.keyId;
  return (await x.SubjectKeyIdentifierExtension.create(await cert.publicKey.export())).keyId;
}

function derInteger(bytes: Buffer): Uint8Array {
  const body = bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  return Buffer.concat([Buffer.from([0x02, body.length]), body]);
}

/** PEM -> DER (the first block). */
export function pemToDer(pem: string): Buffer {
  const b64 = pem.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, "").replace(/\s+/g, "");
  return Buffer.from(b64, "base64");
}

/** Parses a PEM certificate with node:crypto; undefined when it is not one. */
export function parseCertificate(pem: string): X509Certificate | undefined {
  if (!/-----BEGIN CERTIFICATE-----/.test(pem)) return undefined;
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

/** What a certificate signing request asks for, once its signature checked out. */
export interface CsrRequest {
  common_name: string | undefined;
  dns_names: string[];
  ip_sans: string[];
  public_key_pem: string;
  /** The key's type and size; undefined for a key the PKI does not sign (another curve, DSA, ...). */
  spec: KeySpec | undefined;
}

/** Parses a PKCS#10 CSR (PEM) and verifies its self-signature; undefined when it is not one or the signature fails. */
export async function parseCsr(pem: string): Promise<CsrRequest | undefined> {
  if (!/-----BEGIN (NEW )?CERTIFICATE REQUEST-----/.test(pem)) return undefined;
  const x = await x509();
  try {
    const csr = new x.Pkcs10CertificateRequest(pem);
    if (!(await csr.verify())) return undefined;
    const cn = csr.subjectName.getField("CN")[0];
    const sanRaw = csr.getExtension("2.5.29.17");
    const names = sanRaw ? new x.SubjectAlternativeNameExtension(sanRaw.rawData).names.toJSON() : [];
    const der = Buffer.from(csr.publicKey.rawData);
    const key = createPublicKey({ key: der, format: "der", type: "spki" });
    return {
      common_name: cn,
      dns_names: names.filter((n) => n.type === "dns").map((n) => n.value),
      ip_sans: names.filter((n) => n.type === "ip").map((n) => n.value),
      public_key_pem: key.export({ format: "pem", type: "spki" }).toString(),
      spec: signableSpec(key),
    };
  } catch {
    return undefined;
  }
}

/** The spec of a key the PKI can put in a certificate, or undefined. */
function signableSpec(key: KeyObject): KeySpec | undefined {
  const type = key.asymmetricKeyType;
  if (type === "ed25519") return { key_type: "ed25519", key_bits: 256 };
  if (type === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return curve === "prime256v1"
      ? { key_type: "ec", key_bits: 256 }
      : curve === "secp384r1"
        ? { key_type: "ec", key_bits: 384 }
        : undefined;
  }
  const bits = key.asymmetricKeyDetails?.modulusLength;
  return type === "rsa" && bits && KEY_SIZES.rsa.includes(bits) ? { key_type: "rsa", key_bits: bits } : undefined;
}

/** Normalised serial for comparisons: lowercase hex, no separators or leading zero bytes. */
export function normaliseSerial(serial: string): string {
  return serial
    .replace(/[:\s]/g, "")
    .toLowerCase()
    .replace(/^(00)+(?=.)/, "");
}

/** Key type and size of a public or private key PEM. */
export function describeKey(pem: string): KeySpec {
  const key = pem.includes("PRIVATE") ? createPrivateKey(pem) : createPublicKey(pem);
  const type = key.asymmetricKeyType;
  if (type === "ed25519") return { key_type: "ed25519", key_bits: 256 };
  if (type === "ec")
    return { key_type: "ec", key_bits: key.asymmetricKeyDetails?.namedCurve === "secp384r1" ? 384 : 256 };
  return { key_type: "rsa", key_bits: key.asymmetricKeyDetails?.modulusLength ?? 2048 };
}
