import { createHmac } from "node:crypto";
import { ApiProblem, badRequest, notFound } from "../../core/errors.js";
import type { VaultEvent } from "../../core/events.js";
import { segmentMatches } from "../../core/glob.js";
import type { StoreEnv } from "../../core/vault.js";

/**
 * Event types subscribers can ask for. The secret/policy/rotation/certificate names are the
 * documented catalog; the lease, federation, service-account, API-key and subscription names are
 * this mock's choice (the docs' catalog was cut off after certificate.expiring).
 */
export const EVENT_TYPES: readonly { type: string; description: string }[] = [
  { type: "secret.created", description: "First write to a new path" },
  { type: "secret.updated", description: "New version on an existing path" },
  { type: "secret.deleted", description: "Soft or permanent delete" },
  { type: "secret.rotated", description: "New version written by a rotation" },
  { type: "secret.expiring", description: "expires_at is near (30d, 7d, 1d thresholds)" },
  { type: "secret.expired", description: "expires_at has passed" },
  { type: "secret.accessed", description: "A secret was read (noisy)" },
  { type: "policy.created", description: "Access policy created" },
  { type: "policy.updated", description: "Access policy changed" },
  { type: "policy.deleted", description: "Access policy deleted" },
  { type: "policy.binding.created", description: "Policy bound to an identity" },
  { type: "policy.binding.deleted", description: "Policy binding removed" },
  { type: "policy.violation", description: "Access denied by policy evaluation" },
  { type: "rotation.due", description: "Rotation due soon, or now (due_now)" },
  { type: "rotation.overdue", description: "Manual rotation missed its grace period" },
  { type: "rotation.completed", description: "Rotation succeeded" },
  { type: "rotation.failed", description: "Rotation errored" },
  { type: "certificate.issued", description: "Certificate issued" },
  { type: "certificate.renewed", description: "Certificate renewed" },
  { type: "certificate.revoked", description: "Certificate revoked" },
  { type: "certificate.expiring", description: "Certificate expires soon" },
  { type: "lease.created", description: "Dynamic credentials issued under a lease" },
  { type: "lease.renewed", description: "Lease TTL extended" },
  { type: "lease.revoked", description: "Lease revoked, credentials dropped" },
  { type: "lease.expired", description: "Lease reached its TTL" },
  { type: "federation.sync.completed", description: "A federation backend sync finished" },
  { type: "service_account.created", description: "Service account created" },
  { type: "service_account.updated", description: "Service account scopes/status changed" },
  { type: "service_account.deleted", description: "Service account and its keys deleted" },
  { type: "api_key.created", description: "API key issued for a service account" },
  { type: "api_key.deleted", description: "API key deleted (token stops working)" },
  { type: "subscription.created", description: "Subscription created" },
  { type: "subscription.deleted", description: "Subscription deleted" },
];

const KNOWN = new Set(EVENT_TYPES.map((e) => e.type));
const GROUPS = new Set(EVENT_TYPES.map((e) => e.type.split(".")[0] as string));
/** Deliveries kept per subscription when no buffer_size is given. */
const DEFAULT_BUFFER = 1000;
const RECENT = 20;

/** "*", a documented type, or "<group>.*" for a known group. */
export function isEventFilter(filter: string): boolean {
  if (filter === "*" || KNOWN.has(filter)) return true;
  return filter.endsWith(".*") && GROUPS.has(filter.slice(0, -2));
}

function matchesType(filters: readonly string[], type: string): boolean {
  return filters.some((f) => f === "*" || f === type || (f.endsWith(".*") && type.startsWith(f.slice(0, -1))));
}

/** Policy-style globs: `*` one segment (or part of one), `**` any number of segments, `?` one character. */
export function globMatch(pattern: string, path: string): boolean {
  const p = pattern.split("/");
  const s = path.split("/");
  const walk = (i: number, j: number): boolean => {
    if (i === p.length) return j === s.length;
    if (p[i] === "**") {
      for (let k = j; k <= s.length; k++) if (walk(i + 1, k)) return true;
      return false;
    }
    return j < s.length && segmentMatches(p[i] as string, s[j] as string) && walk(i + 1, j + 1);
  };
  return walk(0, 0);
}

interface Delivery {
  id: string;
  event_id: string;
  event_type: string;
  timestamp: string;
  path: string | null;
  identity_id: string | null;
  status: "success" | "pending";
  response_code: number | null;
  signature: string | null;
  data: Record<string, unknown>;
}

interface SubscriptionRecord {
  id: string;
  name: string;
  identity_id: string;
  events: string[];
  paths: string[];
  delivery: { type: "webhook" | "polling"; url: string | null; buffer_size: number };
  /** HMAC key for webhook deliveries; returned once, at creation. */
  signing_secret: string | null;
  status: "active";
  created_at: string;
  delivery_count: number;
  last_delivery_at: string | null;
  deliveries: Delivery[];
}

export interface CreateSubscriptionInput {
  name: string;
  events: string[];
  paths?: string[] | undefined;
  delivery?:
    | {
        type: "webhook" | "polling";
        url?: string | undefined;
        secret?: string | undefined;
        buffer_size?: number | undefined;
      }
    | undefined;
}

/** Subscriptions of one tenant: event-type and path filters, and a delivery log fed by the event bus. */
export class SubscriptionsStore {
  state = { subscriptions: new Map<string, SubscriptionRecord>() };

  constructor(readonly env: StoreEnv) {}

  #find(id: string): SubscriptionRecord {
    const sub = this.state.subscriptions.get(id);
    if (!sub)
      throw notFound("subscription_not_found", `Subscription '${id.slice(0, 80)}' not found.`, {
        subscription_id: id.slice(0, 80),
      });
    return sub;
  }

  #view(sub: SubscriptionRecord) {
    return {
      id: sub.id,
      name: sub.name,
      status: sub.status,
      identity_id: sub.identity_id,
      events: [...sub.events],
      paths: [...sub.paths],
      delivery: { ...sub.delivery },
      created_at: sub.created_at,
      delivery_count: sub.delivery_count,
      last_delivery_at: sub.last_delivery_at,
    };
  }

  list() {
    return [...this.state.subscriptions.values()]
      .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id))
      .map((s) => this.#view(s));
  }

  /** The subscription with its most recent deliveries, newest first. */
  get(id: string) {
    const sub = this.#find(id);
    return {
      ...this.#view(sub),
      recent_deliveries: sub.deliveries
        .slice(-RECENT)
        .reverse()
        .map((d) => structuredClone(d)),
    };
  }

  deliveries(id: string) {
    return [...this.#find(id).deliveries].reverse().map((d) => structuredClone(d));
  }

  create(input: CreateSubscriptionInput, owner: string) {
    const unknown = input.events.filter((e) => !isEventFilter(e));
    if (unknown.length)
      throw badRequest("invalid_request", `Unknown event types: ${unknown.join(", ").slice(0, 200)}.`, {
        unknown_event_types: unknown,
      });
    const type = input.delivery?.type ?? (input.delivery?.url ? "webhook" : "polling");
    const url = input.delivery?.url ?? null;
    if (type === "webhook" && !url?.startsWith("https://"))
      throw badRequest("invalid_request", "A webhook delivery needs an https:// url.");
    const secret = type === "webhook" ? (input.delivery?.secret ?? `whsec_mock_${this.env.vault.ids.chars(32)}`) : null;
    const sub: SubscriptionRecord = {
      id: this.env.vault.ids.next("sub"),
      name: input.name,
      identity_id: owner,
      events: [...new Set(input.events)],
      paths: input.paths?.length ? [...new Set(input.paths.map((p) => p.replace(/^\/+|\/+$/g, "")))] : ["**"],
      delivery: {
        type,
        url: type === "webhook" ? url : null,
        buffer_size: input.delivery?.buffer_size ?? DEFAULT_BUFFER,
      },
      signing_secret: secret,
      status: "active",
      created_at: this.env.vault.clock.iso(),
      delivery_count: 0,
      last_delivery_at: null,
      deliveries: [],
    };
    // Emitted before it is stored: a subscription does not receive its own creation.
    this.env.emit("subscription.created", { subscription_id: sub.id, name: sub.name, events: sub.events }, owner);
    this.state.subscriptions.set(sub.id, sub);
    return { ...this.#view(sub), signing_secret: secret };
  }

  /** Owners delete their own subscriptions; others need the admin scope. */
  remove(id: string, actor: string, isAdmin: boolean) {
    const sub = this.#find(id);
    if (sub.identity_id !== actor && !isAdmin)
      throw new ApiProblem(403, "forbidden", "Only the owner of a subscription (or an admin) can delete it.");
    this.state.subscriptions.delete(id);
    this.env.emit("subscription.deleted", { subscription_id: id, name: sub.name }, actor);
    return { id, deleted: true };
  }

  /** Bus listener: records the event on every matching subscription of this tenant. */
  deliver(event: VaultEvent): void {
    const path = typeof event.data.path === "string" ? event.data.path : null;
    for (const sub of this.state.subscriptions.values()) {
      if (!matchesType(sub.events, event.type)) continue;
      if (path === null ? !sub.paths.includes("**") : !sub.paths.some((g) => globMatch(g, path))) continue;
      const envelope = {
        event_id: event.id,
        event_type: event.type,
        timestamp: event.occurred_at,
        tenant_id: event.tenant_id,
        identity_id: event.actor,
        path,
        data: event.data,
      };
      sub.deliveries.push({
        id: this.env.vault.ids.next("del"),
        event_id: event.id,
        event_type: event.type,
        timestamp: event.occurred_at,
        path,
        identity_id: event.actor,
        status: sub.delivery.type === "webhook" ? "success" : "pending",
        response_code: sub.delivery.type === "webhook" ? 200 : null,
        signature: sub.signing_secret
          ? `sha256=${createHmac("sha256", sub.signing_secret).update(JSON.stringify(envelope)).digest("hex")}`
          : null,
        data: structuredClone(event.data),
      });
      if (sub.deliveries.length > sub.delivery.buffer_size)
        sub.deliveries.splice(0, sub.deliveries.length - sub.delivery.buffer_size);
      sub.delivery_count += 1;
      sub.last_delivery_at = event.occurred_at;
    }
  }
}
