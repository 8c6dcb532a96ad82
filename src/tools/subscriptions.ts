import { z } from "zod";
import {
  EventTypes,
  SubscriptionCreated,
  SubscriptionDeleted,
  SubscriptionDetail,
  SubscriptionList,
} from "../client/schemas/subscriptions.js";
import { group, tool } from "./define.js";
import { Cursor, Limit } from "./schemas.js";
import { secretObject } from "./secret-fields.js";

const SubscriptionId = z.string().min(1).max(128);

/** The subscriptions tools (declared as data; see define.ts). */
export const subscriptionsTools = group("subscriptions", [
  tool({
    name: "scaivault_list_subscriptions",
    title: "List subscriptions",
    description: "List event subscriptions: event types, path globs, delivery type and delivery counts.",
    access: "read",
    scopes: ["subscriptions:read"],
    input: { limit: Limit, cursor: Cursor },
    output: SubscriptionList.shape,
    run: (client, { limit, cursor }, signal) => client.subscriptions.list({ limit, cursor }, signal),
  }),

  tool({
    name: "scaivault_get_subscription",
    title: "Get subscription",
    description: "One subscription with its most recent deliveries (event type, path, time, status), newest first.",
    access: "read",
    scopes: ["subscriptions:read"],
    resultPaths: ["recent_deliveries[].path"],
    input: { subscription_id: SubscriptionId },
    output: SubscriptionDetail.shape,
    run: (client, { subscription_id }, signal) => client.subscriptions.get(subscription_id, signal),
  }),

  tool({
    name: "scaivault_create_subscription",
    title: "Create subscription",
    description:
      "Subscribe to vault events (see scaivault_list_event_types), optionally only for path globs. Webhook delivery when url is given, else polling.",
    access: "write",
    scopes: ["subscriptions:write"],
    paths: [{ arg: "paths[]", kind: "pattern", absentMeans: "**" }],
    secretFields: secretObject(SubscriptionCreated.shape, "", "signing_secret"),
    oneTime: {
      what: "a webhook signing secret",
      data: { signing_secret: "signing_secret" },
      metadata: { subscription_id: "id", name: "name" },
      secretType: "kv",
      undo: { tool: "scaivault_delete_subscription", args: { subscription_id: "id" } },
    },
    input: {
      name: z.string().min(1).max(100),
      events: z.array(z.string().max(64)).min(1).max(50).describe("Event types, e.g. secret.rotated, secret.*"),
      paths: z.array(z.string().max(512)).max(50).optional().describe("Path globs, e.g. infra/** (default all)"),
      url: z.string().max(2048).optional().describe("HTTPS webhook URL"),
    },
    output: SubscriptionCreated.shape,
    run: (client, { name, events, paths, url }, signal) =>
      client.subscriptions.create(
        { name, events, paths, delivery: url ? { type: "webhook", url } : { type: "polling" } },
        signal,
      ),
  }),

  tool({
    name: "scaivault_delete_subscription",
    title: "Delete subscription",
    description: "Delete an event subscription; its pending deliveries are dropped.",
    access: "delete",
    scopes: ["subscriptions:write"],
    confirm: {
      ask: "Delete event subscription {subscription_id}? Its pending deliveries are dropped. This cannot be undone.",
    },
    input: { subscription_id: SubscriptionId },
    output: SubscriptionDeleted.shape,
    run: (client, { subscription_id }, signal) => client.subscriptions.delete(subscription_id, signal),
  }),

  tool({
    name: "scaivault_list_event_types",
    title: "List event types",
    description:
      "The event types subscriptions can filter on (secret.*, policy.*, rotation.*, certificate.*, lease.*, …).",
    access: "read",
    scopes: [],
    input: {},
    output: EventTypes.shape,
    run: (client, _args, signal) => client.subscriptions.eventTypes(signal),
  }),
]);
