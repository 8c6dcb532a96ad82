import type { Faker } from "@faker-js/faker";
import { faker as englishFaker } from "@faker-js/faker/locale/en";
import { AuditLog } from "./audit-log.js";
import { Clock } from "./clock.js";
import { DEFAULT_NOW } from "./demo-time.js";
import { EventBus, type VaultEvent } from "./events.js";
import { Faults } from "./faults.js";
import { Ids } from "./ids.js";
import { Metrics, pathCategory } from "./metrics.js";
import { Outbox } from "./outbox.js";
import type { PartnerRecord } from "./partners.js";
import { currentRequestId } from "./request-scope.js";
import type { TokenRecord } from "./tokens.js";

/** What a request wants to do, for access-policy evaluation. */
export interface AccessRequest {
  identity: TokenRecord;
  tenantId: string;
  /** Permission in the access-policy vocabulary, e.g. "read", "write", "delete", "list". */
  permission: string;
  /** Secret path the request touches, when it touches one. */
  path: string | null;
  /** The caller's address, for ip_ranges conditions (default 127.0.0.1). */
  sourceIp?: string | undefined;
}

/**
 * A denial carries the reference's code: access_denied when no rule matches, or the failed
 * condition's own code (mfa_required, ip_not_allowed, time_window_violation) with its details.
 */
export type AccessDecision =
  | { allowed: true }
  | { allowed: false; reason: string; code?: string; details?: Record<string, unknown> };

export interface VaultOptions {
  /** Seed for ids, demo data and generated values; same seed, same vault. */
  seed?: number;
  /** Start time of the mock clock (default 2026-05-17T15:00:00Z, a fixed demo "today"). */
  now?: Date | string | number;
  /** Origin the handlers answer on (default https://vault.mock). */
  baseUrl?: string;
  /** Audit entries kept, the newest (default DEFAULT_AUDIT_RETENTION, 100,000); the oldest go first. */
  auditRetention?: number;
  /**
   * The longest a subscription poll that finds no event waits for one, in real milliseconds
   * (default 0: it answers at once, as if its timeout had passed; the mock clock never moves by
   * itself). scaivault-mock waits up to the poll's own timeout.
   */
  pollWaitMs?: number;
}

/**
 * What every store gets: the vault-wide services (time, ids, faker, tokens, audit log), its
 * tenant and a way to emit events. Never another tenant's stores, nor other domains' stores:
 * those a store needs come by its constructor (domains/stores.ts).
 */
export interface StoreEnv {
  readonly vault: VaultServices;
  readonly tenantId: string;
  emit(type: string, data: Record<string, unknown>, actor?: string | null): void;
  /** An event made like an emitted one but given to no listener (a webhook's test delivery). */
  event(type: string, data: Record<string, unknown>, actor?: string | null): VaultEvent;
}

export type VaultServices = Pick<
  Vault<unknown>,
  | "baseUrl"
  | "seed"
  | "clock"
  | "ids"
  | "faker"
  | "audit"
  | "tokens"
  | "addToken"
  | "metrics"
  | "partners"
  | "tenantPartners"
  | "outbox"
>;

/**
 * The domains as the core sees them, handed to the vault by the composition root
 * (domains/stores.ts): the core calls these, and imports no domain.
 */
export interface Domains<S> {
  /** Builds the stores of one tenant. */
  createStores(env: StoreEnv): S;
  /** Decides a request that touches a secret path (the access-policies domain). */
  authorize(stores: S, request: AccessRequest): AccessDecision;
  /** Time-driven behaviour (expiry, schedules) after the clock moved to `toMs`, over every tenant. */
  clockMoved(tenants: readonly S[], toMs: number): void;
  /** An event of a known tenant happened (subscriptions and webhooks record deliveries). */
  eventHappened(stores: S, event: VaultEvent): void;
}

export interface JournalEntry {
  method: string;
  path: string;
  status: number;
  /** Set when an injected fault shaped the answer. */
  fault?: "status" | "reset" | "malformed" | "hang" | "latency";
}

/** The journal keeps the last this many requests: a long --mock session must not grow without bound. */
const JOURNAL_LIMIT = 10_000;

/**
 * The simulated vault: per-tenant stores (isolation by construction), tokens, audit log,
 * clock, seeded ids, faults. The core knows no domain: the Domains it is given
 * (domains/stores.ts) build a tenant's stores, of type S, and answer what the core asks of them.
 */
export class Vault<S> {
  readonly baseUrl: string;
  readonly seed: number;
  readonly clock: Clock;
  /** When the vault "started", on its own clock (uptime counts from here). */
  readonly startedMs: number;
  ids: Ids;
  faker: Faker;
  readonly faults = new Faults();
  readonly bus = new EventBus();
  /** Webhook deliveries: signs them, POSTs to loopback receivers, keeps track of those in flight. */
  readonly outbox: Outbox;
  readonly pollWaitMs: number;
  audit: AuditLog;
  /** Every request the mock saw, faulted ones included (the audit log only has requests the vault processed). */
  journal: JournalEntry[] = [];
  tokens = new Map<string, TokenRecord>();
  tenants = new Map<string, S>();
  /** Which partner each known tenant belongs to: a partner admin reaches only its own partner's tenants. */
  tenantPartners = new Map<string, string>();
  /** The partners the identity cache knows (name, slug, region, status), by id. */
  partners = new Map<string, PartnerRecord>();
  /** Request and domain counters for GET /v1/metrics; every journal entry is counted. */
  readonly metrics = new Metrics();
  readonly #domains: Domains<S>;

  constructor(options: VaultOptions, domains: Domains<S>) {
    this.#domains = domains;
    this.baseUrl = (options.baseUrl ?? "https://vault.mock").replace(/\/+$/, "");
    this.seed = options.seed ?? 42;
    this.clock = new Clock(options.now ?? DEFAULT_NOW);
    this.startedMs = this.clock.nowMs();
    this.outbox = new Outbox(this.clock);
    this.pollWaitMs = options.pollWaitMs ?? 0;
    this.ids = new Ids(this.seed);
    this.audit = new AuditLog(options.auditRetention);
    this.faker = makeFaker(this.seed, this.clock.now());
    this.clock.onChange((_from, toMs) => domains.clockMoved([...this.tenants.values()], toMs));
    this.bus.on((event) => {
      const stores = this.tenants.get(event.tenant_id);
      if (stores) domains.eventHappened(stores, event);
    });
  }

  /** The stores of one tenant, created on first use. */
  tenant(id: string): S {
    let stores = this.tenants.get(id);
    if (!stores) {
      stores = this.#domains.createStores(this.#env(id));
      this.tenants.set(id, stores);
    }
    return stores;
  }

  /** Records a request in the journal (bounded: the oldest entries go first). */
  addJournalEntry(entry: JournalEntry): void {
    if (this.journal.length >= JOURNAL_LIMIT * 2) this.journal.splice(0, this.journal.length - JOURNAL_LIMIT);
    this.journal.push(entry);
    const category = pathCategory(entry.path);
    this.metrics.count("scaivault_requests_total", {
      method: entry.method,
      path_category: category,
      status: String(entry.status),
    });
    if (entry.status === 429) this.metrics.count("scaivault_rate_limit_hits_total", { category });
  }

  /** Makes a tenant known (tokens make their own tenant known). */
  addTenant(tenantId: string, partnerId: string): void {
    this.tenantPartners.set(tenantId, partnerId);
  }

  addToken(record: TokenRecord): TokenRecord {
    this.addTenant(record.tenant_id, record.partner_id);
    this.tokens.set(record.token, record);
    return record;
  }

  /** An event of a tenant, with an id, its partner, the time and the request being answered filled in. */
  event(fields: Pick<VaultEvent, "type" | "tenant_id" | "actor" | "data">): VaultEvent {
    // The fields named one by one, not spread: every read and write makes an event.
    return {
      id: this.ids.next("evt"),
      occurred_at: this.clock.iso(),
      partner_id: this.tenantPartners.get(fields.tenant_id) ?? null,
      request_id: currentRequestId(),
      type: fields.type,
      tenant_id: fields.tenant_id,
      actor: fields.actor,
      data: fields.data,
    };
  }

  emit(fields: Pick<VaultEvent, "type" | "tenant_id" | "actor" | "data">): void {
    this.bus.emit(this.event(fields));
  }

  /**
   * Access policies on top of scopes, for every identity type: "the set of scopes is intersected
   * with the caller's policies — both must permit the action" (ScaiVault authentication docs).
   * The access-policies domain decides, with the same evaluation its dry run (POST
   * /v1/policies/test) explains; requests that touch no secret path are governed by scopes alone.
   */
  authorize(request: AccessRequest): AccessDecision {
    if (request.path === null) return { allowed: true };
    return this.#domains.authorize(this.tenant(request.tenantId), request);
  }

  #env(tenantId: string): StoreEnv {
    return {
      vault: this,
      tenantId,
      emit: (type, data, actor = null) => this.emit({ type, tenant_id: tenantId, actor, data }),
      event: (type, data, actor = null) => this.event({ type, tenant_id: tenantId, actor, data }),
    };
  }
}

/**
 * A private Faker per vault (never the shared instance), so two vaults in one process do not
 * disturb each other's sequence. Built from the English locale module alone: importing the
 * package root would load every locale (~0.8 MB) at start-up.
 */
export function makeFaker(seed: number, refDate: Date): Faker {
  const FakerClass = englishFaker.constructor as new (options: { locale: Faker["rawDefinitions"] }) => Faker;
  const faker = new FakerClass({ locale: englishFaker.rawDefinitions });
  faker.seed(seed);
  faker.setDefaultRefDate(refDate);
  return faker;
}
