/**
 * OAuth mode for the binary (MCP_OAUTH_ISSUER): the resource server the HTTP gate asks, the
 * caller's own logger (its vault token redacted there, not added for good to the process's), and
 * with `MCP_OAUTH_ISSUER=mock` the mock issuer's paths forwarded from this server's listener to the
 * in-process mock vault, so the whole flow (discovery, token, exchange, calls) runs offline.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { MOCK_ISSUER, OAuthResourceServer } from "../auth/resource-server.js";
import { VaultTokens } from "../auth/vault-tokens.js";
import type { FetchLike } from "../client/http.js";
import { type Config, MOCK_VAULT_URL } from "../config.js";
import type { Logger } from "../log.js";
import { Redactor } from "../redact.js";

export function oauthResourceServer(config: Config, fetch: FetchLike | undefined, log: Logger): OAuthResourceServer {
  return new OAuthResourceServer({
    issuer: config.oauthIssuer as string,
    audience: config.oauthAudience,
    jwksUrl: config.oauthJwksUrl,
    log,
    vaultTokens: new VaultTokens({
      baseUrl: config.url ?? MOCK_VAULT_URL,
      fetch,
      timeoutMs: config.timeoutMs,
      tenantId: config.tenantId,
      partnerId: config.partnerId,
    }),
  });
}

/** A caller's logger: its credentials are redacted here, and the process's logger stays as it was. */
export function callerLogger(host: Logger): Logger {
  const redactor = new Redactor();
  return {
    redact: (secret) => redactor.add(secret),
    log: (level, message, fields) => host.log(level, redactor.text(message), fields && redactor.value(fields)),
  };
}

/** The mock issuer's paths (mock-vault/domains/auth/issuer-routes.ts). */
const ISSUER_PATHS = new Set([
  "/.well-known/oauth-authorization-server",
  "/oauth/token",
  "/oauth/jwks",
  "/oauth/authorize",
]);
const FORWARDED_HEADERS = ["authorization", "content-type", "accept"];
const MAX_FORM_BYTES = 16 * 1024;

/** `MCP_OAUTH_ISSUER=mock`: answers the issuer's paths with the mock vault's issuer. */
export function mockIssuerRoute(
  mockFetch: FetchLike,
): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> {
  return async (req, res, url) => {
    if (!ISSUER_PATHS.has(url.pathname)) return false;
    const headers = new Headers();
    for (const name of FORWARDED_HEADERS) {
      const value = req.headers[name];
      if (typeof value === "string") headers.set(name, value);
    }
    let body: Buffer | undefined;
    if (req.method === "POST") {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of Readable.from(req)) {
        size += (chunk as Buffer).length;
        if (size > MAX_FORM_BYTES) {
          res.writeHead(413, { "Content-Type": "application/json" });
          res.end(JSON.stringify({ error: "invalid_request", error_description: "The body is too large." }));
          return true;
        }
        chunks.push(chunk as Buffer);
      }
      body = Buffer.concat(chunks);
    }
    const response = await mockFetch(
      new Request(`${MOCK_VAULT_URL}${url.pathname}${url.search}`, { method: req.method ?? "GET", headers, body }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
    return true;
  };
}

export { MOCK_ISSUER };
