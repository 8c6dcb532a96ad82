/**
 * Errors of the ScaiVault client. Every failure of a call is one of these, with a stable `code`
 * (the API's own error code where the vault sent one) and a message that never holds the token.
 */
export class VaultError extends Error {
  override name = "VaultError";
  constructor(
    message: string,
    /** Stable machine code: the API's error code, or network_error / timeout / invalid_response. */
    readonly code: string,
    /** HTTP status, when the vault answered. */
    readonly status?: number,
    /** The vault's request id, for support. */
    readonly requestId?: string,
    /** Seconds the vault asked us to wait (429/503). */
    readonly retryAfter?: number,
    /** Field-level details the vault returned (validation errors), secret-free by API contract. */
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** True when the API answered with this HTTP status. */
  is(status: number): boolean {
    return this.status === status;
  }
}

/** Fallback code per status when a response carries no API error body. */
export function codeForStatus(status: number): string {
  if (status === 400) return "invalid_request";
  if (status === 401) return "authentication_required";
  if (status === 403) return "access_denied";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 422) return "validation_error";
  if (status === 429) return "rate_limited";
  if (status === 503) return "service_unavailable";
  if (status >= 500) return "internal_error";
  return "http_error";
}
