/**
 * Contract: the PKI client against the mock vault, endpoint by endpoint. Every response parses
 * with the wire schemas in src/client/schemas/pki.ts; certificates are parsed with node:crypto.
 */
import { X509Certificate } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { VaultEvent } from "../../mock-vault/core/events.js";
import { createMockVault } from "../../mock-vault/index.js";
import { createClient } from "../../src/client/index.js";
import {
  Ca,
  CaCertificate,
  CaCreated,
  CaDetail,
  CaList,
  CertificateDetail,
  CertificateList,
  CertificatePem,
  CertificateRevoked,
  Crl,
  IssuedCertificate,
  PkiRole,
  PkiRoleList,
  SignedCertificate,
  Validation,
} from "../../src/client/schemas/pki.js";
import { makeCsr, tamper } from "../helpers/csr.js";

const mock = createMockVault({ seed: 42 });
const clientFor = (token: string) => createClient({ baseUrl: mock.baseUrl, token, fetch: mock.fetch, maxRetries: 0 });
const client = clientFor(mock.tokens.admin);
let events: VaultEvent[] = [];
mock.state.bus.on((e) => events.push(e));

/** The mock answers with more than the documented shapes: every field the wire schemas leave optional. */
const MockCaCreated = CaCreated.required();
const MockIssued = IssuedCertificate.required();
const issue = async (...args: Parameters<typeof client.pki.issue>) => MockIssued.parse(await client.pki.issue(...args));

const rootId = () => mock.state.tenant(mock.tenantId).pki.cas.list("root")[0]!.id;
const intId = () => mock.state.tenant(mock.tenantId).pki.cas.list("intermediate")[0]!.id;
const raw = (path: string, init: RequestInit = {}) =>
  mock.fetch(
    new Request(`${mock.baseUrl}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${mock.tokens.admin}`, ...init.headers },
    }),
  );

beforeAll(async () => {
  // Warm the lazy X.509 library once so the first test does not pay for loading it.
  await mock.state.tenant(mock.tenantId).pki.signing.ready();
});
beforeEach(() => {
  mock.reset();
  events = [];
});

describe("PKI wire schemas follow the docs", () => {
  it("the documented create-CA and issue responses parse as they are; the mock's extras are optional", () => {
    // api-guides/pki-certificates, "Create an internal CA": the response example, verbatim.
    const documentedCa = {
      id: "ca_root_abc",
      name: "acme-root",
      common_name: "Acme Root CA",
      ca_type: "root",
      key_type: "ec",
      key_size: 256,
      valid_from: "2026-04-23T14:00:00Z",
      valid_until: "2036-04-20T14:00:00Z",
      is_active: true,
      certificates_issued: 0,
      created_at: "2026-04-23T14:00:00Z",
    };
    expect(CaCreated.parse(documentedCa)).toEqual(documentedCa);
    expect(Ca.parse(documentedCa)).toEqual(documentedCa);
    // reference/pki, POST /v1/pki/issue/{role}: "certificate, private_key, ca_chain, serial_number, not_after".
    const documentedIssue = {
      certificate: "-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n",
      private_key: "fake",
      ca_chain: [],
      serial_number: "01",
      not_after: "2026-05-23T14:00:00Z",
    };
    expect(IssuedCertificate.parse(documentedIssue)).toEqual(documentedIssue);
  });
});

describe("PKI API: certificate authorities", () => {
  it("GET /v1/pki/ca lists the seeded root and intermediate, filters by ca_type, pages", async () => {
    const all = CaList.parse(await client.pki.listCas());
    expect(all.data.map((c) => [c.name, c.ca_type, c.key_type, c.status])).toEqual([
      ["acme-root", "root", "ec", "active"],
      ["acme-services", "intermediate", "ec", "active"],
    ]);
    expect(all.data[1]!.parent_ca_id).toBe(all.data[0]!.id);
    expect(all.data[0]!.crl_url).toBe(`${mock.baseUrl}/v1/pki/ca/${all.data[0]!.id}/crl`);
    const roots = CaList.parse(await client.pki.listCas({ ca_type: "root" }));
    expect(roots.data).toHaveLength(1);
    const first = CaList.parse(await client.pki.listCas({ limit: 1 }));
    expect(first.has_more).toBe(true);
    const second = CaList.parse(await client.pki.listCas({ limit: 1, cursor: first.cursor! }));
    expect(second.data[0]!.ca_type).toBe("intermediate");
  });

  it("GET /v1/pki/ca/{id} returns a real PEM whose subject and serial match; 404 ca_not_found", async () => {
    const ca = CaDetail.parse(await client.pki.getCa(intId()));
    const x = new X509Certificate(ca.certificate_pem);
    expect(x.subject).toBe("CN=Acme Services Intermediate CA");
    expect(x.issuer).toBe("CN=Acme Root CA");
    expect(x.ca).toBe(true);
    expect(x.serialNumber.toLowerCase()).toBe(ca.serial_number);
    expect(new Date(x.validFrom).toISOString()).toBe(ca.valid_from);
    await expect(client.pki.getCa("ca_root_nope")).rejects.toMatchObject({ code: "ca_not_found", status: 404 });
  });

  it("GET /v1/pki/ca/{id}/certificate: PEM as documented (any Accept but JSON); JSON with the chain for the client", async () => {
    const json = CaCertificate.parse(await client.pki.getCaCertificate(intId()));
    expect(json.ca_chain).toHaveLength(1);
    expect(new X509Certificate(json.ca_chain[0]!).subject).toBe("CN=Acme Root CA");
    for (const headers of [{ Accept: "application/x-pem-file" }, { Accept: "*/*" }, {}] as Record<string, string>[]) {
      const pem = await raw(`/v1/pki/ca/${rootId()}/certificate`, { headers });
      expect(pem.headers.get("content-type")).toContain("application/x-pem-file");
      expect(await pem.text()).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
    }
  });

  it("POST /v1/pki/ca creates a root (201) and an intermediate signed by it", async () => {
    const root = MockCaCreated.parse(
      await client.pki.createCa({
        name: "lab-root",
        common_name: "Lab Root CA",
        ca_type: "root",
        key_type: "ec",
        key_size: 384,
      }),
    );
    expect(root).toMatchObject({
      ca_type: "root",
      key_type: "ec",
      key_size: 384,
      status: "active",
      parent_ca_id: null,
    });
    expect(Date.parse(root.valid_until) - Date.parse(root.valid_from)).toBe(3650 * 86_400_000);
    const rootX = new X509Certificate(root.certificate_pem);
    expect(rootX.checkIssued(rootX)).toBe(true);
    const int = MockCaCreated.parse(
      await client.pki.createCa({
        name: "lab-int",
        common_name: "Lab Issuing CA",
        ca_type: "intermediate",
        parent_ca_id: root.id,
        key_type: "ec",
        validity_days: 5000,
      }),
    );
    expect(int.warnings[0]).toMatch(/capped to the parent/);
    expect(int.valid_until <= root.valid_until).toBe(true);
    const intX = new X509Certificate(int.certificate_pem);
    expect(intX.checkIssued(rootX) && intX.verify(rootX.publicKey)).toBe(true);
    const listed = CaList.parse(await client.pki.listCas());
    expect(listed.data.map((c) => c.name)).toContain("lab-int");
  });

  it("POST /v1/pki/ca validates: 422 for bodies, sizes and missing parent; 409 duplicate name; 404 parent", async () => {
    await expect(client.pki.createCa({ name: "x", common_name: "", ca_type: "root" })).rejects.toMatchObject({
      code: "validation_error",
      status: 422,
    });
    await expect(
      client.pki.createCa({ name: "x", common_name: "X", ca_type: "root", key_type: "ec", key_size: 2048 }),
    ).rejects.toMatchObject({ code: "validation_error" });
    await expect(
      client.pki.createCa({ name: "x", common_name: "X", ca_type: "intermediate", key_type: "ec" }),
    ).rejects.toMatchObject({ code: "validation_error" });
    await expect(
      client.pki.createCa({ name: "acme-root", common_name: "X", ca_type: "root", key_type: "ec" }),
    ).rejects.toMatchObject({ code: "ca_already_exists", status: 409 });
    await expect(
      client.pki.createCa({
        name: "x",
        common_name: "X",
        ca_type: "intermediate",
        parent_ca_id: "ca_root_nope",
        key_type: "ec",
      }),
    ).rejects.toMatchObject({ code: "ca_not_found" });
  });

  it("POST /v1/pki/ca/{id}/revoke revokes the CA and every certificate under it", async () => {
    const revoked = Ca.parse(await client.pki.revokeCa(intId(), "keyCompromise"));
    expect(revoked).toMatchObject({ status: "revoked", is_active: false, revocation_reason: "keyCompromise" });
    const certs = CertificateList.parse(await client.pki.listCertificates({ ca_id: intId(), status: "revoked" }));
    expect(certs.data.length).toBe(6);
    expect(
      certs.data
        .filter((c) => c.common_name !== "old-billing.svc.cluster.local")
        .every((c) => c.revocation_reason === "cACompromise"),
    ).toBe(true);
    expect(events.filter((e) => e.type === "certificate.revoked")).toHaveLength(5);
    await expect(client.pki.issue("svc-mtls", { common_name: "x.svc.cluster.local" })).rejects.toMatchObject({
      code: "ca_inactive",
      status: 409,
    });
    await expect(client.pki.revokeCa(intId())).rejects.toMatchObject({ code: "ca_already_revoked", status: 409 });
    // The intermediate's serial is now on the root's CRL.
    const rootCrl = Crl.parse(await client.pki.getCrl(rootId()));
    expect(rootCrl.revoked_count).toBe(1);
  });
});

describe("PKI API: CRLs", () => {
  it("GET /v1/pki/ca/{id}/crl: JSON for the client, PEM (X509 CRL) and DER by Accept", async () => {
    const crl = Crl.parse(await client.pki.getCrl(intId()));
    expect(crl).toMatchObject({ ca_id: intId(), crl_number: 1, revoked_count: 1 });
    expect(crl.crl_pem).toMatch(/^-----BEGIN X509 CRL-----\n/);
    expect(Date.parse(crl.next_update) - Date.parse(crl.this_update)).toBe(86_400_000);
    const pem = await raw(`/v1/pki/ca/${intId()}/crl`);
    expect(pem.headers.get("content-type")).toContain("application/x-pem-file");
    expect(await pem.text()).toBe(crl.crl_pem);
    const der = await raw(`/v1/pki/ca/${intId()}/crl`, { headers: { Accept: "application/pkix-crl" } });
    expect(der.headers.get("content-type")).toBe("application/pkix-crl");
    const bytes = new Uint8Array(await der.arrayBuffer());
    expect(bytes[0]).toBe(0x30); // a DER SEQUENCE
  });

  it("keeps the CRL until it is stale or something is revoked; POST regenerates", async () => {
    const first = Crl.parse(await client.pki.getCrl(intId()));
    expect(Crl.parse(await client.pki.getCrl(intId())).crl_number).toBe(first.crl_number);
    const forced = Crl.parse(await client.pki.rotateCrl(intId()));
    expect(forced.crl_number).toBe(first.crl_number + 1);
    mock.clock.advance("25h");
    const stale = Crl.parse(await client.pki.getCrl(intId()));
    expect(stale.crl_number).toBe(forced.crl_number + 1);
    const leaf = await issue("svc-mtls", { common_name: "gone.svc.cluster.local" });
    await client.pki.revokeCertificate(leaf.id, "superseded");
    const after = Crl.parse(await client.pki.getCrl(intId()));
    expect(after).toMatchObject({ crl_number: stale.crl_number + 1, revoked_count: 2 });
  });
});

describe("PKI API: roles", () => {
  it("GET /v1/pki/roles and /roles/{name}; POST creates (201); errors", async () => {
    const roles = PkiRoleList.parse(await client.pki.listRoles());
    expect(roles.data.map((r) => r.name)).toEqual(["svc-mtls", "web-server"]);
    const role = PkiRole.parse(await client.pki.getRole("svc-mtls"));
    expect(role).toMatchObject({ ca_id: intId(), max_ttl: "720h", allow_ip_sans: true, key_type: "ec", key_bits: 256 });
    const created = PkiRole.parse(
      await client.pki.createRole({
        name: "edge",
        ca_id: rootId(),
        allowed_domains: ["edge.example"],
        key_type: "ed25519",
      }),
    );
    expect(created).toMatchObject({ name: "edge", key_bits: 256, require_cn: true, store_private_keys: false });
    await expect(client.pki.getRole("nope")).rejects.toMatchObject({ code: "role_not_found", status: 404 });
    await expect(client.pki.createRole({ name: "Bad Name", ca_id: rootId() })).rejects.toMatchObject({
      code: "invalid_role",
      status: 400,
    });
    await expect(client.pki.createRole({ name: "edge", ca_id: rootId() })).rejects.toMatchObject({
      code: "role_already_exists",
      status: 409,
    });
    await expect(client.pki.createRole({ name: "x", ca_id: rootId(), max_ttl: "soon" })).rejects.toMatchObject({
      code: "invalid_duration",
    });
    await expect(client.pki.createRole({ name: "x", ca_id: rootId(), max_ttl: "999999999999w" })).rejects.toMatchObject(
      { code: "invalid_duration", status: 400 },
    );
  });
});

describe("PKI API: role updates", () => {
  it("PATCH /v1/pki/roles/{name} changes the given fields and keeps the rest; issuance follows at once", async () => {
    await expect(client.pki.issue("svc-mtls", { common_name: "api.internal.example" })).rejects.toMatchObject({
      code: "domain_not_allowed",
    });
    const patched = PkiRole.parse(
      await client.pki.updateRole("svc-mtls", {
        allowed_domains: ["*.svc.cluster.local", "internal.example"],
        allow_subdomains: true,
      }),
    );
    expect(patched).toMatchObject({ name: "svc-mtls", max_ttl: "720h", allow_ip_sans: true, allow_subdomains: true });
    expect(patched.allowed_domains).toEqual(["*.svc.cluster.local", "internal.example"]);
    expect(Date.parse(patched.updated_at)).toBe(mock.clock.nowMs());
    expect((await issue("svc-mtls", { common_name: "api.internal.example" })).common_name).toBe("api.internal.example");
    // A new key type takes its default size; a new key shape is checked as on create.
    expect(await client.pki.updateRole("svc-mtls", { key_type: "rsa" })).toMatchObject({
      key_type: "rsa",
      key_bits: 2048,
    });
    await expect(client.pki.updateRole("svc-mtls", { key_bits: 1024 })).rejects.toMatchObject({
      code: "validation_error",
      status: 422,
    });
    await expect(client.pki.updateRole("svc-mtls", { max_ttl: "soon" })).rejects.toMatchObject({
      code: "invalid_duration",
    });
    await expect(client.pki.updateRole("svc-mtls", { ca_id: "ca_nope" })).rejects.toMatchObject({
      code: "ca_not_found",
    });
    await expect(client.pki.updateRole("nope", { ttl: "1h" })).rejects.toMatchObject({
      code: "role_not_found",
      status: 404,
    });
    // A failed update changes nothing.
    expect((await client.pki.getRole("svc-mtls")).key_type).toBe("rsa");
  });

  it("DELETE /v1/pki/roles/{name} (204): issuing under it is 404, its certificates stay", async () => {
    const cert = await issue("svc-mtls", { common_name: "keep.svc.cluster.local" });
    const res = await raw("/v1/pki/roles/svc-mtls", { method: "DELETE" });
    expect(res.status).toBe(204);
    await expect(client.pki.getRole("svc-mtls")).rejects.toMatchObject({ code: "role_not_found" });
    await expect(client.pki.issue("svc-mtls", { common_name: "x.svc.cluster.local" })).rejects.toMatchObject({
      code: "role_not_found",
    });
    expect((await client.pki.getCertificate(cert.id)).status).toBe("active");
    expect((await raw("/v1/pki/roles/svc-mtls", { method: "DELETE" })).status).toBe(404);
  });

  it("role changes need pki:admin", async () => {
    const reader = clientFor(mock.tokens.readOnly);
    await expect(reader.pki.updateRole("svc-mtls", { ttl: "1h" })).rejects.toMatchObject({
      code: "insufficient_scope",
      details: { required_scope: "pki:admin" },
    });
    await expect(reader.pki.deleteRole("svc-mtls")).rejects.toMatchObject({ code: "insufficient_scope" });
  });
});

describe("PKI API: CSR signing", () => {
  it("POST /v1/pki/sign/{role} signs the requester's key: CN and SANs from the CSR, chained to the role's CA, no private key", async () => {
    const { csr_pem, private_key_pem } = await makeCsr({
      cn: "reporting.svc.cluster.local",
      dns: ["reporting.svc.cluster.local", "reports.svc.cluster.local"],
      ips: ["10.0.0.9"],
    });
    const signed = SignedCertificate.parse(await client.pki.sign("svc-mtls", { csr_pem, ttl: "24h" }));
    expect(signed).not.toHaveProperty("private_key");
    expect(signed).toMatchObject({
      common_name: "reporting.svc.cluster.local",
      alt_names: ["reporting.svc.cluster.local", "reports.svc.cluster.local"],
      ip_sans: ["10.0.0.9"],
      issuing_ca_id: intId(),
      key_type: "ec",
      key_bits: 256,
    });
    expect(Date.parse(signed.not_after) - Date.parse(mock.clock.iso())).toBe(24 * 3_600_000);
    const leaf = new X509Certificate(signed.certificate);
    const { createPrivateKey } = await import("node:crypto");
    expect(leaf.checkPrivateKey(createPrivateKey(private_key_pem))).toBe(true);
    const int = new X509Certificate(signed.ca_chain[0]!);
    expect(leaf.checkIssued(int) && leaf.verify(int.publicKey)).toBe(true);
    // A certificate like any other: audited as the reference's pki_sign, announced, listed.
    expect(mock.state.audit.events.at(-1)).toMatchObject({ action: "pki_sign", outcome: "success" });
    expect(events.find((e) => e.type === "certificate.issued")?.data).toMatchObject({ certificate_id: signed.id });
    expect((await client.pki.getCertificate(signed.id!)).role).toBe("svc-mtls");
  });

  it("the body's SANs override the CSR's; the role's rules apply to what is signed", async () => {
    const { csr_pem } = await makeCsr({ cn: "a.svc.cluster.local", dns: ["evil.example.com"] });
    await expect(client.pki.sign("svc-mtls", { csr_pem })).rejects.toMatchObject({
      code: "domain_not_allowed",
      status: 400,
    });
    const overridden = await client.pki.sign("svc-mtls", { csr_pem, alt_names: ["b.svc.cluster.local"] });
    expect(overridden.alt_names).toEqual(["a.svc.cluster.local", "b.svc.cluster.local"]);
    const ips = await makeCsr({ cn: "www.acme.example", ips: ["10.0.0.1"] });
    await expect(client.pki.sign("web-server", { csr_pem: ips.csr_pem })).rejects.toMatchObject({
      code: "ip_sans_not_allowed",
    });
    await expect(client.pki.sign("svc-mtls", { csr_pem, alt_names: [], ttl: "later" })).rejects.toMatchObject({
      code: "invalid_duration",
    });
  });

  it("takes the key shape the role requires: another type or curve is refused", async () => {
    const ed = await makeCsr({ cn: "a.svc.cluster.local", key: "ed25519" });
    await expect(client.pki.sign("svc-mtls", { csr_pem: ed.csr_pem })).rejects.toMatchObject({
      code: "key_type_not_allowed",
    });
    // web-server takes any key type: an Ed25519 request is signed with its own key.
    const web = await makeCsr({ cn: "shop.acme.example", key: "ed25519" });
    expect((await client.pki.sign("web-server", { csr_pem: web.csr_pem })).key_type).toBe("ed25519");
    const p521 = await makeCsr({ cn: "shop.acme.example", key: "p521" });
    await expect(client.pki.sign("web-server", { csr_pem: p521.csr_pem })).rejects.toMatchObject({
      code: "key_type_not_allowed",
      status: 400,
    });
  });

  it("rejects CSRs without a CN when the role requires one, bad signatures and non-CSRs", async () => {
    const noCn = await makeCsr({ dns: ["a.svc.cluster.local"] });
    await expect(client.pki.sign("svc-mtls", { csr_pem: noCn.csr_pem })).rejects.toMatchObject({
      code: "invalid_request",
      message: expect.stringMatching(/without a common name/),
    });
    await client.pki.updateRole("svc-mtls", { require_cn: false });
    expect((await client.pki.sign("svc-mtls", { csr_pem: noCn.csr_pem })).common_name).toBe("a.svc.cluster.local");
    const good = await makeCsr({ cn: "a.svc.cluster.local" });
    for (const csr_pem of [
      tamper(good.csr_pem),
      "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
      "hello",
    ])
      await expect(client.pki.sign("svc-mtls", { csr_pem })).rejects.toMatchObject({
        code: "invalid_request",
        status: 400,
        details: { field: "csr_pem" },
      });
    await expect(client.pki.sign("svc-mtls", {} as never)).rejects.toMatchObject({
      code: "validation_error",
      status: 422,
    });
    await expect(client.pki.sign("nope", { csr_pem: good.csr_pem })).rejects.toMatchObject({ code: "role_not_found" });
    await expect(clientFor(mock.tokens.readOnly).pki.sign("svc-mtls", { csr_pem: good.csr_pem })).rejects.toMatchObject(
      {
        code: "insufficient_scope",
        details: { required_scope: "pki:issue" },
      },
    );
  });
});

describe("PKI API: issuing", () => {
  it("POST /v1/pki/issue/{role} requires common_name (the reference marks it required), whatever the role", async () => {
    await client.pki.updateRole("svc-mtls", { require_cn: false });
    await expect(client.pki.issue("svc-mtls", { alt_names: ["a.svc.cluster.local"] } as never)).rejects.toMatchObject({
      code: "validation_error",
      status: 422,
      details: { fields: [{ field: "common_name" }] },
    });
  });

  it("POST /v1/pki/issue/{role} returns a leaf chained to the CA, with SANs, IP SANs and the TTL from the mock clock", async () => {
    const issued = MockIssued.parse(
      await client.pki.issue("svc-mtls", {
        common_name: "Billing.svc.cluster.local",
        alt_names: ["billing-v2.svc.cluster.local"],
        ip_sans: ["10.0.0.5", "2001:db8::5"],
        ttl: "48h",
      }),
    );
    expect(issued).toMatchObject({
      common_name: "billing.svc.cluster.local",
      issuing_ca_id: intId(),
      key_type: "ec",
      key_bits: 256,
      warnings: [],
    });
    expect(issued.not_before).toBe(mock.clock.iso());
    expect(Date.parse(issued.not_after) - Date.parse(issued.not_before)).toBe(48 * 3_600_000);
    expect(issued.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const leaf = new X509Certificate(issued.certificate);
    expect(leaf.subject).toBe("CN=billing.svc.cluster.local");
    expect(leaf.subjectAltName).toBe(
      "DNS:billing.svc.cluster.local, DNS:billing-v2.svc.cluster.local, IP Address:10.0.0.5, IP Address:2001:DB8:0:0:0:0:0:5",
    );
    expect(leaf.serialNumber.toLowerCase()).toBe(issued.serial_number);
    const [int, root] = issued.ca_chain.map((p) => new X509Certificate(p));
    expect(leaf.checkIssued(int!) && leaf.verify(int!.publicKey)).toBe(true);
    expect(int!.verify(root!.publicKey)).toBe(true);
    expect(leaf.checkPrivateKey((await import("node:crypto")).createPrivateKey(issued.private_key))).toBe(true);
    expect(events.map((e) => e.type)).toContain("certificate.issued");
    expect(events.find((e) => e.type === "certificate.issued")?.data).toMatchObject({
      certificate_id: issued.id,
      role: "svc-mtls",
      source: "pki",
      ca_id: intId(),
    });
  });

  it("enforces the role: names, wildcards, IP SANs, key type; caps the TTL with a warning", async () => {
    await expect(client.pki.issue("svc-mtls", { common_name: "evil.example.com" })).rejects.toMatchObject({
      code: "domain_not_allowed",
      status: 400,
    });
    await expect(client.pki.issue("svc-mtls", { common_name: "*.svc.cluster.local" })).rejects.toMatchObject({
      code: "domain_not_allowed",
    });
    await expect(
      client.pki.issue("web-server", { common_name: "www.acme.example", ip_sans: ["10.0.0.1"] }),
    ).rejects.toMatchObject({ code: "ip_sans_not_allowed" });
    await expect(
      client.pki.issue("svc-mtls", { common_name: "a.svc.cluster.local", ip_sans: ["not-an-ip"] }),
    ).rejects.toMatchObject({ code: "invalid_request" });
    await expect(
      client.pki.issue("svc-mtls", { common_name: "a.svc.cluster.local", key_type: "rsa" }),
    ).rejects.toMatchObject({ code: "key_type_not_allowed" });
    await expect(
      client.pki.issue("svc-mtls", { common_name: "a.svc.cluster.local", ttl: "later" }),
    ).rejects.toMatchObject({ code: "invalid_duration" });
    await expect(
      client.pki.issue("svc-mtls", { common_name: "a.svc.cluster.local", ttl: "999999999999w" }),
    ).rejects.toMatchObject({ code: "invalid_duration", status: 400 });
    await expect(client.pki.issue("nope", { common_name: "a.svc.cluster.local" })).rejects.toMatchObject({
      code: "role_not_found",
      status: 404,
    });
    await expect(
      client.pki.issue("svc-mtls", { alt_names: ["x"] as never, common_name: 5 as never }),
    ).rejects.toMatchObject({ code: "validation_error", status: 422 });
    const capped = MockIssued.parse(
      await client.pki.issue("svc-mtls", { common_name: "deep.sub.svc.cluster.local", ttl: "8760h" }),
    );
    expect(Date.parse(capped.not_after) - Date.parse(capped.not_before)).toBe(720 * 3_600_000);
    expect(capped.warnings[0]).toMatch(/max_ttl 720h/);
  });

  it("roles with key_type any issue ed25519 and rsa keys", async () => {
    const ed = MockIssued.parse(
      await client.pki.issue("web-server", { common_name: "*.shop.acme.example", key_type: "ed25519" }),
    );
    expect(ed.key_type).toBe("ed25519");
    expect(new X509Certificate(ed.certificate).publicKey.asymmetricKeyType).toBe("ed25519");
    const rsa = MockIssued.parse(
      await client.pki.issue("web-server", { common_name: "legacy.acme.example", key_type: "rsa" }),
    );
    expect(new X509Certificate(rsa.certificate).publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(rsa.private_key_type).toBe("rsa");
  });
});

describe("PKI API: certificates", () => {
  it("GET /v1/pki/certificates lists active ones; revoked only when asked; filters and pages", async () => {
    const list = CertificateList.parse(await client.pki.listCertificates());
    expect(list.data.map((c) => c.common_name)).toEqual([
      "billing.svc.cluster.local",
      "reports.svc.cluster.local",
      "payments-api.internal",
      "www.acme.example",
      "legacy-gateway.internal",
      "shop.acme.example",
    ]);
    expect(list.data.find((c) => c.common_name === "legacy-gateway.internal")).toMatchObject({
      status: "expired",
      days_remaining: -10,
    });
    expect(list.data.find((c) => c.common_name === "shop.acme.example")).toMatchObject({
      source: "acme",
      ca_id: null,
      issuer: "ScaiVault Mock ACME CA",
    });
    const withRevoked = CertificateList.parse(await client.pki.listCertificates({ include_revoked: true }));
    expect(withRevoked.data).toHaveLength(7);
    const revoked = CertificateList.parse(await client.pki.listCertificates({ status: "revoked" }));
    expect(revoked.data.map((c) => [c.common_name, c.revocation_reason])).toEqual([
      ["old-billing.svc.cluster.local", "superseded"],
    ]);
    expect(CertificateList.parse(await client.pki.listCertificates({ source: "acme" })).data).toHaveLength(1);
    const page1 = CertificateList.parse(await client.pki.listCertificates({ limit: 4 }));
    const page2 = CertificateList.parse(await client.pki.listCertificates({ limit: 4, cursor: page1.cursor! }));
    expect([...page1.data, ...page2.data].map((c) => c.id)).toEqual(list.data.map((c) => c.id));
    await expect(client.pki.listCertificates({ cursor: "garbage!" })).rejects.toMatchObject({
      code: "invalid_cursor",
      status: 400,
    });
    await expect(client.pki.listCertificates({ ca_id: "ca_int_nope" })).rejects.toMatchObject({ code: "ca_not_found" });
  });

  it("expiring_within: soonest first, expired included, revoked excluded; follows the mock clock", async () => {
    const soon = CertificateList.parse(await client.pki.listCertificates({ expiring_within: "30d" }));
    expect(soon.data.map((c) => [c.common_name, c.days_remaining])).toEqual([
      ["legacy-gateway.internal", -10],
      ["billing.svc.cluster.local", 4],
      ["reports.svc.cluster.local", 10],
      ["shop.acme.example", 15],
      ["payments-api.internal", 29],
    ]);
    expect(CertificateList.parse(await client.pki.listCertificates({ expiring_within: "5d" })).data).toHaveLength(2);
    mock.clock.advance("5d");
    const later = CertificateList.parse(await client.pki.listCertificates({ expiring_within: "5d" }));
    expect(later.data.map((c) => [c.common_name, c.status])).toEqual([
      ["legacy-gateway.internal", "expired"],
      ["billing.svc.cluster.local", "expired"],
      ["reports.svc.cluster.local", "active"],
    ]);
    await expect(client.pki.listCertificates({ expiring_within: "soon" })).rejects.toMatchObject({
      code: "invalid_duration",
      status: 400,
    });
  });

  it("GET /v1/pki/certificates/{id} by id or serial, with PEM and fingerprint; /pem gives the chain; 404", async () => {
    const [first] = CertificateList.parse(await client.pki.listCertificates()).data;
    const byId = CertificateDetail.parse(await client.pki.getCertificate(first!.id));
    const x = new X509Certificate(byId.certificate_pem);
    expect(x.fingerprint256).toBe(byId.fingerprint_sha256);
    expect(x.subject).toBe(`CN=${first!.common_name}`);
    expect(new Date(x.validTo).toISOString()).toBe(first!.not_after);
    expect(byId).not.toHaveProperty("private_key");
    const bySerial = CertificateDetail.parse(await client.pki.getCertificate(first!.serial_number.toUpperCase()));
    expect(bySerial.id).toBe(first!.id);
    const pem = CertificatePem.parse(await client.pki.getCertificatePem(first!.id));
    expect(pem.ca_chain).toHaveLength(2);
    const text = await (await raw(`/v1/pki/certificates/${first!.id}/pem`)).text();
    expect(text.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    await expect(client.pki.getCertificate("cert_nope")).rejects.toMatchObject({
      code: "certificate_not_found",
      status: 404,
    });
  });

  it("POST /v1/pki/certificates/{id}/revoke takes RFC 5280 reasons (aliases too); 409 twice; 422 unknown reason", async () => {
    const leaf = await issue("svc-mtls", { common_name: "tmp.svc.cluster.local" });
    const revoked = CertificateRevoked.parse(await client.pki.revokeCertificate(leaf.id, "key_compromise" as never));
    expect(revoked).toMatchObject({
      status: "revoked",
      revocation_reason: "keyCompromise",
      revoked_at: mock.clock.iso(),
      crl_url: `${mock.baseUrl}/v1/pki/ca/${intId()}/crl`,
    });
    expect(events.find((e) => e.type === "certificate.revoked")?.data).toMatchObject({
      certificate_id: leaf.id,
      reason: "keyCompromise",
    });
    await expect(client.pki.revokeCertificate(leaf.id)).rejects.toMatchObject({
      code: "certificate_already_revoked",
      status: 409,
    });
    const other = await issue("svc-mtls", { common_name: "tmp2.svc.cluster.local" });
    await expect(client.pki.revokeCertificate(other.id, "because" as never)).rejects.toMatchObject({
      code: "validation_error",
      status: 422,
    });
    expect(CertificateRevoked.parse(await client.pki.revokeCertificate(other.serial_number)).revocation_reason).toBe(
      "unspecified",
    );
  });
});

describe("PKI API: validation", () => {
  it("valid for a fresh leaf (with hostname and IP checks); says why otherwise", async () => {
    const leaf = await issue("svc-mtls", {
      common_name: "api.svc.cluster.local",
      ip_sans: ["10.1.2.3"],
      ttl: "24h",
    });
    const ok = Validation.parse(
      await client.pki.validate({ certificate_pem: leaf.certificate, hostname: "api.svc.cluster.local" }),
    );
    expect(ok).toMatchObject({
      valid: true,
      status: "valid",
      reasons: [],
      hostname_matches: true,
      revocation: null,
      certificate: { id: leaf.id },
    });
    expect(ok.chain.map((c) => c.common_name)).toEqual(["Acme Services Intermediate CA", "Acme Root CA"]);
    expect(Validation.parse(await client.pki.validate({ certificate_id: leaf.id, hostname: "10.1.2.3" })).valid).toBe(
      true,
    );
    const wrongHost = Validation.parse(
      await client.pki.validate({ certificate_id: leaf.id, hostname: "other.svc.cluster.local" }),
    );
    expect(wrongHost).toMatchObject({ valid: false, status: "hostname_mismatch", hostname_matches: false });

    mock.clock.advance("25h");
    const expired = Validation.parse(await client.pki.validate({ certificate_id: leaf.id }));
    expect(expired).toMatchObject({ valid: false, status: "expired" });
    expect(expired.reasons[0]).toMatch(/^expired at /);
    const atIssue = Validation.parse(await client.pki.validate({ certificate_id: leaf.id, at: leaf.not_before }));
    expect(atIssue.valid).toBe(true);

    await client.pki.revokeCertificate(leaf.id, "keyCompromise");
    const revoked = Validation.parse(
      await client.pki.validate({ certificate_pem: leaf.certificate, at: leaf.not_before }),
    );
    expect(revoked).toMatchObject({ valid: false, status: "revoked", revocation: { reason: "keyCompromise" } });
  });

  it("a CA certificate is judged by that CA's own state: a revoked intermediate or root is revoked, and so are leaves under it", async () => {
    const leaf = await issue("svc-mtls", { common_name: "ca-state.svc.cluster.local" });
    const intPem = (await client.pki.getCa(intId())).certificate_pem;
    const rootPem = (await client.pki.getCa(rootId())).certificate_pem;
    expect(Validation.parse(await client.pki.validate({ certificate_pem: intPem }))).toMatchObject({
      valid: true,
      certificate: { id: intId() },
    });
    await client.pki.revokeCa(intId(), "keyCompromise");
    const intVerdict = Validation.parse(await client.pki.validate({ certificate_pem: intPem }));
    expect(intVerdict).toMatchObject({ valid: false, status: "revoked", revocation: { reason: "keyCompromise" } });
    expect(intVerdict.reasons.join(" ")).toMatch(/keyCompromise/);
    const leafVerdict = Validation.parse(await client.pki.validate({ certificate_pem: leaf.certificate }));
    expect(leafVerdict).toMatchObject({ valid: false, status: "revoked" });
    expect(leafVerdict.chain[0]).toMatchObject({ ca_id: intId(), status: "revoked" });
    // A self-signed root ends the chain at once: its own revocation is what counts.
    expect(Validation.parse(await client.pki.validate({ certificate_pem: rootPem })).valid).toBe(true);
    await client.pki.revokeCa(rootId(), "cACompromise");
    expect(Validation.parse(await client.pki.validate({ certificate_pem: rootPem }))).toMatchObject({
      valid: false,
      status: "revoked",
      certificate: { id: rootId() },
      revocation: { reason: "cACompromise" },
    });
  });

  it("untrusted for a certificate from another tenant's CA; 400 for a non-certificate; 422 for neither/both", async () => {
    const globex = clientFor(mock.tokens.otherTenantAdmin);
    await globex.pki.createCa({ name: "globex-root", common_name: "Globex Root", ca_type: "root", key_type: "ec" });
    const globexCa = (await globex.pki.listCas()).data[0]!;
    await globex.pki.createRole({ name: "any", ca_id: globexCa.id });
    const foreign = await globex.pki.issue("any", { common_name: "www.globex.example" });
    const verdict = Validation.parse(await client.pki.validate({ certificate_pem: foreign.certificate }));
    expect(verdict).toMatchObject({ valid: false, status: "untrusted", chain: [] });
    expect(Validation.parse(await globex.pki.validate({ certificate_pem: foreign.certificate })).valid).toBe(true);
    await expect(
      client.pki.validate({ certificate_pem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" }),
    ).rejects.toMatchObject({ code: "invalid_certificate", status: 400 });
    await expect(client.pki.validate({})).rejects.toMatchObject({ code: "validation_error", status: 422 });
    await expect(client.pki.validate({ certificate_id: "x", certificate_pem: "y" })).rejects.toMatchObject({
      code: "validation_error",
    });
  });
});

describe("PKI API: scopes, tenants, events, determinism", () => {
  it("needs pki scopes (audited denials) and keeps tenants apart", async () => {
    const reader = clientFor(mock.tokens.readOnly);
    await expect(reader.pki.listCertificates()).rejects.toMatchObject({ code: "insufficient_scope", status: 403 });
    await expect(reader.pki.issue("svc-mtls", { common_name: "a.svc.cluster.local" })).rejects.toMatchObject({
      code: "insufficient_scope",
    });
    const denied = mock.state.audit.events.filter((e) => e.action === "pki_issue" && e.outcome === "denied");
    expect(denied).toHaveLength(1);
    const globex = clientFor(mock.tokens.otherTenantAdmin);
    expect((await globex.pki.listCas()).data).toEqual([]);
    await expect(globex.pki.getCa(rootId())).rejects.toMatchObject({ code: "ca_not_found" });
  });

  it("announces certificate.expiring once per threshold as the clock moves", async () => {
    await client.pki.listCertificates();
    const first = events
      .filter((e) => e.type === "certificate.expiring")
      .map((e) => [e.data.common_name, e.data.threshold]);
    // reports (a 30-day cert) is not "expiring within 30d" at birth: only thresholds shorter than the lifetime apply.
    expect(first).toEqual([
      ["billing.svc.cluster.local", "7d"],
      ["shop.acme.example", "30d"],
    ]);
    events = [];
    await client.pki.listCertificates();
    expect(events).toEqual([]);
    mock.clock.advance("3d12h");
    await client.pki.listCas();
    const certificates = events.filter((e) => e.type.startsWith("certificate.")); // the clock also moves secrets' schedules
    expect(certificates.map((e) => [e.type, e.data.common_name, e.data.threshold, e.data.days_remaining])).toEqual([
      ["certificate.expiring", "billing.svc.cluster.local", "1d", 0],
      ["certificate.expiring", "reports.svc.cluster.local", "7d", 6],
    ]);
  });

  it("same seed, same CAs, serials and subjects; reset brings the seeded state back", async () => {
    const other = createMockVault({ seed: 42 });
    const otherClient = createClient({
      baseUrl: other.baseUrl,
      token: other.tokens.admin,
      fetch: other.fetch,
      maxRetries: 0,
    });
    const a = await client.pki.listCertificates({ include_revoked: true });
    const b = await otherClient.pki.listCertificates({ include_revoked: true });
    expect(b.data.map((c) => [c.id, c.serial_number, c.common_name, c.not_after])).toEqual(
      a.data.map((c) => [c.id, c.serial_number, c.common_name, c.not_after]),
    );
    const pemA = new X509Certificate((await client.pki.getCertificate(a.data[0]!.id)).certificate_pem);
    const pemB = new X509Certificate((await otherClient.pki.getCertificate(b.data[0]!.id)).certificate_pem);
    expect(pemB.publicKey.export({ format: "der", type: "spki" })).toEqual(
      pemA.publicKey.export({ format: "der", type: "spki" }),
    );
    expect([pemB.subject, pemB.serialNumber, pemB.validFrom]).toEqual([
      pemA.subject,
      pemA.serialNumber,
      pemA.validFrom,
    ]);
    const seven = createMockVault({ seed: 7 });
    expect(seven.state.tenant(seven.tenantId).pki.certificates.list()[0]!.serial_number).not.toBe(
      a.data[0]!.serial_number,
    );

    await client.pki.issue("svc-mtls", { common_name: "temp.svc.cluster.local" });
    mock.reset();
    expect((await client.pki.listCertificates({ include_revoked: true })).data.map((c) => c.id)).toEqual(
      a.data.map((c) => c.id),
    );
  });
});
