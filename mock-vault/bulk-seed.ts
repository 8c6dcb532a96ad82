import { z } from "zod";
import type { AuditEvent } from "./core/audit-log.js";
import { DEMO } from "./core/demo.js";
import { validatePath } from "./core/secret-paths.js";
import { SECRET_TYPES } from "./domains/secrets/store.js";
import type { MockVault } from "./domains/stores.js";

/**
 * Bulk data for scale tests and benchmarks: many secrets, or many audit entries, in one call
 * (in-process on the handle, or POST /_mock/seed/... on a served vault). Deterministic: the same
 * spec on the same vault gives the same paths, values and entries. A seed is setup, not a
 * request: it leaves no audit entry of its own.
 */

/** Per call; call again with `start` to go further. */
export const MAX_SEED_COUNT = 1_000_000;

const Count = z.number().int().min(1).max(MAX_SEED_COUNT);
const TenantId = z.string().min(1).optional();

export const SeedSecretsSpec = z.strictObject({
  /** Every path lies under it. */
  prefix: z.string().min(1),
  count: Count,
  /** Spread over this many folders (`<prefix>/f-0003/s-0000042`); absent: all directly under the prefix. */
  folders: z.number().int().min(1).max(100_000).optional(),
  /** Index of the first secret, so that a second call adds to the first (default 0). */
  start: z.number().int().min(0).max(1_000_000_000).default(0),
  secret_type: z.enum(SECRET_TYPES).default("kv"),
  /** The value of every secret (default `{ "value": "seed-<index>" }`). */
  data: z.record(z.string(), z.unknown()).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  tenant_id: TenantId,
});
export type SeedSecretsSpec = z.input<typeof SeedSecretsSpec>;

export const SeedAuditSpec = z.strictObject({
  count: Count,
  /** Entries are spread evenly over [from, to): default the `count` seconds before now. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Entries name secrets under it (`<prefix>/s-0000042`, 1,000 distinct paths); default "bulk". */
  path_prefix: z.string().min(1).default("bulk"),
  tenant_id: TenantId,
});
export type SeedAuditSpec = z.input<typeof SeedAuditSpec>;

/** A seed that could not be applied: nothing was seeded, unless the message says how much was. */
export class SeedError extends Error {
  override name = "SeedError";
}

const SEEDER = "system:bulk-seed";
/** Paths and indexes are zero-padded, so that code-unit order is numeric order. */
const pad = (n: number, width: number) => String(n).padStart(width, "0");

function parse<T extends z.ZodType>(schema: T, spec: unknown): z.output<T> {
  const parsed = schema.safeParse(spec);
  if (!parsed.success)
    throw new SeedError(parsed.error.issues.map((i) => `${i.path.join(".") || "spec"}: ${i.message}`).join("; "));
  return parsed.data;
}

function knownTenant(vault: MockVault, tenantId: string = DEMO.tenantId): string {
  if (!vault.tenantPartners.has(tenantId)) throw new SeedError(`tenant_id: no tenant '${tenantId}' in this vault`);
  return tenantId;
}

/** Writes `count` secrets as the store writes any (versions, events), without the HTTP round trip. */
export function seedSecrets(vault: MockVault, input: SeedSecretsSpec) {
  const spec = parse(SeedSecretsSpec, input);
  const tenantId = knownTenant(vault, spec.tenant_id);
  const prefix = spec.prefix.replace(/^\/+|\/+$/g, "");
  const width = Math.max(7, String(spec.start + spec.count - 1).length);
  const folderWidth = spec.folders === undefined ? 0 : Math.max(4, String(spec.folders - 1).length);
  const pathOf = (i: number) =>
    spec.folders === undefined
      ? `${prefix}/s-${pad(i, width)}`
      : `${prefix}/f-${pad(i % spec.folders, folderWidth)}/s-${pad(i, width)}`;
  const last = spec.start + spec.count - 1;
  try {
    validatePath(pathOf(last));
  } catch {
    throw new SeedError(`prefix: '${spec.prefix.slice(0, 80)}' does not make valid secret paths`);
  }
  const secrets = vault.tenant(tenantId).secrets;
  for (let i = spec.start; i <= last; i++) {
    try {
      secrets.write(
        pathOf(i),
        {
          data: spec.data ?? { value: `seed-${pad(i, width)}` },
          secret_type: spec.secret_type,
          ...(spec.metadata ? { metadata: spec.metadata } : {}),
        },
        SEEDER,
      );
    } catch (error) {
      // A path deleted and still in retention (409 secret_exists): say how far the seed got.
      const why = error instanceof Error ? error.message : "the write failed";
      throw new SeedError(`seeded ${i - spec.start} of ${spec.count}, then ${pathOf(i)}: ${why}`);
    }
  }
  return { seeded: spec.count, tenant_id: tenantId, first: pathOf(spec.start), last: pathOf(last) };
}

/**
 * Adds `count` audit entries, spread evenly over [from, to), merged into the log in time order.
 * Identities are the tenant's own (its tokens'), in turn; actions read, read, read, write, list;
 * every 50th entry is a denied read (403 access_denied). The log's retention still applies.
 */
export function seedAudit(vault: MockVault, input: SeedAuditSpec) {
  const spec = parse(SeedAuditSpec, input);
  const tenantId = knownTenant(vault, spec.tenant_id);
  const prefix = spec.path_prefix.replace(/^\/+|\/+$/g, "");
  const toMs = spec.to ? Date.parse(spec.to) : vault.clock.nowMs();
  const fromMs = spec.from ? Date.parse(spec.from) : toMs - spec.count * 1000;
  if (!(fromMs < toMs)) throw new SeedError("from: must be before to");
  try {
    validatePath(`${prefix}/s-0000000`);
  } catch {
    throw new SeedError(`path_prefix: '${spec.path_prefix.slice(0, 80)}' does not make valid secret paths`);
  }
  const identities = [...vault.tokens.values()].filter((t) => t.tenant_id === tenantId);
  const actors = identities.length
    ? identities.map((t) => [t.identity_id, t.identity_type] as const)
    : [[SEEDER, "service_account"] as const];
  const actions = ["read", "read", "read", "write", "list"] as const;
  const methods = { read: "GET", write: "PUT", list: "GET" } as const;
  const step = (toMs - fromMs) / spec.count;
  const entries: AuditEvent[] = new Array(spec.count);
  for (let i = 0; i < spec.count; i++) {
    const denied = i % 50 === 49;
    const action = denied ? "read" : actions[i % actions.length]!;
    const [actor, actorType] = actors[i % actors.length]!;
    entries[i] = {
      id: vault.ids.next("aud"),
      timestamp: new Date(fromMs + Math.floor(i * step)).toISOString(),
      tenant_id: tenantId,
      actor,
      actor_type: actorType,
      action,
      method: methods[action],
      resource_type: "secret",
      path: action === "list" ? prefix : `${prefix}/s-${pad(i % 1000, 7)}`,
      outcome: denied ? "denied" : "success",
      status: denied ? 403 : action === "write" ? 201 : 200,
      error_code: denied ? "access_denied" : null,
      request_id: vault.ids.next("req", 16),
      source_ip: "10.30.0.7",
    };
  }
  vault.audit.merge(entries);
  return {
    seeded: spec.count,
    tenant_id: tenantId,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    retained: vault.audit.events.length,
    retention: vault.audit.retention,
  };
}
