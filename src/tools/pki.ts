import { z } from "zod";
import {
  CaCreated,
  CaDetail,
  CaList,
  CertificateDetail,
  CertificateList,
  CertificateRevoked,
  IssuedCertificate,
  RevocationReason,
  Validation,
} from "../client/schemas/pki.js";
import { group, tool } from "./define.js";
import { Cursor, Duration, Limit } from "./schemas.js";

const CertId = z.string().min(1).max(128).describe("Certificate id (cert_…) or serial number");
const CaId = z.string().min(1).max(64).describe("CA id, e.g. ca_root_…");
/** No read returns a private key (issued keys are shown once); masked anyway should a server echo one. */
const KEY_FIELDS = ["private_key"];
const LISTED_KEY_FIELDS = ["data[].private_key"];
/** The pki tools (declared as data; see define.ts). */
export const pkiTools = group("pki", [
  tool({
    name: "scaivault_list_cas",
    title: "List certificate authorities",
    description:
      "List the tenant's certificate authorities (root and intermediate) with key type, validity, status and CRL URL.",
    access: "read",
    scopes: ["pki:admin"],
    secretFields: LISTED_KEY_FIELDS,
    input: { ca_type: z.enum(["root", "intermediate"]).optional(), limit: Limit, cursor: Cursor },
    output: CaList.shape,
    run: (client, { ca_type, limit, cursor }, signal) => client.pki.listCas({ ca_type, limit, cursor }, signal),
  }),

  tool({
    name: "scaivault_get_ca",
    title: "Get certificate authority",
    description: "One CA by id, with its PEM certificate (the trust anchor to distribute), validity and status.",
    access: "read",
    scopes: ["pki:admin"],
    secretFields: KEY_FIELDS,
    input: { ca_id: CaId },
    output: CaDetail.shape,
    run: (client, { ca_id }, signal) => client.pki.getCa(ca_id, signal),
  }),

  tool({
    name: "scaivault_create_root_ca",
    title: "Create root CA",
    description:
      "Create a self-signed root CA (key_type rsa by default, or ec; 3650 days by default). The CA key stays in ScaiVault; the PEM is returned.",
    access: "write",
    scopes: ["pki:admin"],
    secretFields: KEY_FIELDS,
    input: {
      name: z.string().min(1).max(64).describe("Unique name, e.g. acme-root"),
      common_name: z.string().min(1).max(64).describe("Subject CN, e.g. Acme Root CA"),
      key_type: z.enum(["rsa", "ec"]).optional(),
      key_size: z
        .literal([2048, 4096, 256, 384])
        .meta({ type: "integer" })
        .optional()
        .describe("rsa 2048|4096, ec 256|384"),
      validity_days: z.number().int().min(1).max(7300).optional(),
    },
    output: CaCreated.shape,
    run: (client, args, signal) => client.pki.createCa({ ...args, ca_type: "root" }, signal),
  }),

  tool({
    name: "scaivault_list_certificates",
    title: "List certificates",
    description:
      "List issued certificates (internal CAs and ACME): serial, names, validity, status, days_remaining. Revoked ones only with include_revoked.",
    access: "read",
    scopes: ["pki:read"],
    secretFields: LISTED_KEY_FIELDS,
    input: {
      ca_id: CaId.optional(),
      status: z.enum(["active", "revoked", "expired"]).optional(),
      include_revoked: z.boolean().optional(),
      limit: Limit,
      cursor: Cursor,
    },
    output: CertificateList.shape,
    run: (client, args, signal) => client.pki.listCertificates(args, signal),
  }),

  tool({
    name: "scaivault_get_certificate",
    title: "Get certificate",
    description:
      "One certificate by id or serial: names, issuer, validity, revocation, fingerprint and PEM. Never includes a private key.",
    access: "read",
    scopes: ["pki:read"],
    secretFields: KEY_FIELDS,
    input: { certificate_id: CertId },
    output: CertificateDetail.shape,
    run: (client, { certificate_id }, signal) => client.pki.getCertificate(certificate_id, signal),
  }),

  tool({
    name: "scaivault_issue_certificate",
    title: "Issue certificate",
    description:
      "Issue a certificate under a PKI role (it fixes the CA, allowed names, max TTL, key type). Returns PEM, CA chain and private key; the key is shown only once.",
    access: "write",
    scopes: ["pki:issue"],
    oneTime: {
      what: "a certificate and its private key",
      data: { certificate: "certificate", private_key: "private_key", ca_chain: "ca_chain" },
      metadata: {
        certificate_id: "id",
        serial_number: "serial_number",
        common_name: "common_name",
        not_after: "not_after",
      },
      secretType: "certificate",
      undo: { tool: "scaivault_revoke_certificate", args: { certificate_id: "serial_number" } },
    },
    secretFields: KEY_FIELDS,
    input: {
      role: z.string().min(1).max(64).describe("PKI role, e.g. svc-mtls"),
      common_name: z.string().min(1).max(253),
      alt_names: z.array(z.string().max(253)).max(100).optional().describe("Extra DNS SANs"),
      ip_sans: z.array(z.string().max(64)).max(100).optional(),
      ttl: Duration.optional().describe("Lifetime, e.g. 720h (capped by the role)"),
      key_type: z.enum(["ec", "rsa", "ed25519"]).optional().describe("Only for roles with key_type any"),
    },
    output: IssuedCertificate.shape,
    run: (client, { role, ...body }, signal) => client.pki.issue(role, body, signal),
  }),

  tool({
    name: "scaivault_revoke_certificate",
    title: "Revoke certificate",
    description:
      "Revoke a certificate by id or serial with an RFC 5280 reason (default unspecified). It is listed on the issuing CA's CRL. Cannot be undone.",
    access: "delete",
    scopes: ["pki:admin"],
    confirm: {
      ask: "Revoke certificate {certificate_id}? It is listed on its CA's revocation list and stops being trusted. This cannot be undone.",
    },
    secretFields: KEY_FIELDS,
    input: { certificate_id: CertId, reason: RevocationReason.optional() },
    output: CertificateRevoked.shape,
    run: (client, { certificate_id, reason }, signal) => client.pki.revokeCertificate(certificate_id, reason, signal),
  }),

  tool({
    name: "scaivault_validate_certificate",
    title: "Validate certificate",
    description:
      "Check a certificate (id or PEM): chains to a CA of this tenant, inside its validity period now, not revoked, optionally covers a hostname. Says why not.",
    access: "read",
    scopes: ["pki:read"],
    exactlyOne: [{ args: ["certificate_id"] }, { args: ["certificate_pem"] }],
    input: {
      certificate_id: CertId.optional(),
      certificate_pem: z.string().max(65_536).optional().describe("PEM instead of an id"),
      hostname: z.string().max(253).optional().describe("DNS name or IP it must cover"),
    },
    output: Validation.shape,
    run: (client, args, signal) => client.pki.validate(args, signal),
  }),

  tool({
    name: "scaivault_check_expiring_certs",
    title: "Check expiring certificates",
    description:
      "Certificates that expire within `within` (default 30d) or have expired, soonest first, with days_remaining; revoked ones left out. Secrets: scaivault_check_expiration; dynamic-credential leases: scaivault_check_expiring_leases.",
    access: "read",
    scopes: ["pki:read"],
    secretFields: LISTED_KEY_FIELDS,
    input: {
      within: Duration.optional().describe("Window from now (default 30d)"),
      ca_id: CaId.optional(),
      limit: Limit,
      cursor: Cursor,
    },
    output: CertificateList.shape,
    run: (client, { within, ca_id, limit, cursor }, signal) =>
      client.pki.listCertificates({ expiring_within: within ?? "30d", ca_id, limit, cursor }, signal),
  }),
]);
