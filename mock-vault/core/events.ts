/** A state change inside the mock; subscriptions turn these into deliveries. */
export interface VaultEvent {
  id: string;
  type: string;
  tenant_id: string;
  occurred_at: string;
  actor: string | null;
  data: Record<string, unknown>;
}

export type EventListener = (event: VaultEvent) => void;

/** In-memory event bus: stores emit, listeners (subscriptions) record deliveries. */
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
