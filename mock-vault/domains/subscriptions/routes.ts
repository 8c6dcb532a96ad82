import { z } from "zod";
import { badRequest } from "../../core/errors.js";
import { EVENT_TYPES, isEventFilter } from "../../core/event-catalog.js";
import { EventFiltersBody, eventFilters } from "../../core/event-filters.js";
import { page } from "../../core/paging.js";
import { withStatus } from "../../core/route.js";
import { hasScope } from "../../core/tokens.js";
import { routesOf } from "../route.js";

const Glob = z
  .string()
  .min(1)
  .max(512)
  .regex(/^\/?[a-z0-9_*?\-/]+$/, "a path glob of a-z, 0-9, '-', '_', '/', '*', '?'");

const Events = z
  .array(z.string().refine(isEventFilter, "unknown event type (see GET /v1/events/types)"))
  .min(1)
  .max(50);

const Delivery = z.object({
  type: z.enum(["webhook", "polling"]),
  url: z.string().url().max(2048).optional(),
  secret: z.string().min(16).max(256).optional(),
  buffer_size: z.number().int().min(1).max(10_000).optional(),
});

/** The reference's create body: name, paths, events and delivery.type are required. */
const CreateBody = z.object({
  name: z.string().min(1).max(100),
  paths: z.array(Glob).max(50),
  events: Events,
  delivery: Delivery,
  filters: EventFiltersBody.optional(),
});

/** "Update paths, events, delivery" (and name, filters); a delivery without a type keeps its type. */
const PatchBody = z.object({
  name: z.string().min(1).max(100).optional(),
  paths: z.array(Glob).max(50).optional(),
  events: Events.optional(),
  delivery: Delivery.partial().optional(),
  filters: EventFiltersBody.optional(),
});

const AckBody = z.object({ event_ids: z.array(z.string().min(1).max(128)).min(1).max(1000) });

/** The documented long-poll ceiling, and its default, in seconds. */
const MAX_POLL_TIMEOUT_S = 60;
const DEFAULT_POLL_TIMEOUT_S = 30;

/** A whole number query parameter in [min, max], or the fallback when absent; 400 otherwise. */
function wholeNumber(query: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isInteger(n) || n < min || n > max)
    throw badRequest("invalid_request", `${name} must be a whole number from ${min} to ${max}.`);
  return n;
}

const { get, post, patch, del } = routesOf("subscription");

/** Routes of the subscriptions API (/v1/subscriptions): translate HTTP <-> SubscriptionsStore. */
export const subscriptionsRoutes = [
  // The docs list no event-type catalog endpoint; this mock answers GET /v1/events/types.
  get("/v1/events/types", { scope: null, action: "event_type_list", resourceType: "event_type" }, () => ({
    event_types: EVENT_TYPES.map((e) => ({ ...e, group: e.type.split(".")[0] })),
  })),
  get("/v1/subscriptions", { scope: "subscriptions:read", action: "subscription_list" }, ({ tenant, query }) => {
    return page("data", tenant.subscriptions.list(), query);
  }),
  post(
    "/v1/subscriptions",
    { scope: "subscriptions:write", action: "subscription_create", body: CreateBody },
    ({ tenant, body, actor }) =>
      withStatus(201, tenant.subscriptions.create({ ...body, filters: eventFilters(body.filters) }, actor)),
  ),
  get("/v1/subscriptions/:id", { scope: "subscriptions:read", action: "subscription_read" }, ({ tenant, params }) =>
    tenant.subscriptions.get(params.id!),
  ),
  patch(
    "/v1/subscriptions/:id",
    { scope: "subscriptions:write", action: "subscription_update", body: PatchBody },
    ({ tenant, params, body, actor, identity }) =>
      tenant.subscriptions.update(
        params.id!,
        { ...body, ...(body.filters ? { filters: eventFilters(body.filters) } : {}) },
        actor,
        hasScope(identity, "admin"),
      ),
  ),
  get(
    "/v1/subscriptions/:id/poll",
    { scope: "subscriptions:read", action: "subscription_poll" },
    ({ tenant, params, query, actor, vault, signal }) =>
      tenant.subscriptions.poll(params.id!, actor, {
        timeoutS: wholeNumber(query, "timeout", 0, MAX_POLL_TIMEOUT_S, DEFAULT_POLL_TIMEOUT_S),
        sinceEventId: query.get("since_event_id"),
        maxEvents: wholeNumber(query, "max_events", 1, 1000, 100),
        maxWaitMs: vault.pollWaitMs,
        signal,
      }),
  ),
  post(
    "/v1/subscriptions/:id/ack",
    { scope: "subscriptions:read", action: "subscription_ack", body: AckBody },
    ({ tenant, params, body, actor }) => tenant.subscriptions.ack(params.id!, actor, body.event_ids),
  ),
  // Not in the reference: this mock's delivery log of a subscription, newest first.
  get(
    "/v1/subscriptions/:id/deliveries",
    { scope: "subscriptions:read", action: "subscription_delivery_list" },
    ({ tenant, params, query }) => page("deliveries", tenant.subscriptions.deliveries(params.id!), query),
  ),
  del(
    "/v1/subscriptions/:id",
    { scope: "subscriptions:write", action: "subscription_delete" },
    ({ tenant, params, actor, identity }) =>
      tenant.subscriptions.remove(params.id!, actor, hasScope(identity, "admin")),
  ),
];
