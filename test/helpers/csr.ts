/** PKCS#10 certificate requests for tests of CSR signing, built as a requester would, with its own key. */
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as never);

const ALGORITHMS = {
  p256: { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" },
  p384: { name: "ECDSA", namedCurve: "P-384", hash: "SHA-384" },
  p521: { name: "ECDSA", namedCurve: "P-521", hash: "SHA-512" },
  ed25519: { name: "Ed25519" },
} as const;

export interface CsrSpec {
  /** Subject CN; none when omitted. */
  cn?: string;
  dns?: string[];
  ips?: string[];
  key?: keyof typeof ALGORITHMS;
}

/** A CSR (PEM) and the requester's private key (PEM), which never goes to the vault. */
export async function makeCsr(spec: CsrSpec = {}): Promise<{ csr_pem: string; private_key_pem: string }> {
  const algorithm = ALGORITHMS[spec.key ?? "p256"];
  const keys = (await webcrypto.subtle.generateKey(algorithm as never, true, [
    "sign",
    "verify",
  ])) as webcrypto.CryptoKeyPair;
  const names = [
    ...(spec.dns ?? []).map((value) => ({ type: "dns" as const, value })),
    ...(spec.ips ?? []).map((value) => ({ type: "ip" as const, value })),
  ];
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    ...(spec.cn ? { name: `CN=${spec.cn}` } : {}),
    keys: keys as never,
    signingAlgorithm: algorithm as never,
    extensions: names.length ? [new x509.SubjectAlternativeNameExtension(names)] : [],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)).toString("base64");
  return {
    csr_pem: csr.toString("pem"),
    private_key_pem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)?.join("\n")}\n-----END PRIVATE KEY-----\n`,
  };
}

/** The same CSR with one byte of its signature flipped: well-formed, but its signature fails. */
export function tamper(csrPem: string): string {
  const der = Buffer.from(csrPem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
  der[der.length - 3] = (der[der.length - 3] as number) ^ 0x01;
  return `-----BEGIN CERTIFICATE REQUEST-----\n${der
    .toString("base64")
    .match(/.{1,64}/g)
    ?.join("\n")}\n-----END CERTIFICATE REQUEST-----\n`;
}
