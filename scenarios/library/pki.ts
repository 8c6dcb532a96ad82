import { scenario } from "../kit.js";

// Demo PKI (mock-vault/domains/pki/seed.ts): "acme-root" -> "acme-services" (intermediate), roles svc-mtls and
// web-server, six seeded leaves. The mock clock starts at 2026-05-17T15:00:00Z.

const SEEDED_EXPIRING = [
  "legacy-gateway.internal",
  "billing.svc.cluster.local",
  "reports.svc.cluster.local",
  "shop.acme.example",
  "payments-api.internal",
];

/** The docs' "Build an mTLS Service Mesh" tutorial: issue, inspect, validate and revoke a service certificate. */
export const issueMtlsCertificate = scenario({
  id: "pki.issue-mtls-certificate",
  title: "Issue an mTLS certificate for a service, validate it, revoke it, watch expiry",
  user: "Issue an mTLS certificate for the orders service from our services CA, then revoke it: its key leaked.",
  profile: { maskValues: true },
  steps: [
    {
      tool: "scaivault_list_cas",
      args: {},
      expect: {
        ok: true,
        match: {
          "data[].name": ["acme-root", "acme-services"],
          "data[].ca_type": ["root", "intermediate"],
          "data[].status": "active",
        },
      },
    },
    {
      tool: "scaivault_list_cas",
      args: { ca_type: "intermediate" },
      expect: { ok: true, match: { "data[].name": ["acme-services"] } },
      capture: { intermediateId: "data[].id", rootId: "data[].parent_ca_id" },
    },
    {
      note: "The intermediate's PEM is public (the trust anchor to distribute): visible even under masking.",
      tool: "scaivault_get_ca",
      args: { ca_id: "${intermediateId}" },
      expect: {
        ok: true,
        match: {
          name: "acme-services",
          common_name: "Acme Services Intermediate CA",
          ca_type: "intermediate",
          status: "active",
          key_type: "ec",
          valid_until: "2030-04-11T15:01:00.000Z",
        },
        contains: ["-----BEGIN CERTIFICATE-----"],
        absent: ["••••••"],
      },
    },
    {
      note: "The private key is masked; the certificate and its chain stay visible.",
      tool: "scaivault_issue_certificate",
      args: {
        role: "svc-mtls",
        common_name: "orders.svc.cluster.local",
        alt_names: ["orders.internal"],
        ip_sans: ["10.20.0.21"],
        ttl: "720h",
      },
      expect: {
        ok: true,
        match: {
          private_key: "••••••",
          common_name: "orders.svc.cluster.local",
          "alt_names[]": ["orders.svc.cluster.local", "orders.internal"],
          "ip_sans[]": ["10.20.0.21"],
          key_type: "ec",
          not_before: "2026-05-17T15:00:00.000Z",
          not_after: "2026-06-16T15:00:00.000Z",
          "warnings[]": [],
        },
        contains: ["-----BEGIN CERTIFICATE-----"],
        absent: ["PRIVATE KEY"],
      },
      capture: { certId: "id", serial: "serial_number" },
    },
    {
      note: "Looked up by serial number: the stored certificate never carries the key.",
      tool: "scaivault_get_certificate",
      args: { certificate_id: "${serial}" },
      expect: {
        ok: true,
        match: {
          common_name: "orders.svc.cluster.local",
          issuer: "Acme Services Intermediate CA",
          role: "svc-mtls",
          source: "pki",
          status: "active",
          days_remaining: 30,
          revoked_at: null,
        },
        contains: ["-----BEGIN CERTIFICATE-----"],
        absent: ["PRIVATE KEY", "private_key"],
      },
    },
    {
      tool: "scaivault_validate_certificate",
      args: { certificate_id: "${certId}", hostname: "orders.internal" },
      expect: {
        ok: true,
        match: {
          valid: true,
          status: "valid",
          "reasons[]": [],
          hostname_matches: true,
          "certificate.subject": "CN=orders.svc.cluster.local",
          "chain[].common_name": ["Acme Services Intermediate CA", "Acme Root CA"],
        },
      },
    },
    {
      note: "A name the certificate does not carry.",
      tool: "scaivault_validate_certificate",
      args: { certificate_id: "${certId}", hostname: "billing.svc.cluster.local" },
      expect: { ok: true, match: { valid: false, status: "hostname_mismatch", hostname_matches: false } },
    },
    {
      tool: "scaivault_revoke_certificate",
      args: { certificate_id: "${certId}", reason: "keyCompromise" },
      expect: {
        ok: true,
        match: { status: "revoked", revocation_reason: "keyCompromise", revoked_at: "2026-05-17T15:00:00.000Z" },
        contains: ["/v1/pki/ca/", "/crl"],
      },
    },
    {
      tool: "scaivault_validate_certificate",
      args: { certificate_id: "${certId}" },
      expect: {
        ok: true,
        match: { valid: false, status: "revoked", "revocation.reason": "keyCompromise" },
        contains: ["keyCompromise"],
      },
    },
    {
      tool: "scaivault_revoke_certificate",
      args: { certificate_id: "${certId}", reason: "superseded" },
      expect: { error: "certificate_already_revoked" },
    },
    {
      note: "Revoked certificates are left out of the default listing.",
      tool: "scaivault_list_certificates",
      args: {},
      expect: {
        ok: true,
        match: {
          "data[].common_name": [
            "billing.svc.cluster.local",
            "reports.svc.cluster.local",
            "payments-api.internal",
            "www.acme.example",
            "legacy-gateway.internal",
            "shop.acme.example",
          ],
        },
        absent: ["orders.svc.cluster.local", "old-billing.svc.cluster.local"],
      },
    },
    {
      tool: "scaivault_list_certificates",
      args: { status: "revoked", include_revoked: true },
      expect: {
        ok: true,
        match: {
          "data[].common_name": ["old-billing.svc.cluster.local", "orders.svc.cluster.local"],
          "data[].revocation_reason": ["superseded", "keyCompromise"],
        },
      },
    },
    {
      note: "Soonest first, the expired one included, the revoked ones left out.",
      tool: "scaivault_check_expiring_certs",
      args: { within: "30d" },
      expect: {
        ok: true,
        match: {
          "data[].common_name": SEEDED_EXPIRING,
          "data[].days_remaining": [-10, 4, 10, 15, 29],
          "data[].status": ["expired", "active", "active", "active", "active"],
        },
        absent: ["orders.svc.cluster.local", "www.acme.example"],
      },
    },
    {
      tool: "scaivault_list_certificates",
      args: { status: "active", limit: 1 },
      expect: { ok: true, match: { "data[].common_name": ["billing.svc.cluster.local"], has_more: true } },
      capture: { billingId: "data[].id" },
    },
    { clock: "30d", note: "a month later" },
    {
      tool: "scaivault_check_expiring_certs",
      args: {},
      expect: {
        ok: true,
        match: {
          "data[].common_name": SEEDED_EXPIRING,
          "data[].status": "expired",
          "data[].days_remaining": [-40, -26, -20, -15, -1],
        },
      },
    },
    {
      tool: "scaivault_validate_certificate",
      args: { certificate_id: "${billingId}" },
      expect: {
        ok: true,
        match: { valid: false, status: "expired", "reasons[]": ["expired at 2026-05-21T15:00:00.000Z"] },
      },
    },
    {
      tool: "scaivault_get_certificate",
      args: { certificate_id: "${billingId}" },
      expect: { ok: true, match: { status: "expired", days_remaining: -26 } },
    },
  ],
});

/** Issuing is bounded by the role: names outside it are refused, a TTL over max_ttl is capped. */
export const roleLimits = scenario({
  id: "pki.role-limits",
  title: "A PKI role bounds what can be issued",
  user: "Get me a certificate for evil.example.com from the mTLS role, and one valid for a year.",
  profile: { maskValues: true },
  steps: [
    {
      tool: "scaivault_issue_certificate",
      args: { role: "svc-mtls", common_name: "evil.example.com" },
      expect: { error: "domain_not_allowed", contains: ["*.svc.cluster.local, *.internal"] },
    },
    {
      tool: "scaivault_issue_certificate",
      args: { role: "no-such-role", common_name: "x.internal" },
      expect: { error: "role_not_found" },
    },
    {
      tool: "scaivault_issue_certificate",
      args: { role: "svc-mtls", common_name: "batch.internal", ttl: "8760h" },
      expect: {
        ok: true,
        match: {
          private_key: "••••••",
          not_after: "2026-06-16T15:00:00.000Z",
          "warnings[]": ["ttl 8760h exceeds the role's max_ttl 720h; capped"],
        },
        absent: ["PRIVATE KEY"],
      },
    },
  ],
});

export const createRootCa = scenario({
  id: "pki.create-root-ca",
  title: "Create a root CA, inspect it and validate its certificate",
  user: "Set up a separate root CA for the lab environment, valid for a year.",
  profile: { maskValues: true },
  steps: [
    {
      note: "The CA key stays in ScaiVault: nothing to mask, the public PEM comes back.",
      tool: "scaivault_create_root_ca",
      args: { name: "lab-root", common_name: "Lab Root CA", key_type: "ec", key_size: 256, validity_days: 365 },
      expect: {
        ok: true,
        match: {
          name: "lab-root",
          common_name: "Lab Root CA",
          ca_type: "root",
          parent_ca_id: null,
          key_type: "ec",
          key_size: 256,
          status: "active",
          valid_from: "2026-05-17T15:00:00.000Z",
          valid_until: "2027-05-17T15:00:00.000Z",
          certificates_issued: 0,
        },
        contains: ["-----BEGIN CERTIFICATE-----"],
        absent: ["PRIVATE KEY", "••••••"],
      },
      capture: { labRootId: "id", labRootPem: "certificate_pem" },
    },
    {
      tool: "scaivault_get_ca",
      args: { ca_id: "${labRootId}" },
      expect: {
        ok: true,
        match: { name: "lab-root", ca_type: "root", status: "active", valid_until: "2027-05-17T15:00:00.000Z" },
        contains: ["-----BEGIN CERTIFICATE-----"],
      },
    },
    {
      tool: "scaivault_create_root_ca",
      args: { name: "lab-root", common_name: "Another Lab Root" },
      expect: { error: "ca_already_exists" },
    },
    {
      tool: "scaivault_list_cas",
      args: { ca_type: "root" },
      expect: { ok: true, match: { "data[].name": ["acme-root", "lab-root"], "data[].parent_ca_id": null } },
    },
    {
      note: "Self-signed: subject and issuer are the CA itself.",
      tool: "scaivault_validate_certificate",
      args: { certificate_pem: "${labRootPem}" },
      expect: {
        ok: true,
        match: {
          valid: true,
          status: "valid",
          "certificate.subject": "CN=Lab Root CA",
          "certificate.issuer": "CN=Lab Root CA",
          "certificate.days_remaining": 365,
        },
      },
    },
    {
      note: "No PKI role points at the new root (roles cannot be created through MCP), so nothing is issued from it yet.",
      tool: "scaivault_issue_certificate",
      args: { role: "lab-root", common_name: "lab.internal" },
      expect: { error: "role_not_found" },
    },
    {
      tool: "scaivault_list_certificates",
      args: { ca_id: "${labRootId}" },
      expect: { ok: true, match: { "data[].id": [], has_more: false } },
    },
    {
      tool: "scaivault_check_expiring_certs",
      args: { ca_id: "${labRootId}", within: "400d" },
      expect: { ok: true, match: { "data[].id": [] } },
    },
  ],
});

export const readOnly = scenario({
  id: "pki.read-only",
  title: "READ_ONLY: PKI reads work, creating a CA, issuing and revoking are refused",
  user: "Audit our certificates, and revoke the billing certificate while you are at it.",
  profile: { readOnly: true },
  steps: [
    {
      tool: "scaivault_list_cas",
      args: {},
      expect: { ok: true, match: { "data[].name": ["acme-root", "acme-services"] } },
      capture: { rootId: "data[].id" },
    },
    { tool: "scaivault_get_ca", args: { ca_id: "${rootId}" }, expect: { ok: true, match: { name: "acme-root" } } },
    {
      tool: "scaivault_list_certificates",
      args: { status: "active", limit: 1 },
      expect: { ok: true, match: { "data[].common_name": ["billing.svc.cluster.local"] } },
      capture: { billingId: "data[].id" },
    },
    {
      tool: "scaivault_check_expiring_certs",
      args: { within: "7d" },
      expect: {
        ok: true,
        match: { "data[].common_name": ["legacy-gateway.internal", "billing.svc.cluster.local"] },
      },
    },
    {
      tool: "scaivault_validate_certificate",
      args: { certificate_id: "${billingId}", hostname: "billing.svc.cluster.local" },
      expect: { ok: true, match: { valid: true, hostname_matches: true } },
    },
    {
      tool: "scaivault_create_root_ca",
      args: { name: "rogue-root", common_name: "Rogue Root CA" },
      expect: { refused: "read_only" },
    },
    {
      tool: "scaivault_issue_certificate",
      args: { role: "svc-mtls", common_name: "orders.svc.cluster.local" },
      expect: { refused: "read_only" },
    },
    {
      tool: "scaivault_revoke_certificate",
      args: { certificate_id: "${billingId}", reason: "keyCompromise" },
      expect: { refused: "read_only" },
    },
    {
      note: "Refused before the API: the certificate is untouched, no CA was created.",
      tool: "scaivault_get_certificate",
      args: { certificate_id: "${billingId}" },
      expect: { ok: true, match: { status: "active", revoked_at: null } },
    },
    {
      tool: "scaivault_list_cas",
      args: {},
      expect: { ok: true, match: { "data[].name": ["acme-root", "acme-services"] }, absent: ["rogue-root"] },
    },
  ],
});
