/**
 * Each caller's own vault token in OAuth mode: the validated access token is exchanged
 * (POST /v1/auth/exchange, src/client/exchange.ts) once, and the answer cached per access token
 * until the sooner of the two expires (a minute early, so no call starts with a token about to
 * lapse). The vault token's scopes and tenant are read with whoami, the tenant lock checked on
 * them. Tokens are kept only here and in the servers built for the caller; never logged.
 */
import { createHash } from "node:crypto";
import { exchangeSubjectToken } from "../client/exchange.js";
import type { FetchLike } from "../client/http.js";
import { createClient } from "../client/index.js";

/** What a caller acts with. */
export interface VaultIdentity {
  token: string;
  scopes: readonly string[];
  tenantId: string | undefined;
  partnerId: string | undefined;
  /** When the vault token lapses, by this server's clock (ms). */
  expiresAtMs: number;
}

/** The exchanged token belongs to another tenant or partner than the server is locked to (403). */
export class TenantMismatch extends Error {
  override name = "TenantMismatch";
}

export interface VaultTokensOptions {
  baseUrl: string;
  fetch?: FetchLike | undefined;
  timeoutMs?: number | undefined;
  /** SCAIVAULT_TENANT_ID / SCAIVAULT_PARTNER_ID: an exchanged token outside them is refused. */
  tenantId?: string | undefined;
  partnerId?: string | undefined;
  now?: () => number;
  /** Cached exchanges at most; the oldest goes first. */
  maxEntries?: number;
}

const EARLY_MS = 60_000;

interface Entry {
  identity: Promise<VaultIdentity>;
  expiresAtMs: number;
}

export class VaultTokens {
  readonly #o: VaultTokensOptions;
  readonly #cache = new Map<string, Entry>();

  constructor(options: VaultTokensOptions) {
    this.#o = options;
  }

  get size(): number {
    return this.#cache.size;
  }

  /** The vault identity for this access token (valid until `accessExpiresAtMs`), exchanged or cached. */
  identityFor(accessToken: string, accessExpiresAtMs: number): Promise<VaultIdentity> {
    const now = (this.#o.now ?? Date.now)();
    const key = createHash("sha256").update(accessToken).digest("base64url");
    const cached = this.#cache.get(key);
    if (cached && cached.expiresAtMs > now) return cached.identity;
    if (cached) this.#cache.delete(key);
    const entry: Entry = { identity: Promise.resolve() as never, expiresAtMs: accessExpiresAtMs - EARLY_MS };
    entry.identity = this.#exchange(accessToken, now).then(
      ({ identity, expiresAtMs }) => {
        entry.expiresAtMs = Math.min(entry.expiresAtMs, expiresAtMs - EARLY_MS);
        return identity;
      },
      (error: unknown) => {
        // A refusal is not remembered: the next request asks the vault again.
        if (this.#cache.get(key) === entry) this.#cache.delete(key);
        throw error;
      },
    );
    this.#cache.set(key, entry);
    const max = this.#o.maxEntries ?? 10_000;
    for (const oldest of this.#cache.keys()) {
      if (this.#cache.size <= max) break;
      this.#cache.delete(oldest);
    }
    return entry.identity;
  }

  async #exchange(accessToken: string, now: number): Promise<{ identity: VaultIdentity; expiresAtMs: number }> {
    const { baseUrl, fetch, timeoutMs } = this.#o;
    const exchanged = await exchangeSubjectToken({ baseUrl, fetch, timeoutMs }, accessToken);
    const me = await createClient({ baseUrl, token: exchanged.accessToken, fetch, timeoutMs, maxRetries: 1 }).whoami();
    if (this.#o.partnerId && me.partner_id !== this.#o.partnerId)
      throw new TenantMismatch("the vault token of this user belongs to another partner than this server serves");
    if (this.#o.tenantId && me.tenant_id !== this.#o.tenantId)
      throw new TenantMismatch("the vault token of this user belongs to another tenant than this server serves");
    const byWhoami = me.token_expires_at ? Date.parse(me.token_expires_at) : Number.NaN;
    const expiresAtMs =
      exchanged.expiresIn !== undefined ? now + exchanged.expiresIn * 1000 : Number.isNaN(byWhoami) ? now : byWhoami;
    return {
      identity: {
        token: exchanged.accessToken,
        scopes: [...(me.scopes ?? [])],
        tenantId: me.tenant_id ?? undefined,
        partnerId: me.partner_id ?? undefined,
        expiresAtMs,
      },
      expiresAtMs,
    };
  }
}
