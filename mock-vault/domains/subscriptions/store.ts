import { ApiProblem, badRequest, notFound } from "../../core/errors.js";
import { matchesEventFilters } from "../../core/event-catalog.js";
import { type EventFilters, type LabelsOf, passesFilters } from "../../core/event-filters.js";
import { type EventEnvelope, keptEnvelope, type OutgoingEvent } from "../../core/events.js";
import { matchesPathGlob } from "../../core/glob.js";
import { attemptsView, type DeliveryAttempts, receiverUrlProblem, unattempted } from "../../core/outbox.js";
import type { StoreEnv } from "../../core/vault.js";

/** Deliveries kept per subscription when no buffer_size is given (the documented default). */
const DEFAULT_BUFFER = 1000;
const RECENT = 20;

type DeliveryType = "webhook" | "polling";

/**
 * One event on one subscription. Polling: `pending` until acknowledged, then `success`.
 * Webhook: the outbox's attempts (a signed POST to a loopback receiver, else recorded).
 */
interface Delivery extends DeliveryAttempts {
  event_id: string;
  event_type: string;
  /** When the subscription got it (the mock clock); the envelope has the event's own time. */
  timestamp: string;
  path: string | null;
  identity_id: string | null;
  acknowledged_at: string | null;
  /** What was delivered (polled, or POSTed and retried). */
  envelope: EventEnvelope;
}

interface SubscriptionRecord {
  id: string;
  name: string;
  identity_id: string;
  events: string[];
  paths: string[];
  filters: EventFilters;
  delivery: { type: DeliveryType; url: string | null; buffer_size: number };
  /** HMAC key for webhook deliveries; returned once, when it is made. */
  signing_secret: string | null;
  status: "active";
  created_at: string;
  updated_at: string;
  delivery_count: number;
  last_delivery_at: string | null;
  /** Oldest first, at most delivery.buffer_size. */
  deliveries: Delivery[];
  /** How many of the deliveries are acknowledged polled events: when the log is full, these go first. */
  acknowledged?: number;
}

export interface DeliveryInput {
  type: DeliveryType;
  url?: string | undefined;
  secret?: string | undefined;
  buffer_size?: number | undefined;
}

export interface CreateSubscriptionInput {
  name: string;
  events: string[];
  paths: string[];
  delivery: DeliveryInput;
  filters?: EventFilters | undefined;
}

export type UpdateSubscriptionInput = Partial<Omit<CreateSubscriptionInput, "delivery">> & {
  delivery?: Partial<DeliveryInput> | undefined;
};

export interface PollOptions {
  /** Seconds to wait for a first event when none is queued (0 to 60). */
  timeoutS: number;
  sinceEventId: string | null;
  maxEvents: number;
  /** The longest the mock waits in real time (VaultOptions.pollWaitMs). */
  maxWaitMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * Subscriptions of one tenant: event-type, path and extra filters, a delivery log fed by the
 * event bus, polling with acknowledgement, webhook delivery through the vault's outbox.
 */
export class SubscriptionsStore {
  state = { subscriptions: new Map<string, SubscriptionRecord>() };
  /** Polls waiting for an event, by subscription (not state: a snapshot holds no waiting request). */
  readonly #waiting = new Map<string, Set<() => void>>();

  constructor(
    readonly env: StoreEnv,
    private readonly collaborators: { labelsOf: LabelsOf },
  ) {}

  #find(id: string): SubscriptionRecord {
    const sub = this.state.subscriptions.get(id);
    if (!sub)
      throw notFound("subscription_not_found", `Subscription '${id.slice(0, 80)}' not found.`, {
        subscription_id: id.slice(0, 80),
      });
    return sub;
  }

  #view(sub: SubscriptionRecord) {
    return {
      id: sub.id,
      name: sub.name,
      status: sub.status,
      identity_id: sub.identity_id,
      events: [...sub.events],
      paths: [...sub.paths],
      filters: structuredClone(sub.filters ?? {}),
      delivery: { ...sub.delivery },
      created_at: sub.created_at,
      updated_at: sub.updated_at ?? sub.created_at,
      delivery_count: sub.delivery_count,
      last_delivery_at: sub.last_delivery_at,
    };
  }

  list() {
    return [...this.state.subscriptions.values()]
      .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id))
      .map((s) => this.#view(s));
  }

  /** The subscription with its most recent deliveries, newest first. */
  get(id: string) {
    const sub = this.#find(id);
    const view = deliveryView(sub.delivery.type);
    return { ...this.#view(sub), recent_deliveries: sub.deliveries.slice(-RECENT).reverse().map(view) };
  }

  /** The delivery log, newest first (this mock's GET /v1/subscriptions/{id}/deliveries). */
  deliveries(id: string) {
    const sub = this.#find(id);
    return [...sub.deliveries].reverse().map(deliveryView(sub.delivery.type));
  }

  create(input: CreateSubscriptionInput, owner: string) {
    const now = this.env.vault.clock.iso();
    const delivery = this.#delivery(input.delivery);
    const sub: SubscriptionRecord = {
      id: this.env.vault.ids.next("sub"),
      name: input.name,
      identity_id: owner,
      events: [...new Set(input.events)],
      paths: globsOf(input.paths),
      filters: input.filters ?? {},
      delivery: delivery.settings,
      signing_secret: delivery.secret,
      status: "active",
      created_at: now,
      updated_at: now,
      delivery_count: 0,
      last_delivery_at: null,
      deliveries: [],
      acknowledged: 0,
    };
    // Emitted before it is stored: a subscription does not receive its own creation.
    this.env.emit("subscription.created", { subscription_id: sub.id, name: sub.name, events: sub.events }, owner);
    this.state.subscriptions.set(sub.id, sub);
    return { ...this.#view(sub), signing_secret: delivery.secret };
  }

  /**
   * PATCH: paths, events, delivery (and name, filters). A change to webhook delivery without a
   * secret keeps the one it has, or makes one and returns it once (`signing_secret`).
   */
  update(id: string, input: UpdateSubscriptionInput, actor: string, isAdmin: boolean) {
    const sub = this.#owned(id, actor, isAdmin, "change");
    let madeSecret: string | null = null;
    if (input.delivery) {
      const type = input.delivery.type ?? sub.delivery.type;
      const keep = type === sub.delivery.type;
      const delivery = this.#delivery({
        type,
        url: input.delivery.url ?? (keep ? (sub.delivery.url ?? undefined) : undefined),
        secret: input.delivery.secret ?? (keep ? (sub.signing_secret ?? undefined) : undefined),
        buffer_size: input.delivery.buffer_size ?? sub.delivery.buffer_size,
      });
      if (delivery.secret !== null && delivery.secret !== sub.signing_secret && !input.delivery.secret)
        madeSecret = delivery.secret;
      sub.delivery = delivery.settings;
      sub.signing_secret = delivery.secret;
      sub.acknowledged = sub.deliveries.filter(isAcknowledged).length;
      trim(sub);
    }
    if (input.name !== undefined) sub.name = input.name;
    if (input.events !== undefined) sub.events = [...new Set(input.events)];
    if (input.paths !== undefined) sub.paths = globsOf(input.paths);
    if (input.filters !== undefined) sub.filters = input.filters;
    sub.updated_at = this.env.vault.clock.iso();
    this.env.emit("subscription.updated", { subscription_id: id, name: sub.name, events: sub.events }, actor);
    return { ...this.#view(sub), ...(madeSecret ? { signing_secret: madeSecret } : {}) };
  }

  /** Owners delete their own subscriptions; others need the admin scope. */
  remove(id: string, actor: string, isAdmin: boolean) {
    const sub = this.#owned(id, actor, isAdmin, "delete");
    this.state.subscriptions.delete(id);
    this.#wake(id);
    this.env.emit("subscription.deleted", { subscription_id: id, name: sub.name }, actor);
    return { id, deleted: true };
  }

  /**
   * GET …/poll: the queued (unacknowledged) events after `since_event_id`, oldest first. With
   * none queued it waits for one up to the timeout, but never longer than `maxWaitMs` of real
   * time; then (or at once, with the in-process default of 0) it answers `{ events: [] }`.
   * An id not in the log (unknown, or pushed out of the buffer) reads from the oldest queued event.
   */
  async poll(id: string, actor: string, options: PollOptions) {
    const sub = this.#pollable(id, actor);
    let queued = this.#queued(sub, options.sinceEventId);
    const waitMs = Math.min(options.timeoutS * 1000, options.maxWaitMs);
    if (queued.length === 0 && waitMs > 0 && !options.signal?.aborted) {
      await this.#waitForEvent(id, waitMs, options.signal);
      const still = this.state.subscriptions.get(id);
      queued = still === sub ? this.#queued(sub, options.sinceEventId) : [];
    }
    return {
      events: queued.slice(0, options.maxEvents).map((d) => structuredClone(d.envelope)),
      has_more: queued.length > options.maxEvents,
    };
  }

  /** POST …/ack: the given events are processed and leave the queue; unknown or already acknowledged ids are ignored. */
  ack(id: string, actor: string, eventIds: readonly string[]) {
    const sub = this.#pollable(id, actor);
    const wanted = new Set(eventIds);
    const now = this.env.vault.clock.iso();
    let acknowledged = 0;
    for (const d of sub.deliveries) {
      if (d.status !== "pending" || !wanted.has(d.event_id)) continue;
      d.status = "success";
      d.acknowledged_at = now;
      acknowledged += 1;
    }
    sub.acknowledged = (sub.acknowledged ?? 0) + acknowledged;
    return { acknowledged };
  }

  /** Bus listener: records the event on every matching subscription of this tenant. */
  deliver(event: OutgoingEvent): void {
    const path = event.path;
    // One copy of the event, kept by every subscription that gets it (none of them changes it).
    let kept: EventEnvelope | undefined;
    for (const sub of this.state.subscriptions.values()) {
      if (!matchesEventFilters(sub.events, event.type)) continue;
      if (path === undefined ? !sub.paths.includes("**") : !sub.paths.some((g) => matchesPathGlob(g, path))) continue;
      if (!passesFilters(sub.filters ?? {}, path, this.collaborators.labelsOf)) continue;
      kept ??= keptEnvelope(event.envelope());
      // Object.assign, not a spread: this runs for every event, and a spread of the attempt fields costs more than the rest.
      const delivery: Delivery = Object.assign(unattempted(this.env.vault.ids.next("del")), {
        event_id: kept.event_id,
        event_type: kept.event_type,
        timestamp: this.env.vault.clock.iso(),
        path: path ?? null,
        identity_id: kept.identity_id,
        acknowledged_at: null,
        envelope: kept,
      });
      sub.deliveries.push(delivery);
      trim(sub);
      sub.delivery_count += 1;
      sub.last_delivery_at = delivery.timestamp;
      const receiver = receiverOf(sub);
      if (receiver) this.env.vault.outbox.attempt(delivery, receiver, delivery.envelope);
      else this.#wake(sub.id);
    }
  }

  /** The clock moved: webhook deliveries whose retry time came are tried again. */
  retryTick(toMs: number): void {
    const outbox = this.env.vault.outbox;
    for (const sub of this.state.subscriptions.values()) {
      const receiver = receiverOf(sub);
      if (receiver) for (const d of sub.deliveries) if (outbox.isDue(d, toMs)) outbox.attempt(d, receiver, d.envelope);
    }
  }

  #owned(id: string, actor: string, isAdmin: boolean, verb: string): SubscriptionRecord {
    const sub = this.#find(id);
    if (sub.identity_id !== actor && !isAdmin)
      throw new ApiProblem(403, "forbidden", `Only the owner of a subscription (or an admin) can ${verb} it.`);
    return sub;
  }

  /** Poll and ack: the owner only (the reference: "subscription owner only"), polling delivery only. */
  #pollable(id: string, actor: string): SubscriptionRecord {
    const sub = this.#find(id);
    if (sub.identity_id !== actor)
      throw new ApiProblem(403, "forbidden", "Only the owner of a subscription can poll it or acknowledge its events.");
    if (sub.delivery.type !== "polling")
      throw badRequest(
        "invalid_request",
        "This subscription delivers by webhook; only polling subscriptions are polled.",
        {
          delivery_type: sub.delivery.type,
        },
      );
    return sub;
  }

  #queued(sub: SubscriptionRecord, sinceEventId: string | null): Delivery[] {
    const from = sinceEventId === null ? -1 : sub.deliveries.findIndex((d) => d.event_id === sinceEventId);
    return sub.deliveries.slice(from + 1).filter((d) => d.status === "pending");
  }

  #waitForEvent(id: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.#waiting.get(id) ?? new Set();
      this.#waiting.set(id, waiters);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      // Unref'd: a waiting poll alone does not keep a process alive.
      const timer = setTimeout(done, ms);
      timer.unref();
      waiters.add(done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  #wake(id: string): void {
    const waiters = this.#waiting.get(id);
    if (!waiters) return;
    this.#waiting.delete(id);
    for (const done of waiters) done();
  }

  /** Checks and completes a delivery setting: webhook needs an https (or loopback http) url and gets a secret. */
  #delivery(input: DeliveryInput) {
    const url = input.url ?? null;
    if (input.type === "webhook") {
      const problem = url === null ? "is required for webhook delivery" : receiverUrlProblem(url);
      if (problem) throw badRequest("invalid_request", `delivery.url ${problem}.`, { field: "delivery.url" });
    }
    const secret = input.type === "webhook" ? (input.secret ?? `whsec_mock_${this.env.vault.ids.chars(32)}`) : null;
    return {
      settings: {
        type: input.type,
        url: input.type === "webhook" ? url : null,
        buffer_size: input.buffer_size ?? DEFAULT_BUFFER,
      },
      secret,
    };
  }
}

const globsOf = (paths: readonly string[]) =>
  paths.length ? [...new Set(paths.map((p) => p.replace(/^\/+|\/+$/g, "")))] : ["**"];

/** A polled event its owner acknowledged (a snapshot from before acknowledgements has none). */
const isAcknowledged = (d: Delivery) => typeof d.acknowledged_at === "string";

/**
 * Keeps the log within buffer_size, oldest out first; a polling subscription's acknowledged
 * events go before any still queued (without a scan while none are).
 */
function trim(sub: SubscriptionRecord): void {
  let excess = sub.deliveries.length - sub.delivery.buffer_size;
  while (excess > 0 && (sub.acknowledged ?? 0) > 0) {
    const done = sub.deliveries.findIndex(isAcknowledged);
    if (done < 0) break;
    sub.deliveries.splice(done, 1);
    sub.acknowledged = (sub.acknowledged ?? 1) - 1;
    excess -= 1;
  }
  if (excess === 1) {
    // The usual case once the log is full: one in, the oldest out (shift, unlike splice, makes no array).
    if (isAcknowledged(sub.deliveries.shift() as Delivery)) sub.acknowledged = Math.max(0, (sub.acknowledged ?? 0) - 1);
  } else if (excess > 0) {
    const dropped = sub.deliveries.splice(0, excess).filter(isAcknowledged).length;
    sub.acknowledged = Math.max(0, (sub.acknowledged ?? 0) - dropped);
  }
}

/** Where a webhook subscription's deliveries go (undefined for polling). */
function receiverOf(sub: SubscriptionRecord): { url: string; secret: string } | undefined {
  const { type, url } = sub.delivery;
  return type === "webhook" && url && sub.signing_secret ? { url, secret: sub.signing_secret } : undefined;
}

/**
 * A log entry as the API shows it, without the envelope it keeps for polls and retries: a
 * polling delivery has no HTTP attempts to show, a webhook one no acknowledgement.
 */
const deliveryView = (type: DeliveryType) => (d: Delivery) => {
  const base = {
    id: d.id,
    event_id: d.event_id,
    event_type: d.event_type,
    timestamp: d.timestamp,
    path: d.path,
    identity_id: d.identity_id,
    status: d.status,
    data: structuredClone(d.envelope.data),
  };
  if (type === "polling") return { ...base, response_code: null, signature: null, acknowledged_at: d.acknowledged_at };
  return { ...base, ...attemptsView(d) };
};
