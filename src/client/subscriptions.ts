import type { Http } from "./http.js";
import { api } from "./path.js";
import type {
  DeliveryList,
  EventTypes,
  SubscriptionCreated,
  SubscriptionDeleted,
  SubscriptionDetail,
  SubscriptionList,
} from "./schemas/subscriptions.js";

export interface CreateSubscriptionBody {
  name: string;
  /** Event types, or `<group>.*` / `*`. */
  events: string[];
  /** Path globs (`*` one segment, `**` any depth); all paths (`**`) when omitted. */
  paths?: string[] | undefined;
  /** Polling when omitted. */
  delivery?:
    | {
        type: "webhook" | "polling";
        url?: string | undefined;
        secret?: string | undefined;
        buffer_size?: number | undefined;
      }
    | undefined;
}

/** /v1/subscriptions (event subscriptions with delivery logs) and the event-type catalog. */
export class SubscriptionsApi {
  constructor(readonly http: Http) {}

  list(
    query: { limit?: number | undefined; cursor?: string | undefined } = {},
    signal?: AbortSignal,
  ): Promise<SubscriptionList> {
    return this.http.request("GET", "/v1/subscriptions", { query: { ...query }, signal });
  }

  /** The subscription with its most recent deliveries. */
  get(id: string, signal?: AbortSignal): Promise<SubscriptionDetail> {
    return this.http.request("GET", api`/v1/subscriptions/${id}`, { signal });
  }

  /**
   * 201; returns the signing secret once (webhook delivery). Not retried. The API requires
   * `paths` and `delivery.type`: what their absence means here is sent.
   */
  create(body: CreateSubscriptionBody, signal?: AbortSignal): Promise<SubscriptionCreated> {
    const { paths = ["**"], delivery = { type: "polling" as const }, ...rest } = body;
    return this.http.request("POST", "/v1/subscriptions", { body: { ...rest, paths, delivery }, signal });
  }

  delete(id: string, signal?: AbortSignal): Promise<SubscriptionDeleted> {
    return this.http.request("DELETE", api`/v1/subscriptions/${id}`, { signal });
  }

  deliveries(
    id: string,
    query: { limit?: number | undefined; cursor?: string | undefined } = {},
    signal?: AbortSignal,
  ): Promise<DeliveryList> {
    return this.http.request("GET", api`/v1/subscriptions/${id}/deliveries`, { query: { ...query }, signal });
  }

  /** The event types a subscription can filter on (not documented as an endpoint; assumed GET /v1/events/types). */
  eventTypes(signal?: AbortSignal): Promise<EventTypes> {
    return this.http.request("GET", "/v1/events/types", { signal });
  }
}
