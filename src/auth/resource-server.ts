/**
 * OAuth 2.1 resource-server mode (MCP authorization spec, RFC 9728, RFC 6750), what the HTTP gate
 * asks before a request reaches a session:
 *
 * - Protected Resource Metadata at /.well-known/oauth-protected-resource (and its form suffixed
 *   with the resource's path, /mcp), naming the issuer and the scopes (./scopes.ts);
 * - no bearer token: 401 with `WWW-Authenticate: Bearer resource_metadata="…", scope="scaivault:read"`;
 *   a bad one (./verify.ts): 401 with error="invalid_token";
 * - a body needing scopes the token lacks: 403 with error="insufficient_scope" and the scopes;
 * - the caller's own vault token (./vault-tokens.ts), for the server built for that caller.
 *
 * With `MCP_OAUTH_ISSUER=mock` (only with --mock) the issuer is the server's own listener (the CLI
 * forwards the mock issuer's paths there) and the audience, unless given, its /mcp URL.
 */
import type { IncomingMessage } from "node:http";
import type { Caller } from "../caller.js";
import { VaultError } from "../client/errors.js";
import type { Logger } from "../log.js";
import { OAUTH_SCOPES, READ_SCOPE, scopesNeeded, unheldOAuthScopes } from "./scopes.js";
import { TenantMismatch, type VaultIdentity, type VaultTokens } from "./vault-tokens.js";
import { AccessTokenVerifier, IssuerUnavailable, type Principal, TokenRejected } from "./verify.js";

export const PRM_PATH = "/.well-known/oauth-protected-resource";
/** The issuer setting that makes the mock vault the issuer, served on this server's listener. */
export const MOCK_ISSUER = "mock";

/** What a server for one caller is built with. */
export interface ActingCaller {
  caller: Caller;
  /** The caller's vault token: the client of that server holds it; never logged. */
  vaultToken: string;
  /** When the vault token lapses (ms): a session that outlives it is closed. */
  expiresAtMs: number;
}

/** A refusal the gate sends as it is. */
export interface AuthRefusal {
  status: 401 | 403 | 502 | 503;
  message: string;
  headers: Record<string, string>;
}

/** A request whose access token is valid. */
export interface Authenticated {
  readonly subject: string;
  /** The 403 insufficient_scope answer when the body (one message or a batch) needs more scopes. */
  scopeRefusal(body: unknown): AuthRefusal | undefined;
  /** The caller this request acts as: its vault token exchanged (or cached). */
  acting(): Promise<ActingCaller | AuthRefusal>;
}

export interface ResourceServerOptions {
  /** MCP_OAUTH_ISSUER, or "mock". */
  issuer: string;
  /** MCP_OAUTH_AUDIENCE: this server's resource URL (default with the mock issuer: the listener's /mcp). */
  audience?: string | undefined;
  jwksUrl?: string | undefined;
  vaultTokens: VaultTokens;
  log: Logger;
  /** fetch for the issuer's metadata and keys (default global fetch). */
  fetch?: typeof fetch;
  now?: () => number;
}

const quote = (value: string) => `"${value.replace(/["\\]/g, "")}"`;

export class OAuthResourceServer {
  readonly #o: ResourceServerOptions;
  #issuer: string | undefined;
  #resource: string | undefined;
  #verifier: AccessTokenVerifier | undefined;

  constructor(options: ResourceServerOptions) {
    this.#o = options;
    // RFC 8414 §3.3: the issuer is compared exactly, trailing slash and all (Auth0's ends in one).
    if (options.issuer !== MOCK_ISSUER) this.#issuer = options.issuer;
    this.#resource = options.audience;
  }

  /** Called once the server listens: the mock issuer and the default audience need its URL. */
  bind(listenerUrl: string): void {
    this.#issuer ??= listenerUrl;
    this.#resource ??= `${listenerUrl}/mcp`;
  }

  get issuer(): string {
    if (!this.#issuer) throw new Error("OAuthResourceServer used before bind()");
    return this.#issuer;
  }

  get resource(): string {
    if (!this.#resource) throw new Error("OAuthResourceServer used before bind()");
    return this.#resource;
  }

  /** The URL of the metadata document (path-suffixed with the resource's path, RFC 9728 §3.1). */
  get metadataUrl(): string {
    const url = new URL(this.resource);
    return `${url.origin}${PRM_PATH}${url.pathname === "/" ? "" : url.pathname}`;
  }

  /** The Protected Resource Metadata document, for a GET of one of its paths; undefined for other paths. */
  metadataAt(pathname: string): Record<string, unknown> | undefined {
    if (!pathname.startsWith(PRM_PATH)) return undefined;
    if (pathname !== PRM_PATH && pathname !== new URL(this.metadataUrl).pathname) return undefined;
    return {
      resource: this.resource,
      authorization_servers: [this.issuer],
      scopes_supported: [...OAUTH_SCOPES],
      bearer_methods_supported: ["header"],
      resource_name: "scaivault-mcp",
    };
  }

  /** The bearer token of the request, validated. */
  async authenticate(req: IncomingMessage): Promise<Authenticated | AuthRefusal> {
    const header = req.headers.authorization;
    const match = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header ?? "");
    if (!header) return this.#unauthorized();
    if (!match) return this.#unauthorized("invalid_token", "the Authorization header is not a bearer token");
    const token = match[1] as string;
    let principal: Principal;
    try {
      this.#verifier ??= new AccessTokenVerifier({
        issuer: this.issuer,
        audience: () => this.resource,
        jwksUrl: this.#o.jwksUrl,
        fetch: this.#o.fetch,
        now: this.#o.now,
      });
      principal = await this.#verifier.verify(token);
    } catch (error) {
      if (error instanceof TokenRejected) {
        this.#o.log.log("warn", "OAuth access token refused", { reason: error.message });
        return this.#unauthorized("invalid_token", error.message);
      }
      this.#o.log.log("error", "OAuth issuer unavailable", {
        reason: error instanceof IssuerUnavailable ? error.message : "unknown",
      });
      return {
        status: 503,
        message: "Service unavailable: access tokens cannot be validated now.",
        headers: { "Retry-After": "5" },
      };
    }
    return {
      subject: principal.subject,
      scopeRefusal: (body) => {
        const missing = unheldOAuthScopes(scopesNeeded(body), principal.scopes);
        if (missing.length === 0) return undefined;
        // The scopes the call needs with those the token has: the client asks for all of them at once.
        const wanted = [
          ...new Set([...principal.scopes.filter((s) => OAUTH_SCOPES.includes(s as never)), ...scopesNeeded(body)]),
        ];
        return {
          status: 403,
          message: `Forbidden: this call needs the scope ${missing.join(" ")}, which the access token does not carry.`,
          headers: {
            "WWW-Authenticate": `Bearer error="insufficient_scope", scope=${quote(wanted.join(" "))}, resource_metadata=${quote(this.metadataUrl)}, error_description=${quote(`needs ${missing.join(" ")}`)}`,
          },
        };
      },
      acting: () => this.#acting(token, principal),
    };
  }

  async #acting(token: string, principal: Principal): Promise<ActingCaller | AuthRefusal> {
    let identity: VaultIdentity;
    try {
      identity = await this.#o.vaultTokens.identityFor(token, principal.expiresAtMs);
    } catch (error) {
      if (error instanceof TenantMismatch || (error instanceof VaultError && (error.is(401) || error.is(403)))) {
        const code = error instanceof VaultError ? error.code : "tenant_mismatch";
        this.#o.log.log("warn", "vault token exchange refused", { subject: principal.subject, code });
        return {
          status: 403,
          message: `Forbidden: the vault grants this user no token (${code}): ${error.message}`,
          headers: {},
        };
      }
      this.#o.log.log("error", "vault token exchange failed", {
        subject: principal.subject,
        code: error instanceof VaultError ? error.code : "unknown",
      });
      return { status: 502, message: "Bad gateway: the vault's token exchange did not answer.", headers: {} };
    }
    return {
      caller: { subject: principal.subject, scopes: identity.scopes },
      vaultToken: identity.token,
      expiresAtMs: identity.expiresAtMs,
    };
  }

  #unauthorized(error?: string, description?: string): AuthRefusal {
    const parts = [
      ...(error ? [`error=${quote(error)}`] : []),
      ...(description ? [`error_description=${quote(description)}`] : []),
      `resource_metadata=${quote(this.metadataUrl)}`,
      `scope=${quote(READ_SCOPE)}`,
    ];
    return {
      status: 401,
      message: description ? `Unauthorized: ${description}.` : "Unauthorized: a bearer token is required.",
      headers: { "WWW-Authenticate": `Bearer ${parts.join(", ")}` },
    };
  }
}
