import { z } from "zod";
import { page } from "../../core/paging.js";
import { withStatus } from "../../core/route.js";
import { hasScope } from "../../core/tokens.js";
import { routesOf } from "../route.js";
import { EVENT_TYPES, isEventFilter } from "./store.js";

const Glob = z
  .string()
  .min(1)
  .max(512)
  .regex(/^\/?[a-z0-9_*?\-/]+$/, "a path glob of a-z, 0-9, '-', '_', '/', '*', '?'");

const CreateBody = z.object({
  name: z.string().min(1).max(100),
  events: z.array(z.string().refine(isEventFilter, "unknown event type (see GET /v1/events/types)")).min(1).max(50),
  paths: z.array(Glob).max(50).optional(),
  delivery: z
    .object({
      type: z.enum(["webhook", "polling"]),
      url: z.string().url().max(2048).optional(),
      secret: z.string().min(16).max(256).optional(),
      buffer_size: z.number().int().min(1).max(10_000).optional(),
    })
    .optional(),
  filters: z.record(z.string(), z.unknown()).optional(),
});

const { get, post, del } = routesOf("subscription");

/** Routes of the subscriptions API (/v1/subscriptions): translate HTTP <-> SubscriptionsStore. */
export const subscriptionsRoutes = [
  // The docs list no event-type catalog endpoint; this mock answers GET /v1/events/types.
  get("/v1/events/types", { scope: null, action: "event_type_list", resourceType: "event_type" }, () => ({
    event_types: EVENT_TYPES.map((e) => ({ type: e.type, group: e.type.split(".")[0], description: e.description })),
  })),
  get("/v1/subscriptions", { scope: "subscriptions:read", action: "subscription_list" }, ({ tenant, query }) => {
    return page("data", tenant.subscriptions.list(), query);
  }),
  post(
    "/v1/subscriptions",
    { scope: "subscriptions:write", action: "subscription_create", body: CreateBody },
    ({ tenant, body, actor }) => withStatus(201, tenant.subscriptions.create(body, actor)),
  ),
  get("/v1/subscriptions/:id", { scope: "subscriptions:read", action: "subscription_read" }, ({ tenant, params }) =>
    tenant.subscriptions.get(params.id!),
  ),
  get(
    "/v1/subscriptions/:id/deliveries",
    { scope: "subscriptions:read", action: "subscription_delivery_list" },
    ({ tenant, params, query }) => {
      return page("deliveries", tenant.subscriptions.deliveries(params.id!), query);
    },
  ),
  del(
    "/v1/subscriptions/:id",
    { scope: "subscriptions:write", action: "subscription_delete" },
    ({ tenant, params, actor, identity }) =>
      tenant.subscriptions.remove(params.id!, actor, hasScope(identity, "admin")),
  ),
];
