/** The 9 pki tools end to end: MCP client -> server -> client -> mock vault (real X.509). */
import { X509Certificate } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { MASK } from "../../src/guard/mask.js";
import { connect, expectRefused, type Harness, requestsSeen, textOf } from "../helpers/harness.js";
import { connectRewriting } from "../helpers/rewriting.js";

let h: Harness;
afterEach(async () => h?.close());

const casOf = async () =>
  (await h.ok("scaivault_list_cas", {})).data as { id: string; ca_type: string; name: string }[];

describe("pki tools", () => {
  it("list_cas and get_ca show the seeded hierarchy with a usable PEM", async () => {
    h = await connect();
    const cas = await casOf();
    expect(cas.map((c) => [c.name, c.ca_type])).toEqual([
      ["acme-root", "root"],
      ["acme-services", "intermediate"],
    ]);
    const roots = await h.ok("scaivault_list_cas", { ca_type: "root" });
    expect(roots.data).toHaveLength(1);
    const ca = await h.ok("scaivault_get_ca", { ca_id: cas[1]!.id });
    expect(ca).toMatchObject({
      common_name: "Acme Services Intermediate CA",
      status: "active",
      parent_ca_id: cas[0]!.id,
    });
    expect(new X509Certificate(ca.certificate_pem).issuer).toBe("CN=Acme Root CA");
    const missing = await h.call("scaivault_get_ca", { ca_id: "ca_root_nope" });
    expect(missing.isError).toBe(true);
    expect(missing._meta?.["scaivault/code"]).toBe("ca_not_found");
  });

  it("create_root_ca makes a self-signed root (ec or rsa) and never returns a private key", async () => {
    h = await connect();
    const root = await h.ok("scaivault_create_root_ca", {
      name: "tools-root",
      common_name: "Tools Root CA",
      key_type: "ec",
      validity_days: 365,
    });
    expect(root).toMatchObject({ ca_type: "root", key_type: "ec", key_size: 256, status: "active" });
    expect(root).not.toHaveProperty("private_key");
    expect(textOf(await h.call("scaivault_get_ca", { ca_id: root.id }))).not.toContain("PRIVATE KEY");
    const x = new X509Certificate(root.certificate_pem);
    expect(x.subject).toBe("CN=Tools Root CA");
    expect(x.checkIssued(x)).toBe(true);
    const dup = await h.call("scaivault_create_root_ca", { name: "tools-root", common_name: "Again" });
    expect(dup._meta?.["scaivault/code"]).toBe("ca_already_exists");
  });

  it("issue_certificate returns PEM, chain and key; list/get show it without the key", async () => {
    h = await connect();
    const issued = await h.ok("scaivault_issue_certificate", {
      role: "svc-mtls",
      common_name: "inventory.svc.cluster.local",
      ip_sans: ["10.9.8.7"],
      ttl: "72h",
    });
    expect(issued.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(issued.ca_chain).toHaveLength(2);
    expect(new X509Certificate(issued.certificate).subjectAltName).toBe(
      "DNS:inventory.svc.cluster.local, IP Address:10.9.8.7",
    );
    const listed = await h.ok("scaivault_list_certificates", {});
    expect(listed.data.map((c: { id: string }) => c.id)).toContain(issued.id);
    const got = await h.ok("scaivault_get_certificate", { certificate_id: issued.id });
    expect(got).toMatchObject({
      id: issued.id,
      status: "active",
      days_remaining: 3,
      certificate_pem: issued.certificate,
    });
    expect(JSON.stringify(got)).not.toContain("PRIVATE KEY");
    const bySerial = await h.ok("scaivault_get_certificate", { certificate_id: issued.serial_number });
    expect(bySerial.id).toBe(issued.id);
    const refused = await h.call("scaivault_issue_certificate", { role: "svc-mtls", common_name: "www.evil.example" });
    expect(refused._meta?.["scaivault/code"]).toBe("domain_not_allowed");
    expect(textOf(refused)).toMatch(/not allowed by role 'svc-mtls'/);
  });

  it("issue_certificate honours key_type for roles that allow any", async () => {
    h = await connect();
    const issued = await h.ok("scaivault_issue_certificate", {
      role: "web-server",
      common_name: "cdn.acme.example",
      key_type: "ed25519",
    });
    expect(new X509Certificate(issued.certificate).publicKey.asymmetricKeyType).toBe("ed25519");
  });

  it("revoke_certificate revokes with a reason; list_certificates shows it only when asked", async () => {
    h = await connect();
    const issued = await h.ok("scaivault_issue_certificate", {
      role: "svc-mtls",
      common_name: "old.svc.cluster.local",
    });
    const revoked = await h.ok("scaivault_revoke_certificate", { certificate_id: issued.id, reason: "superseded" });
    expect(revoked).toMatchObject({ status: "revoked", revocation_reason: "superseded" });
    expect(revoked.crl_url).toMatch(/\/v1\/pki\/ca\/ca_int_\w+\/crl$/);
    const active = await h.ok("scaivault_list_certificates", {});
    expect(active.data.map((c: { id: string }) => c.id)).not.toContain(issued.id);
    const withRevoked = await h.ok("scaivault_list_certificates", { include_revoked: true });
    expect(withRevoked.data.map((c: { id: string }) => c.id)).toContain(issued.id);
    const twice = await h.call("scaivault_revoke_certificate", { certificate_id: issued.id });
    expect(twice._meta?.["scaivault/code"]).toBe("certificate_already_revoked");
    const badReason = await h.call("scaivault_revoke_certificate", { certificate_id: issued.id, reason: "because" });
    expect(badReason.isError).toBe(true);
  });

  it("validate_certificate: valid, hostname mismatch, revoked, CA certificate, malformed PEM", async () => {
    h = await connect();
    const issued = await h.ok("scaivault_issue_certificate", {
      role: "svc-mtls",
      common_name: "auth.svc.cluster.local",
    });
    expect(
      await h.ok("scaivault_validate_certificate", { certificate_id: issued.id, hostname: "auth.svc.cluster.local" }),
    ).toMatchObject({ valid: true, status: "valid" });
    expect(
      await h.ok("scaivault_validate_certificate", { certificate_pem: issued.certificate, hostname: "evil.example" }),
    ).toMatchObject({ valid: false, status: "hostname_mismatch" });
    await h.ok("scaivault_revoke_certificate", { certificate_id: issued.id, reason: "keyCompromise" });
    const revoked = await h.ok("scaivault_validate_certificate", { certificate_pem: issued.certificate });
    expect(revoked).toMatchObject({ valid: false, status: "revoked" });
    expect(revoked.reasons.join(" ")).toMatch(/keyCompromise/);
    // The intermediate CA certificate on its own validates too (it chains to the root).
    const cas = await casOf();
    const int = await h.ok("scaivault_get_ca", { ca_id: cas[1]!.id });
    expect((await h.ok("scaivault_validate_certificate", { certificate_pem: int.certificate_pem })).valid).toBe(true);
    const garbage = await h.call("scaivault_validate_certificate", { certificate_pem: "hello" });
    expect(garbage._meta?.["scaivault/code"]).toBe("invalid_certificate");
  });

  it("check_expiring_certs follows the mock clock", async () => {
    h = await connect();
    const now = await h.ok("scaivault_check_expiring_certs", {});
    expect(now.data.map((c: { common_name: string }) => c.common_name)).toEqual([
      "legacy-gateway.internal",
      "billing.svc.cluster.local",
      "reports.svc.cluster.local",
      "shop.acme.example",
      "payments-api.internal",
    ]);
    const week = await h.ok("scaivault_check_expiring_certs", { within: "7d" });
    expect(week.data.map((c: { days_remaining: number }) => c.days_remaining)).toEqual([-10, 4]);
    h.mock.clock.advance("12d");
    const later = await h.ok("scaivault_check_expiring_certs", { within: "7d" });
    expect(later.data.map((c: { common_name: string; status: string }) => [c.common_name, c.status])).toEqual([
      ["legacy-gateway.internal", "expired"],
      ["billing.svc.cluster.local", "expired"],
      ["reports.svc.cluster.local", "expired"],
      ["shop.acme.example", "active"],
    ]);
    const ca = (await casOf())[1]!.id;
    const byCa = await h.ok("scaivault_check_expiring_certs", { within: "7d", ca_id: ca });
    expect(byCa.data).toHaveLength(3);
  });

  it("READ_ONLY refuses create_root_ca, issue and revoke before the API; reads still work", async () => {
    h = await connect({ readOnly: true });
    const before = requestsSeen(h.mock);
    expectRefused(await h.call("scaivault_create_root_ca", { name: "x", common_name: "X" }), "read_only");
    expectRefused(
      await h.call("scaivault_issue_certificate", { role: "svc-mtls", common_name: "a.svc.cluster.local" }),
      "read_only",
    );
    expectRefused(await h.call("scaivault_revoke_certificate", { certificate_id: "cert_x" }), "read_only");
    expect(requestsSeen(h.mock)).toBe(before);
    expect((await h.ok("scaivault_list_certificates", {})).data.length).toBeGreaterThan(0);
    expect((await h.ok("scaivault_check_expiring_certs", {})).data.length).toBeGreaterThan(0);
  });

  it("MASK_VALUES hides the issued private key and keeps the certificate", async () => {
    h = await connect({ maskValues: true });
    const issued = await h.ok("scaivault_issue_certificate", {
      role: "svc-mtls",
      common_name: "masked.svc.cluster.local",
    });
    expect(issued.private_key).toBe(MASK);
    expect(issued.certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const result = await h.call("scaivault_issue_certificate", {
      role: "svc-mtls",
      common_name: "masked2.svc.cluster.local",
    });
    expect(textOf(result)).not.toContain("PRIVATE KEY");
    const root = await h.ok("scaivault_create_root_ca", {
      name: "masked-root",
      common_name: "Masked Root",
      key_type: "ec",
    });
    expect(root.certificate_pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });
});

describe("pki tools against a vault that answers exactly as documented", () => {
  it("create_root_ca and issue_certificate succeed without the mock's extra fields", async () => {
    const documented = (path: string, method: string, body: any) => {
      if (method === "POST" && path === "/v1/pki/ca") {
        const { id, name, common_name, ca_type, key_type, key_size, valid_from, valid_until } = body;
        const { is_active, certificates_issued, created_at } = body;
        return {
          id,
          name,
          common_name,
          ca_type,
          key_type,
          key_size,
          valid_from,
          valid_until,
          is_active,
          certificates_issued,
          created_at,
        };
      }
      if (method === "POST" && path.startsWith("/v1/pki/issue/")) {
        const { certificate, private_key, ca_chain, serial_number, not_after } = body;
        return { certificate, private_key, ca_chain, serial_number, not_after };
      }
      return body;
    };
    const vault = await connectRewriting(documented, { outputSchemas: true });
    try {
      const root = await vault.call("scaivault_create_root_ca", {
        name: "doc-root",
        common_name: "Doc Root CA",
        key_type: "ec",
      });
      expect(root.isError, textOf(root)).toBeFalsy();
      expect(root.structuredContent).toMatchObject({ name: "doc-root", ca_type: "root" });
      const leaf = await vault.call("scaivault_issue_certificate", {
        role: "svc-mtls",
        common_name: "doc.svc.cluster.local",
      });
      expect(leaf.isError, textOf(leaf)).toBeFalsy();
      expect(Object.keys(leaf.structuredContent ?? {}).sort()).toEqual([
        "ca_chain",
        "certificate",
        "not_after",
        "private_key",
        "serial_number",
      ]);
    } finally {
      await vault.close();
    }
  });
});
