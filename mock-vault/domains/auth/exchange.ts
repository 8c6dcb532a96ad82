import { z } from "zod";
import { ApiProblem, badRequest } from "../../core/errors.js";
import { parseBody } from "../../core/pipeline.js";
import { rawRoute } from "../../core/raw-route.js";
import type { TenantStores } from "../stores.js";
import { issuerOf, signedByIssuer } from "./issuer.js";

/**
 * POST /v1/auth/exchange: a foreign workload token (Kubernetes, a CI's OIDC token, a cloud
 * identity) for a ScaiVault token. No bearer token: the subject token authenticates, through
 * the trust relationships of the tenants (IdentityStore.trustFor, seeded for the demo). The
 * reference's request and answer blocks are not readable, so the fields are RFC 8693's
 * (subject_token, subject_token_type, scope -> access_token, issued_token_type, token_type,
 * expires_in). The mock checks the claims (iss, sub, aud, exp, nbf); a signature only on the
 * tokens of its own issuer (./issuer.ts), whose key it holds.
 */
const JWT = "urn:ietf:params:oauth:token-type:jwt";
const ExchangeBody = z.object({
  grant_type: z.literal("urn:ietf:params:oauth:grant-type:token-exchange").optional(),
  subject_token: z.string().min(1).max(16_384),
  subject_token_type: z.enum([JWT, "urn:ietf:params:oauth:token-type:id_token"]).optional(),
  /** Space-separated scopes, no more than the trust relationship grants (all of them when omitted). */
  scope: z.string().max(2048).optional(),
});

interface Claims {
  iss: string;
  sub: string;
  aud: string[];
  exp?: number;
  nbf?: number;
}

function claimsOf(token: string): Claims {
  const parts = token.split(".");
  const malformed = () => badRequest("invalid_request", "subject_token is not a JWT (header.payload.signature).");
  if (parts.length !== 3) throw malformed();
  let payload: Record<string, unknown>;
  try {
    JSON.parse(Buffer.from(parts[0] as string, "base64url").toString("utf8"));
    payload = JSON.parse(Buffer.from(parts[1] as string, "base64url").toString("utf8"));
  } catch {
    throw malformed();
  }
  if (!payload || typeof payload !== "object" || typeof payload.iss !== "string" || typeof payload.sub !== "string")
    throw badRequest("invalid_request", "subject_token carries no iss and sub claims.");
  const aud = typeof payload.aud === "string" ? [payload.aud] : Array.isArray(payload.aud) ? payload.aud : [];
  return {
    iss: payload.iss,
    sub: payload.sub,
    aud: aud.filter((a): a is string => typeof a === "string"),
    ...(typeof payload.exp === "number" ? { exp: payload.exp } : {}),
    ...(typeof payload.nbf === "number" ? { nbf: payload.nbf } : {}),
  };
}

export const exchangeRoute = rawRoute<TenantStores>(
  "POST",
  "/v1/auth/exchange",
  { action: "auth_exchange", resourceType: "identity" },
  async ({ request, vault, audit }) => {
    const body = (await parseBody(request, ExchangeBody)) as z.output<typeof ExchangeBody>;
    const claims = claimsOf(body.subject_token);
    if (claims.iss === issuerOf(vault).url && !(await signedByIssuer(vault, body.subject_token)))
      throw new ApiProblem(401, "token_invalid", "The subject token's signature does not verify.");
    const nowS = vault.clock.nowMs() / 1000;
    if (claims.exp !== undefined && claims.exp <= nowS)
      throw new ApiProblem(401, "token_expired", "The subject token has expired.");
    if (claims.nbf !== undefined && claims.nbf > nowS)
      throw new ApiProblem(401, "token_invalid", "The subject token is not valid yet (nbf).");
    let match: { tenantId: string; trust: NonNullable<ReturnType<TenantStores["identity"]["trustFor"]>> } | undefined;
    for (const [tenantId, stores] of vault.tenants) {
      const trust = stores.identity.trustFor(claims.iss, claims.sub, claims.aud);
      if (trust) {
        match = { tenantId, trust };
        break;
      }
    }
    if (!match)
      throw new ApiProblem(
        401,
        "token_invalid",
        `No trust relationship accepts tokens of issuer '${claims.iss.slice(0, 200)}' for subject '${claims.sub.slice(0, 200)}'.`,
      );
    const { tenantId, trust } = match;
    audit.tenant_id = tenantId;
    audit.actor = trust.identity_id;
    audit.actor_type = trust.identity_type;
    if (!vault.tenant(tenantId).identity.exchangeable(trust))
      throw new ApiProblem(403, "forbidden", `${trust.identity_id} is disabled or no longer exists.`);
    const asked = body.scope?.split(/\s+/).filter(Boolean) ?? trust.scopes;
    const beyond = asked.filter((s) => !trust.scopes.includes(s));
    if (beyond.length)
      throw new ApiProblem(403, "insufficient_scope", `The trust relationship does not grant ${beyond.join(", ")}.`, {
        allowed_scopes: trust.scopes,
      });
    const token = vault.addToken({
      token: `skt_mock_exch_${vault.ids.chars(32)}`,
      identity_id: trust.identity_id,
      identity_type: trust.identity_type,
      tenant_id: tenantId,
      partner_id: vault.tenantPartners.get(tenantId) ?? "",
      scopes: [...new Set(asked)],
      issued_at: vault.clock.iso(),
      expires_at: vault.clock.iso(trust.token_ttl_seconds * 1000),
    });
    return {
      access_token: token.token,
      issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
      token_type: "Bearer",
      expires_in: trust.token_ttl_seconds,
    };
  },
);
