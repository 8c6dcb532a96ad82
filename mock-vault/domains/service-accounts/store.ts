import { parseDuration } from "../../core/duration.js";
import { ApiProblem, badRequest, conflict, notFound } from "../../core/errors.js";
import type { TokenRecord } from "../../core/tokens.js";
import { hasScope } from "../../core/tokens.js";
import type { StoreEnv } from "../../core/vault.js";

// The ScaiVault docs have no service-account/API-key reference (accounts live in ScaiKey); this
// domain is an assumed REST shape: /v1/service-accounts[/{id}][/keys[/{key_id}]], identity:read/admin.

export const NAME = /^[a-z0-9][a-z0-9-]{1,62}$/;
/** Visible part of a key that is returned after creation (the whole key is shown once). */
const PREFIX_LENGTH = 13;

interface AccountRecord {
  id: string;
  name: string;
  description: string | null;
  scopes: string[];
  status: "active" | "disabled";
  partner_id: string;
  created_at: string;
  updated_at: string;
  created_by: string | null;
}

interface KeyRecord {
  id: string;
  account_id: string;
  name: string;
  prefix: string;
  /** The bearer token registered in vault.tokens; never part of a view. */
  token: string;
  created_at: string;
  created_by: string | null;
  expires_at: string | null;
}

export interface CreateAccountInput {
  name: string;
  description?: string | undefined;
  scopes?: string[] | undefined;
}

export interface UpdateAccountInput {
  description?: string | null | undefined;
  scopes?: string[] | undefined;
  status?: "active" | "disabled" | undefined;
}

/** Service accounts of one tenant and their API keys; each key is a working bearer token. */
export class ServiceAccountsStore {
  state = { accounts: new Map<string, AccountRecord>(), keys: new Map<string, KeyRecord>() };

  constructor(readonly env: StoreEnv) {}

  #now(): string {
    return this.env.vault.clock.iso();
  }

  /** By id (sa_…), name (report-runner) or identity id (sa:report-runner). */
  #find(ref: string): AccountRecord {
    const direct = this.state.accounts.get(ref);
    if (direct) return direct;
    const name = ref.startsWith("sa:") ? ref.slice(3) : ref;
    for (const account of this.state.accounts.values()) if (account.name === name) return account;
    throw notFound("service_account_not_found", `Service account '${ref.slice(0, 80)}' not found.`, {
      service_account_id: ref.slice(0, 80),
    });
  }

  #keysOf(accountId: string): KeyRecord[] {
    return [...this.state.keys.values()].filter((k) => k.account_id === accountId);
  }

  #view(account: AccountRecord) {
    return {
      id: account.id,
      name: account.name,
      identity_id: `sa:${account.name}`,
      description: account.description,
      scopes: [...account.scopes],
      status: account.status,
      api_key_count: this.#keysOf(account.id).length,
      created_at: account.created_at,
      updated_at: account.updated_at,
      created_by: account.created_by,
    };
  }

  #keyView(key: KeyRecord, account: AccountRecord) {
    return {
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      service_account_id: account.id,
      identity_id: `sa:${account.name}`,
      scopes: [...account.scopes],
      created_at: key.created_at,
      created_by: key.created_by,
      expires_at: key.expires_at,
    };
  }

  /** A caller can only hand out scopes it holds itself (no escalation through a service account). */
  #checkGrant(caller: TokenRecord | null, scopes: string[]): void {
    requireScopes(caller, scopes, (missing) => `The token cannot grant scopes it does not hold: ${missing}.`);
  }

  /**
   * Managing an account (new keys, updates, deletion, key deletion) needs every scope it holds:
   * a key of an admin account is admin power, so minting one is the same escalation as granting
   * admin, and a caller should not be able to disable or delete what it could not have created.
   */
  #checkManage(caller: TokenRecord | null, account: AccountRecord): void {
    requireScopes(
      caller,
      account.scopes,
      (missing) => `The token cannot manage '${account.name}': it holds scopes the token lacks (${missing}).`,
    );
  }

  list(): ReturnType<ServiceAccountsStore["get"]>[] {
    return [...this.state.accounts.values()].sort((a, b) => a.name.localeCompare(b.name)).map((a) => this.#view(a));
  }

  get(ref: string) {
    return this.#view(this.#find(ref));
  }

  /** Creates an account; the client secret of its client-credentials login is returned once, never stored. */
  create(input: CreateAccountInput, caller: TokenRecord | null, partnerId: string) {
    if (!NAME.test(input.name))
      throw badRequest("invalid_request", "name must be 2-63 characters of a-z, 0-9 and '-'.");
    for (const a of this.state.accounts.values())
      if (a.name === input.name)
        throw conflict("service_account_exists", `A service account named '${input.name}' already exists.`, {
          name: input.name,
        });
    const scopes = [...new Set(input.scopes ?? [])];
    this.#checkGrant(caller, scopes);
    const now = this.#now();
    const account: AccountRecord = {
      id: this.env.vault.ids.next("sa"),
      name: input.name,
      description: input.description ?? null,
      scopes,
      status: "active",
      partner_id: partnerId,
      created_at: now,
      updated_at: now,
      created_by: caller?.identity_id ?? null,
    };
    this.state.accounts.set(account.id, account);
    const actor = caller?.identity_id ?? null;
    this.env.emit(
      "service_account.created",
      { service_account_id: account.id, identity_id: `sa:${account.name}`, scopes },
      actor,
    );
    return {
      ...this.#view(account),
      client_id: `${account.name}@${this.env.tenantId}`,
      client_secret: `svc_mock_${this.env.vault.ids.chars(40)}`,
    };
  }

  /** Partial update; scope and status changes apply at once to every key's token. */
  update(ref: string, input: UpdateAccountInput, caller: TokenRecord | null) {
    const account = this.#find(ref);
    this.#checkManage(caller, account);
    if (input.scopes) {
      const scopes = [...new Set(input.scopes)];
      this.#checkGrant(caller, scopes);
      account.scopes = scopes;
    }
    if (input.description !== undefined) account.description = input.description;
    if (input.status) account.status = input.status;
    account.updated_at = this.#now();
    for (const key of this.#keysOf(account.id)) {
      const token = this.env.vault.tokens.get(key.token);
      if (!token) continue;
      token.scopes = [...account.scopes];
      token.revoked = account.status === "disabled";
    }
    this.env.emit(
      "service_account.updated",
      {
        service_account_id: account.id,
        identity_id: `sa:${account.name}`,
        changed: Object.keys(input).filter((k) => input[k as keyof UpdateAccountInput] !== undefined),
      },
      caller?.identity_id ?? null,
    );
    return this.#view(account);
  }

  /** Deletes the account and all its keys; their tokens stop working (401 token_invalid). */
  remove(ref: string, caller: TokenRecord | null) {
    const account = this.#find(ref);
    this.#checkManage(caller, account);
    const actor = caller?.identity_id ?? null;
    const keys = this.#keysOf(account.id);
    for (const key of keys) this.#dropKey(key);
    this.state.accounts.delete(account.id);
    this.env.emit(
      "service_account.deleted",
      { service_account_id: account.id, identity_id: `sa:${account.name}`, api_keys_deleted: keys.length },
      actor,
    );
    return { id: account.id, identity_id: `sa:${account.name}`, deleted: true, api_keys_deleted: keys.length };
  }

  listKeys(ref: string) {
    const account = this.#find(ref);
    return this.#keysOf(account.id)
      .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id))
      .map((k) => this.#keyView(k, account));
  }

  /**
   * Issues an API key: the full key is in this one response; afterwards only its prefix. The key is
   * registered as a bearer token of the account's identity, tenant and scopes. `token` lets the seed
   * adopt an existing demo token as a key.
   */
  createKey(
    ref: string,
    input: { name?: string | undefined; expires_in?: string | undefined },
    caller: TokenRecord | null,
    token?: string,
  ) {
    const account = this.#find(ref);
    this.#checkManage(caller, account);
    const actor = caller?.identity_id ?? null;
    if (account.status === "disabled")
      throw conflict("service_account_disabled", `Service account '${account.name}' is disabled.`);
    let expiresAt: string | null = null;
    if (input.expires_in !== undefined) {
      const ms = parseDuration(input.expires_in);
      if (ms === undefined || ms <= 0)
        throw badRequest("invalid_duration", `Duration '${input.expires_in}' did not parse (use e.g. 90d, 24h).`);
      expiresAt = this.env.vault.clock.iso(ms);
    }
    const key = token ?? `svk_mock_${this.env.vault.ids.chars(32)}`;
    const record: KeyRecord = {
      id: this.env.vault.ids.next("key"),
      account_id: account.id,
      name: input.name ?? "default",
      prefix: key.slice(0, PREFIX_LENGTH),
      token: key,
      created_at: this.#now(),
      created_by: actor,
      expires_at: expiresAt,
    };
    this.state.keys.set(record.id, record);
    this.env.vault.addToken({
      token: key,
      identity_id: `sa:${account.name}`,
      identity_type: "service_account",
      tenant_id: this.env.tenantId,
      partner_id: account.partner_id,
      scopes: [...account.scopes],
      expires_at: expiresAt,
      issued_at: record.created_at,
    });
    this.env.emit(
      "api_key.created",
      {
        key_id: record.id,
        prefix: record.prefix,
        service_account_id: account.id,
        identity_id: `sa:${account.name}`,
        expires_at: expiresAt,
      },
      actor,
    );
    return { ...this.#keyView(record, account), key };
  }

  deleteKey(ref: string, keyId: string, caller: TokenRecord | null) {
    const account = this.#find(ref);
    this.#checkManage(caller, account);
    const actor = caller?.identity_id ?? null;
    const key = this.state.keys.get(keyId);
    if (!key || key.account_id !== account.id)
      throw notFound("api_key_not_found", `API key '${keyId.slice(0, 80)}' not found on '${account.name}'.`, {
        key_id: keyId.slice(0, 80),
      });
    this.#dropKey(key);
    this.env.emit(
      "api_key.deleted",
      { key_id: key.id, prefix: key.prefix, service_account_id: account.id, identity_id: `sa:${account.name}` },
      actor,
    );
    return { id: key.id, prefix: key.prefix, deleted: true };
  }

  #dropKey(key: KeyRecord): void {
    this.state.keys.delete(key.id);
    this.env.vault.tokens.delete(key.token);
  }
}

/** 403 insufficient_scope naming the scopes of `scopes` the caller lacks (none checked without a caller). */
function requireScopes(caller: TokenRecord | null, scopes: string[], sentence: (missing: string) => string): void {
  const missing = caller ? scopes.filter((s) => !hasScope(caller, s)) : [];
  if (missing.length)
    throw new ApiProblem(403, "insufficient_scope", sentence(missing.join(", ")), { missing_scopes: missing });
}
