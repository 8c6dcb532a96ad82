import { z } from "zod";
import { isEventFilter } from "../../core/event-catalog.js";
import { EventFiltersBody, eventFilters } from "../../core/event-filters.js";
import { page } from "../../core/paging.js";
import { oneOf } from "../../core/query.js";
import { withStatus } from "../../core/route.js";
import { routesOf } from "../route.js";

const Events = z
  .array(z.string().refine(isEventFilter, "unknown event type (see GET /v1/events/types)"))
  .min(1)
  .max(50);

/** The reference's create body: name, url, secret and events required; filters and enabled optional. */
const CreateBody = z.object({
  name: z.string().min(1).max(100),
  url: z.string().url().max(2048),
  secret: z.string().min(1).max(256),
  events: Events,
  filters: EventFiltersBody.optional(),
  enabled: z.boolean().optional(),
});

/** Any field of the create body, and previous_secret_ttl beside a new secret. */
const PatchBody = CreateBody.partial().extend({ previous_secret_ttl: z.string().min(1).max(40).optional() });

const { get, post, patch, del } = routesOf("webhook");

/** Routes of the webhooks API (/v1/webhooks, scope admin): translate HTTP <-> WebhooksStore. */
export const webhooksRoutes = [
  get("/v1/webhooks", { scope: "admin", action: "webhook_list" }, ({ tenant, query }) =>
    page("webhooks", tenant.webhooks.list(), query),
  ),
  post("/v1/webhooks", { scope: "admin", action: "webhook_create", body: CreateBody }, ({ tenant, body }) =>
    withStatus(
      201,
      tenant.webhooks.create({ ...body, filters: eventFilters(body.filters), enabled: body.enabled ?? true }),
    ),
  ),
  get("/v1/webhooks/:id", { scope: "admin", action: "webhook_read" }, ({ tenant, params }) =>
    tenant.webhooks.get(params.id!),
  ),
  patch("/v1/webhooks/:id", { scope: "admin", action: "webhook_update", body: PatchBody }, ({ tenant, params, body }) =>
    tenant.webhooks.update(params.id!, {
      ...body,
      ...(body.filters === undefined ? {} : { filters: eventFilters(body.filters) }),
    }),
  ),
  del("/v1/webhooks/:id", { scope: "admin", action: "webhook_delete" }, ({ tenant, params }) =>
    tenant.webhooks.remove(params.id!),
  ),
  post("/v1/webhooks/:id/test", { scope: "admin", action: "webhook_test" }, ({ tenant, params, actor }) =>
    tenant.webhooks.test(params.id!, actor),
  ),
  get("/v1/webhooks/:id/deliveries", { scope: "admin", action: "webhook_delivery_list" }, ({ tenant, params, query }) =>
    page(
      "deliveries",
      tenant.webhooks.deliveries(params.id!, oneOf(query, "status", ["success", "failed", "pending"] as const)),
      query,
    ),
  ),
];
