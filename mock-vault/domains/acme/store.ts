import { createHash } from "node:crypto";
import { badRequest, conflict, notFound } from "../../core/errors.js";
import type { StoreEnv } from "../../core/vault.js";
import type { DnsProvidersStore } from "../dns/store.js";
import type { PkiStore } from "../pki/store.js";

/**
 * ACME as ScaiVault runs it: ScaiVault is the ACME *client* of an external CA (RFC 8555).
 * The mock plays both sides: accounts and orders are ScaiVault's records; challenges are
 * "validated" by the mock (deterministic rule below) and certificates are signed by the
 * tenant's mock ACME issuer CA (kept by the PKI store, which also lists the certificates).
 *
 * Order states (RFC 8555 §7.1.6): pending -> ready (every authorization valid) -> processing
 * (finalize) -> valid (certificate issued); invalid when a challenge fails or the order expires.
 * Challenge validation rule of the mock: any identifier under the reserved `.invalid` TLD fails
 * (dns-01: no TXT record; http-01/tls-alpn-01: connection refused); everything else succeeds.
 */
export const ACME_PROVIDERS = ["letsencrypt", "zerossl", "buypass", "google", "custom"] as const;
export type AcmeProvider = (typeof ACME_PROVIDERS)[number];
export const ACME_ENVIRONMENTS = ["production", "staging"] as const;
export type AcmeEnvironment = (typeof ACME_ENVIRONMENTS)[number];
export const CHALLENGE_TYPES = ["dns-01", "http-01", "tls-alpn-01"] as const;
export type ChallengeType = (typeof CHALLENGE_TYPES)[number];
export const ORDER_STATUSES = ["pending", "ready", "processing", "valid", "invalid"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const DAY = 86_400_000;
const ORDER_LIFETIME_MS = 7 * DAY;
const MAX_IDENTIFIERS = 100;
const HOSTNAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Public directory URLs of the providers (custom brings its own). */
const DIRECTORIES: Record<Exclude<AcmeProvider, "custom">, Record<AcmeEnvironment, string>> = {
  letsencrypt: {
    production: "https://acme-v02.api.letsencrypt.org/directory",
    staging: "https://acme-staging-v02.api.letsencrypt.org/directory",
  },
  zerossl: { production: "https://acme.zerossl.com/v2/DV90", staging: "https://acme.zerossl.com/v2/DV90" },
  buypass: {
    production: "https://api.buypass.com/acme/directory",
    staging: "https://api.test4.buypass.no/acme/directory",
  },
  google: {
    production: "https://dv.acme-v02.api.pki.goog/directory",
    staging: "https://dv.acme-v02.test-api.pki.goog/directory",
  },
};

/** Certificate lifetimes per provider (docs: zerossl 90 days, buypass 180 days; Let's Encrypt and Google 90). */
const LIFETIME_DAYS: Record<AcmeProvider, number> = {
  letsencrypt: 90,
  zerossl: 90,
  buypass: 180,
  google: 90,
  custom: 90,
};

export interface AccountRecord {
  id: string;
  name: string;
  provider: AcmeProvider;
  environment: AcmeEnvironment;
  email: string;
  directory_url: string;
  status: "valid" | "deactivated";
  account_url: string;
  key_type: "ec";
  /** JWK thumbprint of the account key (the key itself never leaves ScaiVault). */
  key_thumbprint: string;
  created_at: string;
  created_by: string | null;
}

export interface AcmeError {
  type: string;
  detail: string;
}

export interface ChallengeRecord {
  id: string;
  type: ChallengeType;
  status: "pending" | "processing" | "valid" | "invalid";
  token: string;
  validated_at: string | null;
  error: AcmeError | null;
}

export interface AuthorizationRecord {
  id: string;
  identifier: string;
  wildcard: boolean;
  status: "pending" | "valid" | "invalid" | "expired";
  expires: string;
  challenges: ChallengeRecord[];
}

export interface OrderRecord {
  id: string;
  account_id: string;
  status: OrderStatus;
  identifiers: string[];
  challenge_type: ChallengeType;
  dns_provider_id: string | null;
  authorizations: AuthorizationRecord[];
  expires: string;
  certificate_id: string | null;
  error: AcmeError | null;
  status_history: { status: OrderStatus; at: string }[];
  created_at: string;
  updated_at: string;
  finalized_at: string | null;
  created_by: string | null;
}

export interface CreateAccountInput {
  name: string;
  provider: AcmeProvider;
  environment?: AcmeEnvironment | undefined;
  email: string;
  directory_url?: string | undefined;
}

export interface CreateOrderInput {
  account_id: string;
  identifiers: string[];
  challenge_type?: ChallengeType | undefined;
  dns_provider_id?: string | undefined;
}

export class AcmeStore {
  state = { accounts: new Map<string, AccountRecord>(), orders: new Map<string, OrderRecord>() };

  /** ACME certificates are issued by, and kept in, the tenant's PKI (domains/stores.ts hands it over). */
  readonly #pki: Pick<PkiStore, "acmeIssuer" | "issuance">;
  /** dns-01 records are written through the tenant's DNS providers. */
  readonly #dns: Pick<DnsProvidersStore, "forOrder">;

  constructor(
    readonly env: StoreEnv,
    pki: Pick<PkiStore, "acmeIssuer" | "issuance">,
    dns: Pick<DnsProvidersStore, "forOrder">,
  ) {
    this.#pki = pki;
    this.#dns = dns;
  }

  /** Orders not yet done (pending, ready, processing) whose records a DNS provider writes. */
  ordersUsing(providerId: string): string[] {
    return [...this.state.orders.values()]
      .map((o) => this.#refresh(o))
      .filter((o) => o.dns_provider_id === providerId && ["pending", "ready", "processing"].includes(o.status))
      .map((o) => o.id);
  }

  #now(): string {
    return this.env.vault.clock.iso();
  }

  #b64(bytes: number): string {
    return Buffer.from(this.env.vault.ids.hex(bytes), "hex").toString("base64url");
  }

  // ---------------------------------------------------------------- accounts

  accountView(a: AccountRecord) {
    return {
      id: a.id,
      name: a.name,
      provider: a.provider,
      environment: a.environment,
      email: a.email,
      directory_url: a.directory_url,
      status: a.status,
      account_url: a.account_url,
      key_type: a.key_type,
      orders: [...this.state.orders.values()].filter((o) => o.account_id === a.id).length,
      created_at: a.created_at,
    };
  }

  #account(id: string): AccountRecord {
    const account = this.state.accounts.get(id);
    if (!account) throw notFound("acme_account_not_found", `ACME account '${id}' not found`, { account_id: id });
    return account;
  }

  listAccounts(filter: { provider?: AcmeProvider | undefined } = {}) {
    return [...this.state.accounts.values()]
      .filter((a) => !filter.provider || a.provider === filter.provider)
      .map((a) => this.accountView(a));
  }

  getAccount(id: string) {
    return this.accountView(this.#account(id));
  }

  /** Registers an account; ScaiVault generates and keeps the account key (never returned). */
  createAccount(input: CreateAccountInput, actor: string | null, createdAt = this.#now()) {
    if ([...this.state.accounts.values()].some((a) => a.name === input.name))
      throw conflict("acme_account_exists", `An ACME account named '${input.name}' already exists.`, {
        name: input.name,
      }); // code not documented
    if (input.provider === "custom" && !input.directory_url)
      throw badRequest("invalid_request", "provider 'custom' requires a directory_url.", { field: "directory_url" });
    if (input.provider !== "custom" && input.directory_url)
      throw badRequest(
        "invalid_request",
        `directory_url is only for provider 'custom'; '${input.provider}' has a known directory.`,
        { field: "directory_url" },
      );
    const environment = input.environment ?? "production";
    const directory = input.provider === "custom" ? input.directory_url! : DIRECTORIES[input.provider][environment];
    const id = this.env.vault.ids.next("acme_acct");
    const number = 100_000_000 + this.env.vault.ids.counter("acme_account_url") * 7919;
    const account: AccountRecord = {
      id,
      name: input.name,
      provider: input.provider,
      environment,
      email: input.email,
      directory_url: directory,
      status: "valid",
      account_url: `${new URL(directory).origin}/acme/acct/${number}`,
      key_type: "ec",
      key_thumbprint: this.#b64(32),
      created_at: createdAt,
      created_by: actor,
    };
    this.state.accounts.set(id, account);
    return this.accountView(account);
  }

  // ---------------------------------------------------------------- orders

  #order(id: string): OrderRecord {
    const order = this.state.orders.get(id);
    if (!order) throw notFound("acme_order_not_found", `ACME order '${id}' not found`, { order_id: id });
    return this.#refresh(order);
  }

  #setStatus(order: OrderRecord, status: OrderStatus, at = this.#now()): void {
    order.status = status;
    order.updated_at = at;
    order.status_history.push({ status, at });
  }

  /** Pending/ready orders past `expires` become invalid, as RFC 8555 orders do. */
  #refresh(order: OrderRecord): OrderRecord {
    if (
      (order.status === "pending" || order.status === "ready") &&
      Date.parse(order.expires) <= this.env.vault.clock.nowMs()
    ) {
      for (const authz of order.authorizations) if (authz.status === "pending") authz.status = "expired";
      order.error = {
        type: "urn:ietf:params:acme:error:malformed",
        detail: `Order expired at ${order.expires} before it was finalized.`,
      };
      this.#setStatus(order, "invalid", order.expires);
    }
    return order;
  }

  #challengeView(authz: AuthorizationRecord, c: ChallengeRecord, account: AccountRecord | undefined) {
    const domain = authz.identifier.replace(/^\*\./, "");
    const keyAuthorization = `${c.token}.${account?.key_thumbprint ?? ""}`;
    const base = {
      id: c.id,
      type: c.type,
      status: c.status,
      token: c.token,
      validated_at: c.validated_at,
      error: c.error,
    };
    if (c.type === "dns-01")
      return {
        ...base,
        record_name: `_acme-challenge.${domain}`,
        record_type: "TXT",
        record_value: createHash("sha256").update(keyAuthorization).digest("base64url"),
      };
    if (c.type === "http-01")
      return {
        ...base,
        url: `http://${domain}/.well-known/acme-challenge/${c.token}`,
        key_authorization: keyAuthorization,
      };
    return { ...base, key_authorization: keyAuthorization };
  }

  orderView(o: OrderRecord) {
    const account = this.state.accounts.get(o.account_id);
    return {
      id: o.id,
      account_id: o.account_id,
      status: o.status,
      identifiers: [...o.identifiers],
      challenge_type: o.challenge_type,
      dns_provider_id: o.dns_provider_id,
      authorizations: o.authorizations.map((a) => ({
        id: a.id,
        identifier: a.identifier,
        wildcard: a.wildcard,
        status: a.status,
        expires: a.expires,
        challenges: a.challenges.map((c) => this.#challengeView(a, c, account)),
      })),
      expires: o.expires,
      certificate_id: o.certificate_id,
      error: o.error,
      status_history: o.status_history.map((h) => ({ ...h })),
      created_at: o.created_at,
      updated_at: o.updated_at,
      finalized_at: o.finalized_at,
    };
  }

  listOrders(filter: { account_id?: string | undefined; status?: OrderStatus | undefined } = {}) {
    if (filter.account_id) this.#account(filter.account_id);
    return [...this.state.orders.values()]
      .map((o) => this.#refresh(o))
      .filter(
        (o) =>
          (!filter.account_id || o.account_id === filter.account_id) && (!filter.status || o.status === filter.status),
      )
      .map((o) => this.orderView(o));
  }

  getOrder(id: string) {
    return this.orderView(this.#order(id));
  }

  /** New order: one authorization per identifier, each with one challenge of the order's type. */
  createOrder(input: CreateOrderInput, actor: string | null, createdAt = this.#now()) {
    const account = this.#account(input.account_id);
    if (account.status !== "valid")
      throw conflict("acme_account_inactive", `ACME account '${account.id}' is ${account.status}.`, {
        account_id: account.id,
      });
    const identifiers = [...new Set(input.identifiers.map((i) => i.trim().toLowerCase()))];
    if (identifiers.length === 0 || identifiers.length > MAX_IDENTIFIERS)
      throw badRequest("invalid_request", `An order needs 1 to ${MAX_IDENTIFIERS} identifiers.`);
    for (const name of identifiers)
      if (name.length > 253 || !HOSTNAME.test(name) || /\.\d+$/.test(name))
        throw badRequest(
          "invalid_request",
          `'${name.slice(0, 80)}' is not a DNS name ACME can validate (IP identifiers are not supported).`,
          { identifier: name.slice(0, 80) },
        );
    const type = input.challenge_type ?? "dns-01";
    const wildcard = identifiers.find((i) => i.startsWith("*."));
    if (wildcard && type !== "dns-01")
      throw badRequest("invalid_request", `Wildcard identifiers ('${wildcard}') require dns-01 challenges.`, {
        identifier: wildcard,
        challenge_type: type,
      });
    if (input.dns_provider_id !== undefined && type !== "dns-01")
      throw badRequest("invalid_request", "dns_provider_id is for dns-01 challenges only.", {
        challenge_type: type,
      });
    const dnsProvider = type === "dns-01" ? this.#dns.forOrder(input.dns_provider_id, identifiers) : null;
    const expires = new Date(Date.parse(createdAt) + ORDER_LIFETIME_MS).toISOString();
    const order: OrderRecord = {
      id: this.env.vault.ids.next("acme_ord"),
      account_id: account.id,
      status: "pending",
      identifiers,
      challenge_type: type,
      dns_provider_id: dnsProvider,
      authorizations: identifiers.map((identifier) => ({
        id: this.env.vault.ids.next("acme_authz"),
        identifier,
        wildcard: identifier.startsWith("*."),
        status: "pending" as const,
        expires,
        challenges: [
          {
            id: this.env.vault.ids.next("acme_chal"),
            type,
            status: "pending" as const,
            token: this.#b64(32),
            validated_at: null,
            error: null,
          },
        ],
      })),
      expires,
      certificate_id: null,
      error: null,
      status_history: [{ status: "pending", at: createdAt }],
      created_at: createdAt,
      updated_at: createdAt,
      finalized_at: null,
      created_by: actor,
    };
    this.state.orders.set(order.id, order);
    return this.orderView(order);
  }

  /**
   * Tells the CA a challenge is ready and validates it: pending -> processing -> valid | invalid.
   * Completing an already valid challenge is a no-op; the order moves to ready once every
   * authorization is valid, or to invalid when one fails.
   */
  completeChallenge(orderId: string, challengeId: string, at = this.#now()) {
    const order = this.#order(orderId);
    const authz = order.authorizations.find((a) => a.challenges.some((c) => c.id === challengeId));
    const challenge = authz?.challenges.find((c) => c.id === challengeId);
    if (!authz || !challenge)
      throw notFound("acme_challenge_not_found", `Challenge '${challengeId}' is not part of order '${orderId}'.`, {
        order_id: orderId,
        challenge_id: challengeId,
      }); // code not documented
    if (challenge.status === "valid") return this.orderView(order);
    if (order.status === "invalid")
      throw conflict(
        "acme_order_invalid",
        `Order '${order.id}' is invalid${order.error ? `: ${order.error.detail}` : ""}; create a new order.`,
        { order_id: order.id, status: order.status },
      );
    if (challenge.status === "invalid")
      throw conflict("acme_challenge_invalid", `Challenge '${challenge.id}' already failed.`, {
        challenge_id: challenge.id,
      });
    challenge.status = "processing";
    const error = validationError(authz.identifier, challenge);
    challenge.status = error ? "invalid" : "valid";
    challenge.validated_at = at;
    challenge.error = error;
    authz.status = error ? "invalid" : "valid";
    if (error) {
      order.error = error;
      this.#setStatus(order, "invalid", at);
    } else if (order.authorizations.every((a) => a.status === "valid")) {
      this.#setStatus(order, "ready", at);
    } else {
      order.updated_at = at;
    }
    return this.orderView(order);
  }

  /** Finalize: ready -> processing -> valid; the certificate and its private key come back once, here. */
  async finalize(orderId: string, actor: string | null) {
    const order = this.#order(orderId);
    if (order.status !== "ready") {
      const hint =
        order.status === "pending"
          ? "complete its challenges first"
          : order.status === "valid"
            ? `it is already finalized (certificate ${order.certificate_id})`
            : order.status === "processing"
              ? "it is being finalized"
              : "it is invalid; create a new order";
      throw conflict("acme_order_not_ready", `Order '${order.id}' is ${order.status}: ${hint}.`, {
        order_id: order.id,
        status: order.status,
      }); // code not documented (RFC 8555: orderNotReady)
    }
    const account = this.#account(order.account_id);
    this.#setStatus(order, "processing");
    try {
      const issued = await this.#pki.acmeIssuer.issue({
        order_id: order.id,
        names: order.identifiers,
        lifetime_ms: LIFETIME_DAYS[account.provider] * DAY,
        actor,
      });
      order.certificate_id = issued.id;
      order.finalized_at = this.#now();
      this.#setStatus(order, "valid");
      return {
        ...this.orderView(order),
        certificate: {
          id: issued.id,
          serial_number: issued.serial_number,
          not_before: issued.not_before,
          not_after: issued.not_after,
          certificate: issued.certificate,
          ca_chain: issued.ca_chain,
          private_key: issued.private_key,
        },
      };
    } catch (error) {
      order.error = {
        type: "urn:ietf:params:acme:error:serverInternal",
        detail: "The CA failed to issue the certificate.",
      };
      this.#setStatus(order, "invalid");
      throw error;
    }
  }

  // ---------------------------------------------------------------- seeding

  /** Seeds a finalized order (challenges valid) whose certificate the PKI store lists as source "acme". */
  seedValidOrder(accountId: string, identifiers: string[], createdAt: string): OrderRecord {
    const view = this.createOrder({ account_id: accountId, identifiers }, "user:ops@acme.example", createdAt);
    const order = this.state.orders.get(view.id)!;
    const at = new Date(Date.parse(createdAt) + 60_000).toISOString();
    for (const authz of order.authorizations)
      for (const c of authz.challenges) this.completeChallenge(order.id, c.id, at);
    this.#setStatus(order, "processing", at);
    const provider = this.#account(accountId).provider;
    const cert = this.#pki.issuance.seedCertificate({
      order_id: order.id,
      names: order.identifiers,
      issued_at: at,
      ttl: `${LIFETIME_DAYS[provider]}d`,
    });
    order.certificate_id = cert.id;
    order.finalized_at = at;
    this.#setStatus(order, "valid", at);
    return order;
  }

  /** Seeds a failed order: its first challenge was refused with `detail`. */
  seedFailedOrder(
    accountId: string,
    identifiers: string[],
    type: ChallengeType,
    createdAt: string,
    detail: string,
  ): OrderRecord {
    const view = this.createOrder(
      { account_id: accountId, identifiers, challenge_type: type },
      "user:ops@acme.example",
      createdAt,
    );
    const order = this.state.orders.get(view.id)!;
    const at = new Date(Date.parse(createdAt) + 90_000).toISOString();
    const authz = order.authorizations[0]!;
    const challenge = authz.challenges[0]!;
    challenge.status = "invalid";
    challenge.validated_at = at;
    challenge.error = { type: "urn:ietf:params:acme:error:connection", detail };
    authz.status = "invalid";
    order.error = challenge.error;
    this.#setStatus(order, "invalid", at);
    return order;
  }
}

/** The mock CA's verdict: names under the reserved `.invalid` TLD never validate. */
function validationError(identifier: string, challenge: ChallengeRecord): AcmeError | null {
  const domain = identifier.replace(/^\*\./, "");
  if (!(domain === "invalid" || domain.endsWith(".invalid"))) return null;
  if (challenge.type === "dns-01")
    return { type: "urn:ietf:params:acme:error:dns", detail: `No TXT record found at _acme-challenge.${domain}.` };
  if (challenge.type === "http-01")
    return {
      type: "urn:ietf:params:acme:error:connection",
      detail: `Connection refused fetching http://${domain}/.well-known/acme-challenge/${challenge.token}.`,
    };
  return { type: "urn:ietf:params:acme:error:tls", detail: `No TLS-ALPN-01 certificate presented by ${domain}:443.` };
}
