/** Tricky parts of the mock PKI: key derivation, name matching, reasons, CRLs, lazy signing with snapshots. */
import "reflect-metadata";
import { createPublicKey, X509Certificate } from "node:crypto";
import { X509Crl, X509CrlReason } from "@peculiar/x509";
import { describe, expect, it } from "vitest";
import { nameAllowed } from "../../mock-vault/domains/pki/issuance.js";
import {
  buildCertificate,
  buildCrl,
  deriveKey,
  describeKey,
  normaliseReason,
  normaliseSerial,
  serialFrom,
} from "../../mock-vault/domains/pki/x509.js";
import { createMockVault } from "../../mock-vault/index.js";

const seed = (byte: string) => byte.repeat(96);

describe("deriveKey", () => {
  it("is deterministic per seed and type, and different across seeds", () => {
    for (const spec of [
      { key_type: "ec", key_bits: 256 },
      { key_type: "ec", key_bits: 384 },
      { key_type: "ed25519", key_bits: 256 },
    ] as const) {
      const a = deriveKey(spec, seed("a1"));
      expect(deriveKey(spec, seed("a1"))).toEqual(a);
      expect(deriveKey(spec, seed("b2")).public_key_pem).not.toBe(a.public_key_pem);
      expect(describeKey(a.private_key_pem)).toEqual(spec);
      expect(createPublicKey(a.private_key_pem).export({ format: "pem", type: "spki" })).toBe(a.public_key_pem);
    }
    // an all-0xff seed would exceed the P-256 order without the top-bit mask
    expect(describeKey(deriveKey({ key_type: "ec", key_bits: 256 }, seed("ff")).public_key_pem)).toEqual({
      key_type: "ec",
      key_bits: 256,
    });
    expect(() => deriveKey({ key_type: "rsa", key_bits: 2048 }, seed("a1"))).toThrow(/RSA/);
  });

  it("serials are positive 128-bit hex without a leading zero; normaliseSerial strips separators", () => {
    expect(serialFrom("0".repeat(32))).toMatch(/^[1-7]0{31}$/);
    expect(serialFrom("f".repeat(32))).toMatch(/^[1-7]f{31}$/);
    expect(normaliseSerial("00:AB:cd")).toBe("abcd");
  });
});

describe("role name matching", () => {
  const role = (allowed_domains: string[], allow_subdomains = false) => ({ allowed_domains, allow_subdomains });
  it.each([
    ["billing.svc.cluster.local", role(["*.svc.cluster.local"]), true],
    ["a.billing.svc.cluster.local", role(["*.svc.cluster.local"]), false],
    ["a.billing.svc.cluster.local", role(["*.svc.cluster.local"], true), true],
    ["svc.cluster.local", role(["*.svc.cluster.local"], true), false],
    ["acme.example", role(["acme.example"]), true],
    ["www.acme.example", role(["acme.example"]), false],
    ["www.acme.example", role(["acme.example"], true), true],
    ["evilacme.example", role(["acme.example"], true), false],
    ["anything.example", role([]), true],
  ])("%s", (name, r, expected) => {
    expect(nameAllowed(name, r)).toBe(expected);
  });
});

describe("revocation reasons", () => {
  it("accepts RFC 5280 names in any spelling; rejects unknown and removeFromCRL", () => {
    expect(normaliseReason("keyCompromise")).toBe("keyCompromise");
    expect(normaliseReason("key_compromise")).toBe("keyCompromise");
    expect(normaliseReason("CA-Compromise")).toBe("cACompromise");
    expect(normaliseReason("removeFromCRL")).toBeUndefined();
    expect(normaliseReason("oops")).toBeUndefined();
  });
});

describe("buildCrl", () => {
  it("writes serials, dates, reasons and the CRL number, signed by the CA", async () => {
    const key = deriveKey({ key_type: "ec", key_bits: 256 }, seed("c3"));
    const ca = await buildCertificate({
      serial: "1a",
      common_name: "Unit CA",
      not_before: "2026-01-01T00:00:00Z",
      not_after: "2027-01-01T00:00:00Z",
      public_key_pem: key.public_key_pem,
      self_key_pem: key.private_key_pem,
      ca: {},
    });
    const pem = await buildCrl({
      issuer: { certificate_pem: ca, private_key_pem: key.private_key_pem },
      crl_number: 300,
      this_update: "2026-05-17T15:00:00.000Z",
      next_update: "2026-05-18T15:00:00.000Z",
      entries: [{ serial: "2b3c", revoked_at: "2026-05-17T14:00:00.000Z", reason: "superseded" }],
    });
    expect(pem).toMatch(/^-----BEGIN X509 CRL-----\n[\s\S]+\n-----END X509 CRL-----\n$/);
    const crl = new X509Crl(pem);
    expect(crl.issuer).toBe("CN=Unit CA");
    expect(crl.thisUpdate.toISOString()).toBe("2026-05-17T15:00:00.000Z");
    expect(crl.entries.map((e) => [e.serialNumber, e.reason, e.revocationDate.toISOString()])).toEqual([
      ["2b3c", X509CrlReason.superseded, "2026-05-17T14:00:00.000Z"],
    ]);
    expect(Buffer.from(crl.getExtension("2.5.29.20")!.value).toString("hex")).toBe("0202012c");
    expect(await crl.verify({ publicKey: new (await import("@peculiar/x509")).X509Certificate(ca) })).toBe(true);
  });
});

describe("lazy signing", () => {
  it("seeds without signing; a PEM is built on first need, once, and again identically-keyed after restore", async () => {
    const mock = createMockVault();
    const pki = mock.state.tenant(mock.tenantId).pki;
    expect([...pki.state.certs.values()].every((c) => c.certificate_pem === null && c.public_key_pem === null)).toBe(
      true,
    );
    expect([...pki.state.cas.values()].every((c) => c.private_key_pem === null)).toBe(true);
    const snapshot = mock.snapshot();
    const id = pki.certificates.list()[0]!.id;
    const [a, b] = await Promise.all([pki.certificates.get(id), pki.certificates.get(id)]);
    expect(a.certificate_pem).toBe(b.certificate_pem);
    // Only what the request needed was signed: this leaf and its two CAs, not the other leaves.
    expect([...pki.state.certs.values()].filter((c) => c.certificate_pem).map((c) => c.id)).toEqual([id]);
    mock.restore(snapshot);
    const restored = mock.state.tenant(mock.tenantId).pki;
    expect(restored.state.certs.get(id)!.certificate_pem).toBeNull();
    const again = await restored.certificates.get(id);
    const [x, y] = [new X509Certificate(a.certificate_pem), new X509Certificate(again.certificate_pem)];
    expect([y.subject, y.serialNumber, y.validTo]).toEqual([x.subject, x.serialNumber, x.validTo]);
    expect(y.publicKey.export({ format: "der", type: "spki" })).toEqual(
      x.publicKey.export({ format: "der", type: "spki" }),
    );
    await restored.signing.ready();
    expect([...restored.state.certs.values()].every((c) => c.certificate_pem)).toBe(true);
  });
});
