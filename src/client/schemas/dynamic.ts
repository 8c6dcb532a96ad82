import { z } from "zod";

/**
 * Wire shapes of the Dynamic Secrets API. Contract tests parse mock responses with these; tools
 * reuse them as output schemas (kept lean for tools/list: plain numbers, nested parts as records).
 */
const Config = z.record(z.string(), z.unknown());
const Page = { cursor: z.string().nullable(), has_more: z.boolean() };

export const LeaseStatus = z.enum(["active", "expired", "revoked"]);

export const DynamicEngine = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  /** e.g. database.postgresql, aws, ssh. */
  engine_type: z.string(),
  /** Credentials (passwords, secret keys) come back redacted. */
  config: Config,
  default_ttl: z.string(),
  max_ttl: z.string(),
  status: z.string(),
  role_count: z.number(),
  active_leases: z.number(),
  created_at: z.string(),
});

export const DynamicRole = z.object({
  name: z.string(),
  engine: z.string(),
  /** Effective TTLs (the role's own, else the engine's). */
  default_ttl: z.string(),
  max_ttl: z.string(),
  creation_statements: z.array(z.string()),
  revocation_statements: z.array(z.string()),
  config: Config,
  created_at: z.string(),
});

export const Lease = z.object({
  lease_id: z.string(),
  engine: z.string(),
  role: z.string(),
  status: LeaseStatus,
  username: z.string().nullable(),
  issued_at: z.string(),
  expires_at: z.string(),
  /** The lease can never be renewed past this. */
  max_expires_at: z.string(),
  /** Seconds left (0 unless active). */
  ttl: z.number(),
  renewable: z.boolean(),
  renew_count: z.number(),
  revoked_at: z.string().nullable(),
  created_by: z.string().nullable(),
});

/** A new lease with its credentials (returned once): username, password, connection_url, keys, tokens. */
export const GeneratedLease = Lease.extend({
  credentials: z.record(z.string(), z.unknown()),
  warnings: z.array(z.string()),
});

export const RenewedLease = Lease.extend({ warnings: z.array(z.string()) });

export const EngineList = z.object({ data: z.array(DynamicEngine), ...Page });
export const RoleList = z.object({ data: z.array(DynamicRole), ...Page });
export const LeaseList = z.object({ data: z.array(Lease), ...Page });

export type DynamicEngine = z.infer<typeof DynamicEngine>;
export type DynamicRole = z.infer<typeof DynamicRole>;
export type Lease = z.infer<typeof Lease>;
export type GeneratedLease = z.infer<typeof GeneratedLease>;
export type RenewedLease = z.infer<typeof RenewedLease>;
export type EngineList = z.infer<typeof EngineList>;
export type RoleList = z.infer<typeof RoleList>;
export type LeaseList = z.infer<typeof LeaseList>;
