/**
 * The mock issuer's HTTP face (see ./issuer.ts): RFC 8414 metadata, the JWKS, and the token
 * endpoint (RFC 6749 §4.4 client_credentials, client_secret_basic or client_secret_post; RFC 8707
 * `resource` becomes the token's audience). Errors are OAuth's `{ error, error_description }`, not
 * the vault's envelope: this is the identity provider speaking, not the vault.
 */
import { timingSafeEqual } from "node:crypto";
import { json } from "../../core/json.js";
import { rawRoute } from "../../core/raw-route.js";
import type { VaultRequest } from "../../core/vault-request.js";
import type { TenantStores } from "../stores.js";
import {
  ACCESS_TOKEN_TTL_S,
  DEFAULT_AUDIENCE,
  DEMO_CLIENTS,
  type DemoClient,
  issuerJwks,
  issuerMetadata,
  signAccessToken,
} from "./issuer.js";

const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };
const MAX_FORM_BYTES = 8192;

const oauthError = (status: number, error: string, description: string, headers: Record<string, string> = {}) =>
  json({ error, error_description: description }, status, { ...NO_STORE, ...headers });

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The client the request authenticates as (Basic header or form fields), if any. */
function authenticatedClient(request: VaultRequest, form: URLSearchParams): DemoClient | undefined {
  let id = form.get("client_id");
  let secret = form.get("client_secret");
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  if (basic) {
    const decoded = Buffer.from(basic[1] as string, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    // RFC 6749 §2.3.1: both parts are form-urlencoded before the Basic encoding.
    try {
      id = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " "));
      secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " "));
    } catch {
      return undefined;
    }
  }
  const client = DEMO_CLIENTS.find((c) => c.clientId === id);
  return client && secret !== null && sameSecret(secret, client.clientSecret) ? client : undefined;
}

function absoluteUrl(value: string): boolean {
  try {
    return !new URL(value).hash && /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

export const issuerRoutes = [
  rawRoute<TenantStores>("GET", "/.well-known/oauth-authorization-server", {}, ({ vault }) => issuerMetadata(vault)),
  rawRoute<TenantStores>("GET", "/oauth/jwks", {}, ({ vault }) => issuerJwks(vault)),
  rawRoute<TenantStores>("GET", "/oauth/authorize", {}, () =>
    oauthError(400, "unsupported_response_type", "This issuer serves the client_credentials grant only."),
  ),
  rawRoute<TenantStores>(
    "POST",
    "/oauth/token",
    // Not in the vault's audit log: issuing a token is the identity provider's act, not the vault's.
    {},
    async ({ request, vault }) => {
      const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
      if (type !== "application/x-www-form-urlencoded")
        return oauthError(400, "invalid_request", "The body must be application/x-www-form-urlencoded.");
      const text = await request.text();
      if (Buffer.byteLength(text) > MAX_FORM_BYTES) return oauthError(400, "invalid_request", "The body is too large.");
      const form = new URLSearchParams(text);
      const client = authenticatedClient(request, form);
      if (!client)
        return oauthError(401, "invalid_client", "Unknown client or wrong secret.", {
          "WWW-Authenticate": 'Basic realm="mock-issuer"',
        });
      const grant = form.get("grant_type");
      if (grant !== "client_credentials")
        return oauthError(400, "unsupported_grant_type", "Only the client_credentials grant is served.");
      const asked = (form.get("scope") ?? client.scopes.join(" ")).split(/\s+/).filter(Boolean);
      // RFC 6749 §3.3: the issuer may grant less than asked, and then says what it granted.
      const granted = asked.filter((s) => client.scopes.includes(s));
      if (granted.length === 0)
        return oauthError(400, "invalid_scope", `The client may be granted only: ${client.scopes.join(" ")}.`);
      const resource = form.get("resource");
      if (resource !== null && !absoluteUrl(resource))
        return oauthError(400, "invalid_target", "resource must be an absolute http(s) URL without a fragment.");
      const scope = [...new Set(granted)].join(" ");
      const accessToken = await signAccessToken(vault, {
        sub: client.subject,
        aud: resource ?? DEFAULT_AUDIENCE,
        scope,
        client_id: client.clientId,
      });
      return json(
        { access_token: accessToken, token_type: "Bearer", expires_in: ACCESS_TOKEN_TTL_S, scope },
        200,
        NO_STORE,
      );
    },
  ),
];
