/**
 * The event types the vault emits, and the filter grammar subscriptions and webhooks share.
 * `documented` marks the names the ScaiVault events catalog lists (core-concepts/events-and-webhooks,
 * reference/webhook-events); the others are this mock's own (the docs promise lease events but
 * their names were not readable, and the rest are mock resources the docs do not have).
 */
export interface EventType {
  type: string;
  description: string;
  documented: boolean;
}

const documented = (type: string, description: string): EventType => ({ type, description, documented: true });
const mockOnly = (type: string, description: string): EventType => ({ type, description, documented: false });

export const EVENT_TYPES: readonly EventType[] = [
  documented("secret.created", "First write to a new path"),
  documented("secret.updated", "New version on an existing path"),
  documented("secret.deleted", "Soft or permanent delete"),
  documented("secret.rotated", "New version written by a rotation"),
  documented("secret.expiring", "expires_at is near (30d, 7d, 1d thresholds)"),
  documented("secret.expired", "expires_at has passed"),
  documented("secret.accessed", "A secret was read (noisy)"),
  documented("policy.created", "Access policy created"),
  documented("policy.updated", "Access policy changed"),
  documented("policy.deleted", "Access policy deleted"),
  documented("policy.binding.created", "Policy bound to an identity"),
  documented("policy.binding.deleted", "Policy binding removed"),
  documented("policy.violation", "Access denied by policy evaluation"),
  documented("rotation.due", "Rotation due soon, or now (due_now)"),
  documented("rotation.overdue", "Manual rotation missed its grace period"),
  documented("rotation.completed", "Rotation succeeded"),
  documented("rotation.failed", "Rotation errored"),
  documented("certificate.issued", "Certificate issued"),
  documented("certificate.renewed", "Certificate renewed"),
  documented("certificate.revoked", "Certificate revoked"),
  documented("certificate.expiring", "Certificate expires soon"),
  mockOnly("lease.created", "Dynamic credentials issued under a lease"),
  mockOnly("lease.renewed", "Lease TTL extended"),
  mockOnly("lease.revoked", "Lease revoked, credentials dropped"),
  mockOnly("lease.expired", "Lease reached its TTL"),
  mockOnly("federation.sync.completed", "A federation backend sync finished"),
  mockOnly("service_account.created", "Service account created"),
  mockOnly("service_account.updated", "Service account scopes/status changed"),
  mockOnly("service_account.deleted", "Service account and its keys deleted"),
  mockOnly("api_key.created", "API key issued for a service account"),
  mockOnly("api_key.deleted", "API key deleted (token stops working)"),
  mockOnly("subscription.created", "Subscription created"),
  mockOnly("subscription.updated", "Subscription paths, events or delivery changed"),
  mockOnly("subscription.deleted", "Subscription deleted"),
];

const KNOWN = new Set(EVENT_TYPES.map((e) => e.type));
const GROUPS = new Set(EVENT_TYPES.map((e) => e.type.split(".")[0] as string));

/** "*", a known type, or "<group>.*" for a known group. */
export function isEventFilter(filter: string): boolean {
  if (filter === "*" || KNOWN.has(filter)) return true;
  return filter.endsWith(".*") && GROUPS.has(filter.slice(0, -2));
}

/** Whether an event type passes a list of event filters. */
export function matchesEventFilters(filters: readonly string[], type: string): boolean {
  return filters.some((f) => f === "*" || f === type || (f.endsWith(".*") && type.startsWith(f.slice(0, -1))));
}
