/** A state change inside the mock; subscriptions and webhooks turn these into deliveries. */
export interface VaultEvent {
  id: string;
  type: string;
  tenant_id: string;
  /** The tenant's partner (null for a tenant the vault does not know). */
  partner_id: string | null;
  occurred_at: string;
  actor: string | null;
  /** The API request that caused it; null for what the clock or a seed set off. */
  request_id: string | null;
  /** The event's own fields; a `path` here is the resource path the envelope carries. */
  data: Record<string, unknown>;
}

/**
 * An event as webhooks and subscriptions deliver it (reference/webhook-events, "Envelope"):
 * `path` only for events about a path (secrets; omitted for policies, engines, ...), the
 * type-specific fields in `data`, the timestamp in microseconds.
 */
export interface EventEnvelope {
  event_id: string;
  event_type: string;
  timestamp: string;
  tenant_id: string;
  partner_id: string | null;
  identity_id: string | null;
  path?: string;
  data: Record<string, unknown>;
  request_id: string | null;
}

/** The envelope of an event; its `data` shares the event's values (keep it through keptEnvelope). */
export function envelopeOf(event: VaultEvent): EventEnvelope {
  const { path, ...data } = event.data;
  return {
    event_id: event.id,
    event_type: event.type,
    // The clock's ISO time has milliseconds; the documented form has six fraction digits.
    timestamp: `${event.occurred_at.slice(0, -1)}000Z`,
    tenant_id: event.tenant_id,
    partner_id: event.partner_id,
    identity_id: event.actor,
    ...(typeof path === "string" ? { path } : {}),
    data,
    request_id: event.request_id,
  };
}

/**
 * An event on its way to subscriptions and webhooks: what their filters read, and its envelope,
 * made once and only when one of them takes the event (most events, every read among them,
 * match nothing).
 */
export interface OutgoingEvent {
  type: string;
  /** The resource path the envelope carries, if any. */
  path: string | undefined;
  envelope(): EventEnvelope;
}

export function outgoing(event: VaultEvent): OutgoingEvent {
  let envelope: EventEnvelope | undefined;
  const path = event.data.path;
  return {
    type: event.type,
    path: typeof path === "string" ? path : undefined,
    envelope: () => {
      envelope ??= envelopeOf(event);
      return envelope;
    },
  };
}

/**
 * The envelope as a delivery keeps it: the envelope itself when its data holds only plain values
 * (envelopeOf made it, nothing in it is shared, nobody changes it), else a deep copy, detached
 * from the records the event's values came from. Every read and write emits an event.
 */
export function keptEnvelope(envelope: EventEnvelope): EventEnvelope {
  for (const key in envelope.data) {
    const value = envelope.data[key];
    if (value !== null && typeof value === "object") return structuredClone(envelope);
  }
  return envelope;
}

export type EventListener = (event: VaultEvent) => void;

/** In-memory event bus: stores emit, listeners (subscriptions, webhooks) record deliveries. */
export class EventBus {
  readonly #listeners = new Set<EventListener>();

  on(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: VaultEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
