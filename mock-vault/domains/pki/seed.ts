import { DEMO } from "../../core/demo.js";
import type { MockVault } from "../stores.js";

const DAY = 86_400_000;

/**
 * Demo PKI of tnt_acme_prod: a root and an intermediate CA (EC P-256), two roles and six leaf
 * certificates spread over the mock clock (one expiring in 4 days, one expired, one revoked).
 * Cheap and synchronous: keys are derived from the seed; signing happens lazily on the first
 * PKI request (see Signing in signing.ts), so createMockVault() never waits for X.509 work.
 */
export function seedPki(vault: MockVault): void {
  const pki = vault.tenant(DEMO.tenantId).pki;
  const now = vault.clock.nowMs();
  const ago = (days: number, extraMs = 0) => new Date(now - days * DAY + extraMs).toISOString();
  const root = pki.cas.seed(
    { name: "acme-root", common_name: "Acme Root CA", ca_type: "root", key_size: 256, validity_days: 3650 },
    ago(400),
  );
  const intermediate = pki.cas.seed(
    {
      name: "acme-services",
      common_name: "Acme Services Intermediate CA",
      ca_type: "intermediate",
      parent_ca_id: root.id,
      key_size: 256,
      validity_days: 1825,
    },
    ago(400, 60_000),
  );
  vault.clock.set(ago(400, 120_000));
  pki.issuance.createRole({
    name: "svc-mtls",
    ca_id: intermediate.id,
    allowed_domains: ["*.svc.cluster.local", "*.internal"],
    allow_subdomains: true,
    allow_ip_sans: true,
    ttl: "168h",
    max_ttl: "720h",
    key_type: "ec",
    key_bits: 256,
  });
  pki.issuance.createRole({
    name: "web-server",
    ca_id: intermediate.id,
    allowed_domains: ["acme.example"],
    allow_subdomains: true,
    allow_wildcards: true,
    ttl: "720h",
    max_ttl: "2160h",
    key_type: "any",
  });
  vault.clock.set(now);
  pki.issuance.seedCertificate({
    role: "svc-mtls",
    names: ["billing.svc.cluster.local"],
    issued_at: ago(26),
    ttl: "720h",
  });
  pki.issuance.seedCertificate({
    role: "svc-mtls",
    names: ["reports.svc.cluster.local"],
    issued_at: ago(20),
    ttl: "720h",
  });
  pki.issuance.seedCertificate({
    role: "svc-mtls",
    names: ["payments-api.internal"],
    ip_sans: ["10.20.0.14"],
    issued_at: ago(1),
    ttl: "720h",
  });
  pki.issuance.seedCertificate({
    role: "web-server",
    names: ["www.acme.example", "acme.example"],
    issued_at: ago(10),
    ttl: "90d",
  });
  pki.issuance.seedCertificate({
    role: "svc-mtls",
    names: ["legacy-gateway.internal"],
    issued_at: ago(40),
    ttl: "30d",
  });
  pki.issuance.seedCertificate({
    role: "svc-mtls",
    names: ["old-billing.svc.cluster.local"],
    issued_at: ago(25),
    ttl: "30d",
    revoked: { at: ago(5), reason: "superseded" },
  });
  pki.acmeIssuer.ensure();
}
