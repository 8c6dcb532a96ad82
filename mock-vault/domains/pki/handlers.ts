import { HttpResponse, http } from "msw";
import { z } from "zod";
import { parseDuration } from "../../core/duration.js";
import { badRequest } from "../../core/errors.js";
import { page } from "../../core/paging.js";
import { endpoint, type RouteContext, withStatus } from "../../core/pipeline.js";
import type { MockVault, TenantStores } from "../stores.js";
import { KEY_TYPES, normaliseReason, pemToDer, REVOCATION_REASON_NAMES, type RevocationReason } from "./x509.js";

// Documented: /v1/pki/ca (list, create, get, certificate, revoke, crl), /v1/pki/roles, /v1/pki/issue/{role},
// /v1/pki/certificates (list, get, pem). Not found in the docs, shapes chosen here: certificate revoke
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

const IssueBody = z.object({
  common_name: z.string().max(253).optional(),
  alt_names: z.array(z.string().max(253)).max(100).optional(),
  ip_sans: z.array(z.string().max(64)).max(100).optional(),
  ttl: z.string().max(32).optional(),
  // Not in the docs (key shape comes from the role): honoured only by roles with key_type "any".
  key_type: z.enum(KEY_TYPES).optional(),
  key_bits: z.number().int().optional(),
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

function accepts(request: Request, type: string): boolean {
  return (request.headers.get("accept") ?? "").toLowerCase().includes(type);
}

function flag(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (raw === "true" || raw === "false") return raw === "true";
  throw badRequest("invalid_request", `${name} must be true or false.`);
}

function oneOf<T extends string>(query: URLSearchParams, name: string, values: readonly T[]): T | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if ((values as readonly string[]).includes(raw)) return raw as T;
  throw badRequest("invalid_request", `${name} must be one of ${values.join(", ")}.`);
}

/** MSW routes of the pki API: translate HTTP <-> PkiStore only. */
export function pkiHandlers(vault: MockVault) {
  const on = endpoint(vault);
  const base = `${vault.baseUrl}/v1/pki`;
  /** Every PKI route first announces expiring certificates (the mock has no scheduler; time moves between requests). */
  const store = (ctx: RouteContext<unknown, TenantStores>) => {
    ctx.tenant.pki.certificates.sweep();
    return ctx.tenant.pki;
  };
  const spec = (scope: string, action: string, resourceType: string) => ({ scope, action, resourceType });
  const id = (ctx: { segments: string[] }, index: number) => ctx.segments[index] as string;

  return [
    http.get(
      `${base}/ca`,
      on(spec("pki:admin", "ca_list", "ca"), async (ctx) => {
        const { items, cursor, has_more } = page(
          store(ctx).cas.list(oneOf(ctx.query, "ca_type", ["root", "intermediate"])),
          ctx.query,
        );
        return { data: items, cursor, has_more };
      }),
    ),
    http.post(
      `${base}/ca`,
      on({ ...spec("pki:admin", "ca_create", "ca"), body: CaBody }, async (ctx) =>
        withStatus(201, await store(ctx).cas.create(ctx.body, ctx.actor)),
      ),
    ),
    http.get(
      `${base}/ca/:id`,
      on(spec("pki:admin", "ca_read", "ca"), async (ctx) => store(ctx).cas.get(id(ctx, 2))),
    ),
    http.get(
      `${base}/ca/:id/certificate`,
      on(spec("pki:read", "ca_certificate_read", "ca"), async (ctx) => {
        // The docs: "Returns CA certificate in PEM". JSON (with the chain above) only when asked for, as the client does.
        const cert = await store(ctx).cas.certificate(id(ctx, 2));
        if (accepts(ctx.request, "application/json")) return cert;
        return new HttpResponse(cert.certificate_pem, { headers: { "Content-Type": "application/x-pem-file" } });
      }),
    ),
    http.post(
      `${base}/ca/:id/revoke`,
      on({ ...spec("pki:admin", "ca_revoke", "ca"), body: RevokeBody }, async (ctx) =>
        store(ctx).revocation.revokeCa(id(ctx, 2), ctx.body.reason, ctx.actor),
      ),
    ),
    // CRL: JSON for application/json, DER for application/pkix-crl, PEM ("X509 CRL") otherwise.
    http.get(
      `${base}/ca/:id/crl`,
      on(spec("pki:read", "crl_read", "crl"), async (ctx) => {
        const crl = await store(ctx).revocation.crl(id(ctx, 2));
        if (accepts(ctx.request, "application/json")) return crl;
        if (accepts(ctx.request, "application/pkix-crl"))
          return new HttpResponse(new Uint8Array(pemToDer(crl.crl_pem)), {
            headers: { "Content-Type": "application/pkix-crl" },
          });
        return new HttpResponse(crl.crl_pem, { headers: { "Content-Type": "application/x-pem-file" } });
      }),
    ),
    http.post(
      `${base}/ca/:id/crl`,
      on(spec("pki:admin", "crl_rotate", "crl"), async (ctx) => store(ctx).revocation.crl(id(ctx, 2), true)),
    ),

    http.get(
      `${base}/roles`,
      on(spec("pki:read", "pki_role_list", "pki_role"), async (ctx) => {
        const { items, cursor, has_more } = page(store(ctx).issuance.listRoles(), ctx.query);
        return { data: items, cursor, has_more };
      }),
    ),
    http.post(
      `${base}/roles`,
      on({ ...spec("pki:admin", "pki_role_create", "pki_role"), body: RoleBody }, async (ctx) =>
        withStatus(201, store(ctx).issuance.createRole(ctx.body)),
      ),
    ),
    http.get(
      `${base}/roles/:name`,
      on(spec("pki:read", "pki_role_read", "pki_role"), async (ctx) => {
        const { issuance } = store(ctx);
        return issuance.roleView(issuance.getRole(id(ctx, 2)));
      }),
    ),

    http.post(
      `${base}/issue/:role`,
      on({ ...spec("pki:issue", "certificate_issue", "certificate"), body: IssueBody }, async (ctx) =>
        store(ctx).issuance.issue(id(ctx, 2), ctx.body, ctx.actor),
      ),
    ),

    http.get(
      `${base}/certificates`,
      on(spec("pki:read", "certificate_list", "certificate"), async (ctx) => {
        const q = ctx.query;
        const within = q.get("expiring_within");
        const withinMs = within === null ? undefined : parseDuration(within);
        if (within !== null && withinMs === undefined)
          throw badRequest("invalid_duration", `Duration '${within.slice(0, 40)}' did not parse.`);
        const list = store(ctx).certificates.list({
          ca_id: q.get("ca_id") ?? undefined,
          status: oneOf(q, "status", CERT_STATUSES),
          include_revoked: flag(q, "include_revoked"),
          expiring_within_ms: withinMs,
          source: oneOf(q, "source", ["pki", "acme"]),
        });
        const { items, cursor, has_more } = page(list, q);
        return { data: items, cursor, has_more };
      }),
    ),
    http.post(
      `${base}/certificates/validate`,
      on({ ...spec("pki:read", "certificate_validate", "certificate"), body: ValidateBody }, async (ctx) =>
        store(ctx).validation.validate(ctx.body),
      ),
    ),
    http.get(
      `${base}/certificates/:id`,
      on(spec("pki:read", "certificate_read", "certificate"), async (ctx) => store(ctx).certificates.get(id(ctx, 2))),
    ),
    http.get(
      `${base}/certificates/:id/pem`,
      on(spec("pki:read", "certificate_read", "certificate"), async (ctx) => {
        const pem = await store(ctx).certificates.pem(id(ctx, 2));
        if (accepts(ctx.request, "application/json")) return pem;
        return new HttpResponse([pem.certificate_pem, ...pem.ca_chain].join(""), {
          headers: { "Content-Type": "application/x-pem-file" },
        });
      }),
    ),
    http.post(
      `${base}/certificates/:id/revoke`,
      on({ ...spec("pki:admin", "certificate_revoke", "certificate"), body: RevokeBody }, async (ctx) =>
        store(ctx).revocation.revokeCertificate(id(ctx, 2), ctx.body.reason, ctx.actor),
      ),
    ),
  ];
}
