import { http } from "msw";
import { z } from "zod";
import { page } from "../../core/paging.js";
import { endpoint, withStatus } from "../../core/pipeline.js";
import { hasScope } from "../../core/tokens.js";
import type { MockVault } from "../stores.js";
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

/** MSW routes of the subscriptions API: translate HTTP <-> SubscriptionsStore only. */
export function subscriptionsHandlers(vault: MockVault) {
  const on = endpoint(vault);
  const base = `${vault.baseUrl}/v1/subscriptions`;
  const spec = (scope: string, action: string) => ({ scope, action, resourceType: "subscription" });
  return [
    // The docs list no event-type catalog endpoint; this mock answers GET /v1/events/types.
    http.get(
      `${vault.baseUrl}/v1/events/types`,
      on({ scope: null, action: "event_types_list", resourceType: "event_type" }, () => ({
        event_types: EVENT_TYPES.map((e) => ({
          type: e.type,
          group: e.type.split(".")[0],
          description: e.description,
        })),
      })),
    ),
    http.get(
      base,
      on(spec("subscriptions:read", "subscription_list"), ({ tenant, query }) => {
        const { items, cursor, has_more } = page(tenant.subscriptions.list(), query);
        return { data: items, cursor, has_more };
      }),
    ),
    http.post(
      base,
      on({ ...spec("subscriptions:write", "subscription_create"), body: CreateBody }, ({ tenant, body, actor }) =>
        withStatus(201, tenant.subscriptions.create(body, actor)),
      ),
    ),
    http.get(
      `${base}/:id`,
      on(spec("subscriptions:read", "subscription_read"), ({ tenant, segments }) =>
        tenant.subscriptions.get(segments[1] as string),
      ),
    ),
    http.get(
      `${base}/:id/deliveries`,
      on(spec("subscriptions:read", "subscription_deliveries"), ({ tenant, segments, query }) => {
        const { items, cursor, has_more } = page(tenant.subscriptions.deliveries(segments[1] as string), query);
        return { deliveries: items, cursor, has_more };
      }),
    ),
    http.delete(
      `${base}/:id`,
      on(spec("subscriptions:write", "subscription_delete"), ({ tenant, segments, actor, identity }) =>
        tenant.subscriptions.remove(segments[1] as string, actor, hasScope(identity, "admin")),
      ),
    ),
  ];
}
