/**
 * POST /v1/auth/exchange (reference/authentication): a foreign token (here: the OAuth access
 * token of the MCP server's caller, a JWT of an issuer the tenant trusts) for a ScaiVault token.
 * No bearer token: the subject token authenticates, through the tenant's trust relationships. The
 * reference shows no request or answer body, so the fields are RFC 8693's, as the mock reads them.
 * Never retried: a refusal is final, and the caller's next request asks again.
 */

import { Redactor } from "../redact.js";
import { VaultError } from "./errors.js";
import { type FetchLike, toVaultError } from "./http.js";

export interface ExchangedToken {
  accessToken: string;
  /** Seconds the vault token lives, as the vault says (RFC 8693 expires_in). */
  expiresIn: number | undefined;
}

export interface ExchangeOptions {
  baseUrl: string;
  fetch?: FetchLike | undefined;
  timeoutMs?: number | undefined;
}

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const JWT = "urn:ietf:params:oauth:token-type:jwt";

export async function exchangeSubjectToken(options: ExchangeOptions, subjectToken: string): Promise<ExchangedToken> {
  const redactor = new Redactor([subjectToken]);
  const request = new Request(`${options.baseUrl.replace(/\/+$/, "")}/v1/auth/exchange`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ grant_type: TOKEN_EXCHANGE, subject_token: subjectToken, subject_token_type: JWT }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  let response: Response;
  let body: unknown;
  try {
    response = await (options.fetch ?? fetch)(request);
    body = await response.json().catch(() => undefined);
  } catch {
    throw new VaultError("could not reach ScaiVault for the token exchange", "network_error");
  }
  const requestId = response.headers.get("x-request-id")?.slice(0, 128) ?? undefined;
  if (!response.ok) throw toVaultError(response, body, requestId, redactor);
  const fields = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  if (typeof fields.access_token !== "string" || fields.access_token.length === 0)
    throw new VaultError("the token exchange answered no access_token", "invalid_response", response.status, requestId);
  return {
    accessToken: fields.access_token,
    expiresIn: typeof fields.expires_in === "number" && fields.expires_in > 0 ? fields.expires_in : undefined,
  };
}
