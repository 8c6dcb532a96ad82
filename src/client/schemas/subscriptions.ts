import { z } from "zod";

/** Wire shapes of the Subscriptions API (documented create fields; list/get bodies are assumed). */
export const Delivery = z.object({
  id: z.string(),
  event_id: z.string(),
  event_type: z.string(),
  timestamp: z.string(),
  path: z.string().nullable(),
  identity_id: z.string().nullable(),
  status: z.string(),
  response_code: z.number().int().nullable(),
  signature: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

export const Subscription = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  identity_id: z.string(),
  events: z.array(z.string()),
  paths: z.array(z.string()),
  delivery: z.object({
    type: z.enum(["webhook", "polling"]),
    url: z.string().nullable(),
    buffer_size: z.number().int(),
  }),
  created_at: z.string(),
  delivery_count: z.number().int(),
  last_delivery_at: z.string().nullable(),
});

export const SubscriptionDetail = Subscription.extend({ recent_deliveries: z.array(Delivery) });

/** The signing secret is returned once, at creation (null for polling delivery). */
export const SubscriptionCreated = Subscription.extend({ signing_secret: z.string().nullable() });

export const SubscriptionList = z.object({
  data: z.array(Subscription),
  cursor: z.string().nullable(),
  has_more: z.boolean(),
});

export const DeliveryList = z.object({
  deliveries: z.array(Delivery),
  cursor: z.string().nullable(),
  has_more: z.boolean(),
});

export const SubscriptionDeleted = z.object({ id: z.string(), deleted: z.boolean() });

export const EventTypes = z.object({
  event_types: z.array(z.object({ type: z.string(), group: z.string(), description: z.string() })),
});

export type Delivery = z.infer<typeof Delivery>;
export type Subscription = z.infer<typeof Subscription>;
export type SubscriptionDetail = z.infer<typeof SubscriptionDetail>;
export type SubscriptionCreated = z.infer<typeof SubscriptionCreated>;
export type SubscriptionList = z.infer<typeof SubscriptionList>;
export type DeliveryList = z.infer<typeof DeliveryList>;
export type SubscriptionDeleted = z.infer<typeof SubscriptionDeleted>;
export type EventTypes = z.infer<typeof EventTypes>;
