import { z } from "zod";

/** Wire shapes of the Federation API. Contract tests parse mock responses with these; tools reuse them as output schemas. */
const Page = { cursor: z.string().nullable(), has_more: z.boolean() };

export const BackendType = z.enum([
  "hashicorp-vault",
  "aws-secrets-manager",
  "azure-key-vault",
  "google-secret-manager",
]);
export const BackendMode = z.enum(["proxy", "sync"]);

export const FederationBackend = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  mode: BackendMode,
  /** Inline credentials come back redacted. */
  config: z.record(z.string(), z.unknown()),
  /** ScaiVault path pattern -> backend path template, e.g. {"external/hashicorp/**": "secret/data/**"}. */
  path_mapping: z.record(z.string(), z.string()),
  sync_interval: z.string().nullable(),
  status: z.string(),
  last_sync: z.string().nullable(),
  secrets_synced: z.number(),
  /** Conflicts found by the last sync. */
  conflicts: z.number(),
  created_at: z.string(),
});

/** GET /v1/federation/backends/{id}/status: the documented response; mode and the connection's endpoint, checked_at and error are the mock's. */
export const BackendStatus = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  last_sync: z.string().nullable(),
  last_sync_duration_ms: z.number().nullable(),
  secrets_synced: z.number(),
  connection: z.object({
    status: z.string(),
    latency_ms: z.number().nullable(),
    endpoint: z.string().optional(),
    checked_at: z.string().optional(),
    error: z.string().nullable().optional(),
  }),
  mode: BackendMode.optional(),
});

export const SyncConflict = z.object({
  path: z.string(),
  external_path: z.string(),
  local_version: z.number(),
  reason: z.enum(["modified_locally", "exists_locally", "deleted_locally"]),
  detected_at: z.string(),
});

export const SyncResult = z.object({
  backend_id: z.string(),
  backend: z.string(),
  started_at: z.string(),
  duration_ms: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  skipped: z.number(),
  conflicts: z.array(SyncConflict),
  secrets_synced: z.number(),
});

/** A secret read through a backend's path mapping (nothing stored locally). */
export const ProxiedSecret = z.object({
  path: z.string(),
  version: z.number(),
  data: z.record(z.string(), z.unknown()),
  updated_at: z.string(),
  backend_id: z.string(),
  backend: z.string(),
  mode: BackendMode,
  external_path: z.string(),
  latency_ms: z.number(),
});

export const BackendList = z.object({ data: z.array(FederationBackend), ...Page });
export const ConflictList = z.object({ data: z.array(SyncConflict), ...Page });

export type FederationBackend = z.infer<typeof FederationBackend>;
export type BackendStatus = z.infer<typeof BackendStatus>;
export type SyncResult = z.infer<typeof SyncResult>;
export type ProxiedSecret = z.infer<typeof ProxiedSecret>;
export type BackendList = z.infer<typeof BackendList>;
export type ConflictList = z.infer<typeof ConflictList>;
