import { z } from "zod";
import { respond } from "../../core/json.js";
import { page } from "../../core/paging.js";
import { expiringWithin, flag, oneOf } from "../../core/query.js";
import { type RouteContext, withStatus } from "../../core/route.js";
import type { VaultRequest } from "../../core/vault-request.js";
import { routesOf } from "../route.js";
import type { TenantStores } from "../stores.js";
import { KEY_TYPES, normaliseReason, pemToDer, REVOCATION_REASON_NAMES, type RevocationReason } from "./x509.js";

// Documented: /v1/pki/ca (list, create, get, certificate, revoke, crl), /v1/pki/roles (list, create, get,
// patch, delete), /v1/pki/issue/{role}, /v1/pki/sign/{role}, /v1/pki/certificates (list, get, pem). Not found in the docs, shapes chosen here: certificate revoke
// (POST /v1/pki/certificates/{id}/revoke), validation (POST /v1/pki/certificates/validate), list envelopes.

const CaBody = z.object({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "1-64 of letters, digits, '.', '_' and '-'"),
  common_name: z.string().trim().min(1).max(64),
  ca_type: z.enum(["root", "intermediate"]),
  parent_ca_id: z.string().max(64).optional(),
  key_type: z.enum(["rsa", "ec"]).optional(),
  key_size: z.number().int().optional(),
  validity_days: z.number().int().min(1).max(7300).optional(),
});

const Reason = z
  .string()
  .max(64)
  .optional()
  .transform((value, ctx): RevocationReason => {
    if (value === undefined) return "unspecified";
    const reason = normaliseReason(value);
    if (reason) return reason;
    ctx.addIssue({ code: "custom", message: `one of ${REVOCATION_REASON_NAMES.join(", ")}` });
    return z.NEVER;
  });
const RevokeBody = z.object({ reason: Reason });

const RoleBody = z.object({
  name: z.string().min(1).max(64),
  ca_id: z.string().min(1).max(64),
  allowed_domains: z.array(z.string().min(1).max(253)).max(100).optional(),
  allow_subdomains: z.boolean().optional(),
  allow_wildcards: z.boolean().optional(),
  allow_ip_sans: z.boolean().optional(),
  ttl: z.string().max(32).optional(),
  max_ttl: z.string().max(32).optional(),
  key_type: z.enum([...KEY_TYPES, "any"]).optional(),
  key_bits: z.number().int().optional(),
  require_cn: z.boolean().optional(),
  store_private_keys: z.boolean().optional(),
});

const RolePatchBody = RoleBody.omit({ name: true }).partial();

const IssueBody = z.object({
  // Required by the reference ("common_name (required)"), whatever the role's require_cn says.
  common_name: z.string().min(1).max(253),
  alt_names: z.array(z.string().max(253)).max(100).optional(),
  ip_sans: z.array(z.string().max(64)).max(100).optional(),
  ttl: z.string().max(32).optional(),
  // Not in the docs (key shape comes from the role): honoured only by roles with key_type "any".
  key_type: z.enum(KEY_TYPES).optional(),
  key_bits: z.number().int().optional(),
});

/** "Body: csr_pem, ttl, optional san override": alt_names / ip_sans replace the CSR's own SANs. */
const SignBody = z.object({
  csr_pem: z.string().min(1).max(65_536),
  ttl: z.string().max(32).optional(),
  alt_names: z.array(z.string().max(253)).max(100).optional(),
  ip_sans: z.array(z.string().max(64)).max(100).optional(),
});

const ValidateBody = z
  .object({
    certificate_pem: z.string().max(65_536).optional(),
    certificate_id: z.string().max(128).optional(),
    hostname: z.string().max(253).optional(),
    at: z.string().max(40).optional(),
  })
  .refine(
    (b) => (b.certificate_pem === undefined) !== (b.certificate_id === undefined),
    "give exactly one of certificate_pem, certificate_id",
  );

const CERT_STATUSES = ["active", "revoked", "expired"] as const;

function accepts(request: VaultRequest, type: string): boolean {
  return (request.headers.get("accept") ?? "").toLowerCase().includes(type);
}

/** Every PKI route first announces expiring certificates (the mock has no scheduler; time moves between requests). */
const pki = (ctx: RouteContext<unknown, TenantStores>) => {
  ctx.tenant.pki.certificates.sweep();
  return ctx.tenant.pki;
};

const { get, post, patch, del } = routesOf("certificate");

/** Routes of the pki API (/v1/pki): translate HTTP <-> PkiStore. */
export const pkiRoutes = [
  get("/v1/pki/ca", { scope: "pki:admin", action: "pki_ca_list", resourceType: "ca" }, async (ctx) => {
    return page("data", pki(ctx).cas.list(oneOf(ctx.query, "ca_type", ["root", "intermediate"])), ctx.query);
  }),
  post("/v1/pki/ca", { scope: "pki:admin", action: "pki_ca_create", resourceType: "ca", body: CaBody }, async (ctx) =>
    withStatus(201, await pki(ctx).cas.create(ctx.body, ctx.actor)),
  ),
  get("/v1/pki/ca/:id", { scope: "pki:admin", action: "pki_ca_read", resourceType: "ca" }, async (ctx) =>
    pki(ctx).cas.get(ctx.params.id!),
  ),
  get(
    "/v1/pki/ca/:id/certificate",
    { scope: "pki:read", action: "pki_ca_certificate_read", resourceType: "ca" },
    async (ctx) => {
      // The docs: "Returns CA certificate in PEM". JSON (with the chain above) only when asked for, as the client does.
      const cert = await pki(ctx).cas.certificate(ctx.params.id!);
      if (accepts(ctx.request, "application/json")) return cert;
      return respond(cert.certificate_pem, 200, { "Content-Type": "application/x-pem-file" });
    },
  ),
  post(
    "/v1/pki/ca/:id/revoke",
    { scope: "pki:admin", action: "pki_ca_revoke", resourceType: "ca", body: RevokeBody },
    async (ctx) => pki(ctx).revocation.revokeCa(ctx.params.id!, ctx.body.reason, ctx.actor),
  ),
  // CRL: JSON for application/json, DER for application/pkix-crl, PEM ("X509 CRL") otherwise.
  get("/v1/pki/ca/:id/crl", { scope: "pki:read", action: "pki_crl_read", resourceType: "crl" }, async (ctx) => {
    const crl = await pki(ctx).revocation.crl(ctx.params.id!);
    if (accepts(ctx.request, "application/json")) return crl;
    if (accepts(ctx.request, "application/pkix-crl"))
      return respond(new Uint8Array(pemToDer(crl.crl_pem)), 200, { "Content-Type": "application/pkix-crl" });
    return respond(crl.crl_pem, 200, { "Content-Type": "application/x-pem-file" });
  }),
  post("/v1/pki/ca/:id/crl", { scope: "pki:admin", action: "pki_crl_rotate", resourceType: "crl" }, async (ctx) =>
    pki(ctx).revocation.crl(ctx.params.id!, true),
  ),

  get("/v1/pki/roles", { scope: "pki:read", action: "pki_role_list", resourceType: "pki_role" }, async (ctx) => {
    return page("data", pki(ctx).issuance.listRoles(), ctx.query);
  }),
  post(
    "/v1/pki/roles",
    {
      scope: "pki:admin",
      action: "pki_role_create",
      resourceType: "pki_role",
      body: RoleBody,
      fieldCodes: { name: "invalid_role" },
    },
    async (ctx) => withStatus(201, pki(ctx).issuance.createRole(ctx.body)),
  ),
  get("/v1/pki/roles/:name", { scope: "pki:read", action: "pki_role_read", resourceType: "pki_role" }, async (ctx) => {
    const { issuance } = pki(ctx);
    return issuance.roleView(issuance.getRole(ctx.params.name!));
  }),
  patch(
    "/v1/pki/roles/:name",
    { scope: "pki:admin", action: "pki_role_update", resourceType: "pki_role", body: RolePatchBody },
    async (ctx) => pki(ctx).issuance.updateRole(ctx.params.name!, ctx.body),
  ),
  del("/v1/pki/roles/:name", { scope: "pki:admin", action: "pki_role_delete", resourceType: "pki_role" }, async (ctx) =>
    pki(ctx).issuance.deleteRole(ctx.params.name!),
  ),

  post("/v1/pki/issue/:role", { scope: "pki:issue", action: "pki_issue", body: IssueBody }, async (ctx) =>
    pki(ctx).issuance.issue(ctx.params.role!, ctx.body, ctx.actor),
  ),
  post("/v1/pki/sign/:role", { scope: "pki:issue", action: "pki_sign", body: SignBody }, async (ctx) =>
    pki(ctx).issuance.sign(ctx.params.role!, ctx.body, ctx.actor),
  ),

  get("/v1/pki/certificates", { scope: "pki:read", action: "pki_certificate_list" }, async (ctx) => {
    const q = ctx.query;
    const withinMs = expiringWithin(q);
    const list = pki(ctx).certificates.list({
      ca_id: q.get("ca_id") ?? undefined,
      status: oneOf(q, "status", CERT_STATUSES),
      include_revoked: flag(q, "include_revoked"),
      expiring_within_ms: withinMs,
      source: oneOf(q, "source", ["pki", "acme"]),
    });
    return page("data", list, q);
  }),
  post(
    "/v1/pki/certificates/validate",
    { scope: "pki:read", action: "pki_certificate_validate", body: ValidateBody },
    async (ctx) => pki(ctx).validation.validate(ctx.body),
  ),
  get("/v1/pki/certificates/:id", { scope: "pki:read", action: "pki_certificate_read" }, async (ctx) =>
    pki(ctx).certificates.get(ctx.params.id!),
  ),
  get("/v1/pki/certificates/:id/pem", { scope: "pki:read", action: "pki_certificate_read" }, async (ctx) => {
    const pem = await pki(ctx).certificates.pem(ctx.params.id!);
    if (accepts(ctx.request, "application/json")) return pem;
    return respond([pem.certificate_pem, ...pem.ca_chain].join(""), 200, { "Content-Type": "application/x-pem-file" });
  }),
  post("/v1/pki/certificates/:id/revoke", { scope: "pki:admin", action: "pki_revoke", body: RevokeBody }, async (ctx) =>
    pki(ctx).revocation.revokeCertificate(ctx.params.id!, ctx.body.reason, ctx.actor),
  ),
];
