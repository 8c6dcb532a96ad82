import { parseDuration } from "../../core/duration.js";
import { badRequest, notFound } from "../../core/errors.js";
import { matchesEventFilters } from "../../core/event-catalog.js";
import { type EventFilters, type LabelsOf, passesFilters } from "../../core/event-filters.js";
import { type EventEnvelope, envelopeOf, keptEnvelope, type OutgoingEvent } from "../../core/events.js";
import {
  attemptsView,
  type DeliveryAttempts,
  type DeliveryStatus,
  receiverUrlProblem,
  unattempted,
} from "../../core/outbox.js";
import type { StoreEnv } from "../../core/vault.js";

/** Deliveries kept per webhook, oldest dropped first. */
const DELIVERY_LOG = 1000;
const DAY_MS = 86_400_000;
/** The reference recommends secrets of at least this many bytes. */
const RECOMMENDED_SECRET_BYTES = 32;
/** The synthetic event of POST /v1/webhooks/{id}/test: delivered to that webhook only, never emitted. */
export const TEST_EVENT_TYPE = "webhook.test";

interface WebhookDelivery extends DeliveryAttempts {
  event_id: string;
  event_type: string;
  /** When the delivery was made (the mock clock); the envelope has the event's own time. */
  timestamp: string;
  path: string | null;
  envelope: EventEnvelope;
}

interface WebhookRecord {
  id: string;
  name: string;
  url: string;
  events: string[];
  filters: EventFilters;
  enabled: boolean;
  secret: string;
  /** Kept during a secret rotation's overlap, until previous_secret_expires_at. */
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
  created_at: string;
  updated_at: string;
  deliveries: WebhookDelivery[];
}

export interface WebhookInput {
  name: string;
  url: string;
  secret: string;
  events: string[];
  filters: EventFilters;
  enabled: boolean;
}

export type WebhookUpdate = Partial<WebhookInput> & { previous_secret_ttl?: string | undefined };

/** Webhooks of one tenant: signed deliveries of the events they ask for, through the vault's outbox. */
export class WebhooksStore {
  state = { webhooks: new Map<string, WebhookRecord>() };

  constructor(
    readonly env: StoreEnv,
    private readonly collaborators: { labelsOf: LabelsOf },
  ) {}

  #find(id: string): WebhookRecord {
    const hook = this.state.webhooks.get(id);
    if (!hook)
      throw notFound("webhook_not_found", `Webhook '${id.slice(0, 80)}' not found.`, { webhook_id: id.slice(0, 80) });
    return hook;
  }

  #view(hook: WebhookRecord) {
    const overlapUntil = hook.previous_secret_expires_at;
    return {
      id: hook.id,
      name: hook.name,
      url: hook.url,
      events: [...hook.events],
      filters: structuredClone(hook.filters),
      enabled: hook.enabled,
      status: webhookStatus(hook),
      created_at: hook.created_at,
      updated_at: hook.updated_at,
      previous_secret_expires_at:
        overlapUntil && Date.parse(overlapUntil) > this.env.vault.clock.nowMs() ? overlapUntil : null,
    };
  }

  list() {
    return [...this.state.webhooks.values()].map((h) => this.#view(h));
  }

  /** One webhook with its delivery statistics over the last 24 hours and its last delivery. */
  get(id: string) {
    const hook = this.#find(id);
    const since = this.env.vault.clock.nowMs() - DAY_MS;
    const recent = hook.deliveries.filter((d) => Date.parse(d.timestamp) > since);
    const finished = recent.filter((d) => d.status !== "pending");
    const last = hook.deliveries[hook.deliveries.length - 1];
    return {
      ...this.#view(hook),
      statistics: {
        deliveries_24h: recent.length,
        success_rate_24h: finished.length
          ? round(finished.filter((d) => d.status === "success").length / finished.length, 2)
          : null,
        avg_latency_ms: finished.length
          ? Math.round(finished.reduce((sum, d) => sum + (d.duration_ms ?? 0), 0) / finished.length)
          : null,
      },
      last_delivery: last
        ? { id: last.id, timestamp: last.timestamp, status: last.status, response_code: last.response_code }
        : null,
    };
  }

  create(input: WebhookInput) {
    checkUrl(input.url);
    const now = this.env.vault.clock.iso();
    const hook: WebhookRecord = {
      id: this.env.vault.ids.next("wh"),
      name: input.name,
      url: input.url,
      events: [...new Set(input.events)],
      filters: input.filters,
      enabled: input.enabled,
      secret: input.secret,
      previous_secret: null,
      previous_secret_expires_at: null,
      created_at: now,
      updated_at: now,
      deliveries: [],
    };
    this.state.webhooks.set(hook.id, hook);
    return { ...this.#view(hook), ...secretWarnings(input.secret) };
  }

  /**
   * PATCH: any field. A new `secret` with `previous_secret_ttl` keeps the old one that long
   * (advanced/webhook-signatures, "Secret rotation"); deliveries are signed with the new one.
   */
  update(id: string, input: WebhookUpdate) {
    const hook = this.#find(id);
    if (input.previous_secret_ttl !== undefined && input.secret === undefined)
      throw badRequest("invalid_request", "previous_secret_ttl goes with a new secret.", {
        field: "previous_secret_ttl",
      });
    const ttlMs = input.previous_secret_ttl === undefined ? undefined : parseDuration(input.previous_secret_ttl);
    if (input.previous_secret_ttl !== undefined && ttlMs === undefined)
      throw badRequest("invalid_duration", `Duration '${input.previous_secret_ttl.slice(0, 40)}' did not parse.`);
    if (input.url !== undefined) checkUrl(input.url);
    if (input.secret !== undefined && input.secret !== hook.secret) {
      hook.previous_secret = ttlMs ? hook.secret : null;
      hook.previous_secret_expires_at = ttlMs ? this.env.vault.clock.iso(ttlMs) : null;
      hook.secret = input.secret;
    }
    if (input.name !== undefined) hook.name = input.name;
    if (input.url !== undefined) hook.url = input.url;
    if (input.events !== undefined) hook.events = [...new Set(input.events)];
    if (input.filters !== undefined) hook.filters = input.filters;
    if (input.enabled !== undefined) hook.enabled = input.enabled;
    hook.updated_at = this.env.vault.clock.iso();
    return { ...this.#view(hook), ...(input.secret === undefined ? {} : secretWarnings(input.secret)) };
  }

  remove(id: string) {
    this.#find(id);
    this.state.webhooks.delete(id);
    return { id, deleted: true };
  }

  /** Deliveries, newest first, optionally of one status. */
  deliveries(id: string, status: DeliveryStatus | undefined) {
    return [...this.#find(id).deliveries]
      .reverse()
      .filter((d) => status === undefined || d.status === status)
      .map(deliveryView);
  }

  /**
   * POST …/test: a `webhook.test` event to this webhook alone (enabled or not), not retried. A
   * loopback receiver is really called, and the answer waits for it.
   */
  async test(id: string, actor: string) {
    const hook = this.#find(id);
    const event = this.env.event(TEST_EVENT_TYPE, { webhook_id: hook.id, message: "Test delivery" }, actor);
    const delivery = this.#record(hook, envelopeOf(event));
    await this.env.vault.outbox.attempt(delivery, hook, delivery.envelope, { retry: false });
    return {
      delivery_id: delivery.id,
      status: delivery.status,
      response_code: delivery.response_code,
      duration_ms: delivery.duration_ms,
    };
  }

  /** Bus listener: every enabled webhook whose events and filters match gets a delivery. */
  deliver(event: OutgoingEvent): void {
    // One copy of the event, kept by every webhook that gets it (none of them changes it).
    let kept: EventEnvelope | undefined;
    for (const hook of this.state.webhooks.values()) {
      if (!hook.enabled || !matchesEventFilters(hook.events, event.type)) continue;
      if (!passesFilters(hook.filters, event.path, this.collaborators.labelsOf)) continue;
      kept ??= keptEnvelope(event.envelope());
      const delivery = this.#record(hook, kept);
      this.env.vault.outbox.attempt(delivery, hook, delivery.envelope);
    }
  }

  /** The clock moved: failed deliveries whose retry time came are tried again (disabled webhooks wait). */
  retryTick(toMs: number): void {
    const outbox = this.env.vault.outbox;
    for (const hook of this.state.webhooks.values()) {
      if (!hook.enabled) continue;
      for (const d of hook.deliveries) if (outbox.isDue(d, toMs)) outbox.attempt(d, hook, d.envelope);
    }
  }

  #record(hook: WebhookRecord, envelope: EventEnvelope): WebhookDelivery {
    const delivery: WebhookDelivery = Object.assign(unattempted(this.env.vault.ids.next("del")), {
      event_id: envelope.event_id,
      event_type: envelope.event_type,
      timestamp: this.env.vault.clock.iso(),
      path: envelope.path ?? null,
      envelope,
    });
    hook.deliveries.push(delivery);
    if (hook.deliveries.length > DELIVERY_LOG) hook.deliveries.splice(0, hook.deliveries.length - DELIVERY_LOG);
    return delivery;
  }
}

function checkUrl(url: string): void {
  const problem = receiverUrlProblem(url);
  if (problem) throw badRequest("invalid_request", `url ${problem}.`, { field: "url" });
}

function secretWarnings(secret: string): { warnings?: string[] } {
  return Buffer.byteLength(secret) < RECOMMENDED_SECRET_BYTES
    ? { warnings: [`secret is shorter than the recommended ${RECOMMENDED_SECRET_BYTES} bytes`] }
    : {};
}

/** disabled; failing while the last finished delivery failed; healthy otherwise. */
function webhookStatus(hook: WebhookRecord): "healthy" | "failing" | "disabled" {
  if (!hook.enabled) return "disabled";
  const last = hook.deliveries.findLast((d) => d.status !== "pending");
  return last?.status === "failed" ? "failing" : "healthy";
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function deliveryView(d: WebhookDelivery) {
  return {
    id: d.id,
    event_id: d.event_id,
    event_type: d.event_type,
    timestamp: d.timestamp,
    path: d.path,
    status: d.status,
    ...attemptsView(d),
  };
}
