/**
 * Access-token validation for OAuth mode: a JWT signed by a key of the issuer's JWKS (found in its
 * RFC 8414 / OpenID metadata unless MCP_OAUTH_JWKS_URL names it), with this issuer, this server's
 * resource as an audience, an exp in the future and no nbf ahead (30 s of clock skew allowed).
 * Asymmetric algorithms only: a shared-secret (HS*) or unsigned token is refused whatever it says.
 */
import { createRemoteJWKSet, customFetch, errors, type JWTPayload, jwtVerify } from "jose";

const ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];
const CLOCK_TOLERANCE_S = 30;

/** Who a valid access token speaks for. */
export interface Principal {
  /** `sub`. */
  subject: string;
  /** `scope` (space-separated) or `scp` (a list), as granted by the issuer. */
  scopes: string[];
  /** `exp`, in ms. */
  expiresAtMs: number;
}

/** The token is not acceptable (401 invalid_token); `reason` is safe to show (it never quotes the token). */
export class TokenRejected extends Error {
  override name = "TokenRejected";
}

/** The issuer's metadata or keys cannot be had right now (503: no token can be judged). */
export class IssuerUnavailable extends Error {
  override name = "IssuerUnavailable";
}

export interface VerifierOptions {
  issuer: string;
  /** The resource tokens must be issued for (late-bound: with `--mock` it is known once the server listens). */
  audience: () => string;
  jwksUrl?: string | undefined;
  /** fetch for the issuer's metadata and keys (default: global fetch). */
  fetch?: typeof fetch;
  /** Clock (tests move it past a token's exp). */
  now?: () => number;
}

type KeySet = ReturnType<typeof createRemoteJWKSet>;

export class AccessTokenVerifier {
  readonly #options: VerifierOptions;
  #keys: Promise<KeySet> | undefined;

  constructor(options: VerifierOptions) {
    this.#options = options;
  }

  /** @throws TokenRejected for a bad token, IssuerUnavailable when the issuer cannot be reached. */
  async verify(token: string): Promise<Principal> {
    const keys = await this.#keySet();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.#options.issuer,
        audience: this.#options.audience(),
        algorithms: ALGORITHMS,
        requiredClaims: ["exp", "sub"],
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: new Date((this.#options.now ?? Date.now)()),
      }));
    } catch (error) {
      throw rejection(error);
    }
    const scopes =
      typeof payload.scope === "string"
        ? payload.scope.split(/\s+/).filter(Boolean)
        : Array.isArray(payload.scp)
          ? payload.scp.filter((s): s is string => typeof s === "string")
          : [];
    return { subject: payload.sub as string, scopes, expiresAtMs: (payload.exp as number) * 1000 };
  }

  #keySet(): Promise<KeySet> {
    this.#keys ??= this.#discover().catch((error: unknown) => {
      // Not remembered: the next request asks the issuer again.
      this.#keys = undefined;
      throw error;
    });
    return this.#keys;
  }

  async #discover(): Promise<KeySet> {
    const fetchFn = this.#options.fetch ?? fetch;
    const jwksUrl = this.#options.jwksUrl ?? (await jwksUriOf(this.#options.issuer, fetchFn));
    return createRemoteJWKSet(new URL(jwksUrl), { [customFetch]: fetchFn, timeoutDuration: 5000 });
  }
}

/** RFC 8414 §3.1: the well-known segment goes before the issuer's path; then OpenID's forms. */
export function metadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, "");
  return [
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
    `${url.origin}/.well-known/openid-configuration${path}`,
    ...(path ? [`${url.origin}${path}/.well-known/openid-configuration`] : []),
  ];
}

async function jwksUriOf(issuer: string, fetchFn: typeof fetch): Promise<string> {
  for (const url of metadataUrls(issuer)) {
    let response: Response;
    try {
      response = await fetchFn(url, { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(5000) });
    } catch {
      throw new IssuerUnavailable("the authorization server's metadata cannot be fetched");
    }
    if (response.status === 404) continue;
    if (!response.ok)
      throw new IssuerUnavailable(`the authorization server's metadata answered HTTP ${response.status}`);
    const metadata = (await response.json().catch(() => undefined)) as
      | { issuer?: unknown; jwks_uri?: unknown }
      | undefined;
    // RFC 8414 §3.3: metadata naming another issuer must not be used.
    if (metadata?.issuer !== issuer)
      throw new IssuerUnavailable("the authorization server's metadata names another issuer");
    if (typeof metadata.jwks_uri !== "string")
      throw new IssuerUnavailable("the authorization server publishes no jwks_uri");
    return metadata.jwks_uri;
  }
  throw new IssuerUnavailable("the authorization server publishes no metadata");
}

function rejection(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return new TokenRejected("the access token has expired");
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim = error.claim;
    if (claim === "aud") return new TokenRejected("the access token was not issued for this server (audience)");
    if (claim === "iss") return new TokenRejected("the access token is from another issuer");
    if (claim === "nbf") return new TokenRejected("the access token is not valid yet");
    return new TokenRejected(`the access token's ${claim} claim is missing or invalid`);
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
    return new IssuerUnavailable("the authorization server's keys cannot be fetched");
  if (error instanceof errors.JOSEError) return new TokenRejected("the access token's signature or format is invalid");
  return new IssuerUnavailable("the authorization server's keys cannot be fetched");
}
