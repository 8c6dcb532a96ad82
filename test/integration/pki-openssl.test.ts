/**
 * The mock's X.509 is real: OpenSSL accepts what the MCP tools issue and rejects what they
 * revoke (CRL from the CRL endpoint) or what has expired on the mock clock. `-attime` pins
 * OpenSSL to the mock clock, which is not the wall clock.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connect, type Harness } from "../helpers/harness.js";

const hasOpenssl = (() => {
  try {
    execFileSync("which", ["openssl"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

let dir: string;
let h: Harness;

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** `openssl verify` at the mock clock's time; ok = exit status 0. */
function verify(args: string[]): { ok: boolean; out: string } {
  const at = String(Math.floor(h.mock.clock.nowMs() / 1000));
  try {
    return {
      ok: true,
      out: execFileSync("openssl", ["verify", "-attime", at, ...args], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }),
    };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, out: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

async function crlPem(caId: string): Promise<string> {
  const response = await h.mock.fetch(
    new Request(`${h.mock.baseUrl}/v1/pki/ca/${caId}/crl`, {
      headers: { Authorization: `Bearer ${h.mock.tokens.admin}`, Accept: "application/x-pem-file" },
    }),
  );
  expect(response.status).toBe(200);
  return response.text();
}

describe.skipIf(!hasOpenssl)(
  "openssl verify against the mock PKI (skipped only when `which openssl` finds no openssl binary)",
  () => {
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "scaivault-pki-"));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    afterEach(async () => h?.close());

    it("accepts a leaf issued under a new root CA, rejects it once revoked (-crl_check)", async () => {
      h = await connect();
      const root = await h.ok("scaivault_create_root_ca", {
        name: "ossl-root",
        common_name: "OpenSSL Test Root",
        key_type: "ec",
      });
      // Roles have no MCP tool: create one through the API, as an operator would.
      const role = await h.mock.fetch(
        new Request(`${h.mock.baseUrl}/v1/pki/roles`, {
          method: "POST",
          headers: { Authorization: `Bearer ${h.mock.tokens.admin}`, "Content-Type": "application/json" },
          body: JSON.stringify({
            name: "ossl",
            ca_id: root.id,
            allowed_domains: ["test.example"],
            allow_subdomains: true,
            allow_ip_sans: true,
          }),
        }),
      );
      expect(role.status).toBe(201);
      const leaf = await h.ok("scaivault_issue_certificate", {
        role: "ossl",
        common_name: "svc.test.example",
        ip_sans: ["192.0.2.10"],
        ttl: "24h",
      });
      const ca = file("ca.pem", root.certificate_pem);
      const leafPem = file("leaf.pem", leaf.certificate);

      const good = verify(["-CAfile", ca, leafPem]);
      expect(good.ok, good.out).toBe(true);
      expect(good.out).toContain("leaf.pem: OK");
      const cleanCrl = verify([
        "-crl_check",
        "-CRLfile",
        file("crl0.pem", await crlPem(root.id)),
        "-CAfile",
        ca,
        leafPem,
      ]);
      expect(cleanCrl.ok, cleanCrl.out).toBe(true);

      await h.ok("scaivault_revoke_certificate", { certificate_id: leaf.id, reason: "keyCompromise" });
      const revoked = verify([
        "-crl_check",
        "-CRLfile",
        file("crl.pem", await crlPem(root.id)),
        "-CAfile",
        ca,
        leafPem,
      ]);
      expect(revoked.ok).toBe(false);
      expect(revoked.out).toContain("certificate revoked");
    });

    it("accepts a leaf of the seeded intermediate with the chain as CAfile; rejects it after expiry on the mock clock", async () => {
      h = await connect();
      const leaf = await h.ok("scaivault_issue_certificate", {
        role: "svc-mtls",
        common_name: "orders.svc.cluster.local",
        ttl: "48h",
      });
      const chain = file("chain.pem", leaf.ca_chain.join(""));
      const leafPem = file("leaf2.pem", leaf.certificate);
      const good = verify(["-CAfile", chain, leafPem]);
      expect(good.ok, good.out).toBe(true);
      // The root alone is not enough: the intermediate must be supplied (untrusted) or trusted.
      const rootOnly = file("root.pem", leaf.ca_chain[1]);
      expect(verify(["-CAfile", rootOnly, leafPem]).ok).toBe(false);
      expect(verify(["-CAfile", rootOnly, "-untrusted", file("int.pem", leaf.ca_chain[0]), leafPem]).ok).toBe(true);

      h.mock.clock.advance("49h");
      const expired = verify(["-CAfile", chain, leafPem]);
      expect(expired.ok).toBe(false);
      expect(expired.out).toContain("certificate has expired");
      const verdict = await h.ok("scaivault_validate_certificate", { certificate_id: leaf.id });
      expect(verdict).toMatchObject({ valid: false, status: "expired" });
    });

    it("signs a CSR made by openssl (POST /v1/pki/sign/{role}): the leaf verifies and carries the requester's key", async () => {
      h = await connect();
      const key = join(dir, "requester.key");
      const csr = join(dir, "requester.csr");
      execFileSync(
        "openssl",
        [
          "req",
          "-new",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:P-256",
          "-nodes",
          "-keyout",
          key,
          "-out",
          csr,
          "-subj",
          "/CN=ledger.svc.cluster.local",
          "-addext",
          "subjectAltName=DNS:ledger.svc.cluster.local,IP:10.0.0.7",
        ],
        { stdio: "ignore" },
      );
      const res = await h.mock.fetch(
        new Request(`${h.mock.baseUrl}/v1/pki/sign/svc-mtls`, {
          method: "POST",
          headers: { Authorization: `Bearer ${h.mock.tokens.admin}`, "Content-Type": "application/json" },
          body: JSON.stringify({ csr_pem: readFileSync(csr, "utf8"), ttl: "24h" }),
        }),
      );
      expect(res.status).toBe(200);
      const signed = (await res.json()) as { certificate: string; ca_chain: string[]; private_key?: string };
      expect(signed.private_key).toBeUndefined();
      const leafPem = file("signed.pem", signed.certificate);
      const good = verify(["-CAfile", file("signed-chain.pem", signed.ca_chain.join("")), leafPem]);
      expect(good.ok, good.out).toBe(true);
      const pub = (args: string[]) => execFileSync("openssl", args, { encoding: "utf8" });
      expect(pub(["x509", "-in", leafPem, "-noout", "-pubkey"])).toBe(pub(["pkey", "-in", key, "-pubout"]));
      const text = pub(["x509", "-in", leafPem, "-noout", "-subject", "-ext", "subjectAltName"]);
      expect(text).toContain("CN = ledger.svc.cluster.local");
      expect(text).toContain("IP Address:10.0.0.7");
    });

    it("accepts an ACME certificate against the mock ACME issuer", async () => {
      h = await connect();
      const accounts = await h.ok("scaivault_list_acme_accounts", {});
      const result = await h.ok("scaivault_request_certificate", {
        account_id: accounts.data[0].id,
        identifiers: ["api.acme.example"],
      });
      const verdict = verify([
        "-CAfile",
        file("acme-ca.pem", result.certificate.ca_chain.join("")),
        file("acme-leaf.pem", result.certificate.certificate),
      ]);
      expect(verdict.ok, verdict.out).toBe(true);
    });
  },
);
