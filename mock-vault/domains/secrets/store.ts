import { parseDuration } from "../../core/duration.js";
import { ApiProblem, badRequest, conflict, notFound } from "../../core/errors.js";
import { plainCopy } from "../../core/plain-copy.js";
import { validatePath } from "../../core/secret-paths.js";
import { SortedKeys } from "../../core/sorted-keys.js";
import type { StoreEnv } from "../../core/vault.js";

export const SECRET_TYPES = ["kv", "json", "certificate", "ssh_key", "api_key"] as const;
export type SecretType = (typeof SECRET_TYPES)[number];
export type SecretData = Record<string, unknown>;

/** Final path segments that name a sub-resource of a secret (…/versions, …/rotate), so no secret may end in one. */
export const RESERVED_SEGMENTS = new Set(["versions", "rotate"]);
const DEFAULT_MAX_VERSIONS = 10;
const RETENTION_MS = 30 * 86_400_000;
const ROTATION_GRACE_MS = 48 * 3_600_000;
const DAY_MS = 86_400_000;
/** secret.expiring thresholds: the documented defaults of notify_before, largest first. */
const EXPIRY_THRESHOLDS: readonly [string, number][] = [
  ["30d", 30 * DAY_MS],
  ["7d", 7 * DAY_MS],
  ["1d", DAY_MS],
];
/** Identity of time-driven secret events. */
const EXPIRY_MONITOR = "system:expiry-monitor";

interface VersionRecord {
  version: number;
  data: SecretData;
  created_at: string;
  created_by: string | null;
  is_rotation: boolean;
}

interface SecretRecord {
  path: string;
  secret_type: SecretType;
  metadata: Record<string, unknown>;
  versions: VersionRecord[];
  current_version: number;
  max_versions: number;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
  rotation_policy_id: string | null;
  secret_policy_id: string | null;
  last_rotated_at: string | null;
  /** When a value of it was last read (core-concepts/secrets names the timestamp). */
  last_accessed_at?: string | null;
  deleted_at: string | null;
  recoverable_until: string | null;
}

export interface WriteInput {
  data: SecretData;
  secret_type?: SecretType | undefined;
  metadata?: Record<string, unknown> | undefined;
  options?:
    | {
        max_versions?: number | undefined;
        expires_in?: string | undefined;
        rotation_policy_id?: string | undefined;
        secret_policy_id?: string | undefined;
      }
    | undefined;
}

/** What the secrets store asks of other domains; domains/stores.ts hands it over. */
export interface SecretsCollaborators {
  /** New values for a rotation that brings none (the rotation domain: secret policy, else the same shape). */
  rotationValues(current: SecretData, secret: SecretLinks): SecretData;
  /** The name of a rotation policy, for secret.rotated (null when there is none by that id). */
  rotationPolicyName(id: string): string | null;
}

/** The policies a secret is linked to. */
export type SecretLinks = Pick<SecretRecord, "rotation_policy_id" | "secret_policy_id">;

/** Secrets of one tenant: versions, soft delete with retention, expiry, rotation. */
export class SecretsStore {
  /** `checked_until`: the clock time up to which expiry transitions have been emitted. */
  state = { byPath: new Map<string, SecretRecord>(), checked_until: 0 };
  /**
   * The paths of state.byPath in order. Derived, not state (snapshots are plain data): rebuilt
   * when a restore or reset replaces the state.
   */
  #index?: { of: Map<string, SecretRecord>; paths: SortedKeys };

  constructor(
    private readonly env: StoreEnv,
    private readonly collaborators: SecretsCollaborators,
  ) {
    this.state.checked_until = env.vault.clock.nowMs();
  }

  #paths(): SortedKeys {
    const { byPath } = this.state;
    if (this.#index?.of !== byPath) this.#index = { of: byPath, paths: new SortedKeys(byPath.keys()) };
    return this.#index.paths;
  }

  #now(): string {
    return this.env.vault.clock.iso();
  }

  #live(path: string): SecretRecord {
    const record = this.state.byPath.get(path);
    if (!record || record.deleted_at) throw notFound("secret_not_found", `Secret '${path}' not found`, { path });
    return record;
  }

  write(path: string, input: WriteInput, actor: string | null = null): ReturnType<typeof metaView> {
    validatePath(path);
    if (RESERVED_SEGMENTS.has(path.slice(path.lastIndexOf("/") + 1)))
      throw badRequest("invalid_path", `A secret path may not end in a reserved segment ('versions', 'rotate').`, {
        path,
      });
    const now = this.#now();
    let existing = this.state.byPath.get(path);
    if (existing?.deleted_at) {
      if (existing.recoverable_until && existing.recoverable_until > now)
        throw conflict(
          "secret_exists",
          `Secret '${path}' was deleted and is in retention until ${existing.recoverable_until}.`,
          { path },
        );
      this.#purge(path);
      existing = undefined;
    }
    const expiresIn = input.options?.expires_in;
    const expiresMs = expiresIn === undefined ? undefined : parseDuration(expiresIn);
    if (expiresIn !== undefined && (expiresMs === undefined || expiresMs <= 0))
      throw badRequest("invalid_duration", `Duration '${expiresIn}' did not parse (use e.g. 90d, 48h, 15m).`);
    const record: SecretRecord = existing ?? {
      path,
      secret_type: input.secret_type ?? "kv",
      metadata: {},
      versions: [],
      current_version: 0,
      max_versions: DEFAULT_MAX_VERSIONS,
      created_at: now,
      updated_at: now,
      expires_at: null,
      rotation_policy_id: null,
      secret_policy_id: null,
      last_rotated_at: null,
      deleted_at: null,
      recoverable_until: null,
    };
    const created = record.current_version === 0;
    if (input.secret_type) record.secret_type = input.secret_type;
    if (input.metadata) record.metadata = { ...record.metadata, ...input.metadata };
    if (input.options?.max_versions) record.max_versions = input.options.max_versions;
    if (input.options?.rotation_policy_id !== undefined) record.rotation_policy_id = input.options.rotation_policy_id;
    if (input.options?.secret_policy_id !== undefined) record.secret_policy_id = input.options.secret_policy_id;
    if (expiresMs !== undefined) record.expires_at = new Date(this.env.vault.clock.nowMs() + expiresMs).toISOString();
    this.#addVersion(record, input.data, actor, false);
    if (!existing) {
      this.state.byPath.set(path, record);
      this.#paths().add(path);
    }
    if (created)
      this.env.emit(
        "secret.created",
        {
          path,
          version: 1,
          secret_type: record.secret_type,
          created_by: actor,
          tags: record.metadata.tags ?? [],
          expires_at: record.expires_at,
        },
        actor,
      );
    else
      this.env.emit(
        "secret.updated",
        {
          path,
          old_version: record.current_version - 1,
          new_version: record.current_version,
          updated_by: actor,
          is_rotation: false,
        },
        actor,
      );
    return metaView(record);
  }

  #addVersion(record: SecretRecord, data: SecretData, actor: string | null, isRotation: boolean): void {
    const now = this.#now();
    record.current_version += 1;
    record.versions.push({
      version: record.current_version,
      data: plainCopy(data),
      created_at: now,
      created_by: actor,
      is_rotation: isRotation,
    });
    while (record.versions.length > record.max_versions) record.versions.shift();
    record.updated_at = now;
    this.env.vault.metrics.count("scaivault_secret_writes_total", { tenant: this.env.tenantId });
  }

  read(path: string, version?: number) {
    const record = this.#live(path);
    const wanted = version ?? record.current_version;
    const v = record.versions.find((x) => x.version === wanted);
    if (!v)
      throw notFound("version_not_found", `Version ${wanted} of '${path}' does not exist or has aged out.`, {
        path,
        version: wanted,
      });
    return { ...metaView(record), version: v.version, data: plainCopy(v.data) };
  }

  /** A value was read (secret.accessed: "a read happened"), through the API or a federation proxy. */
  accessed(path: string, version: number | undefined, actor: string | null): void {
    const record = this.state.byPath.get(path);
    if (record) record.last_accessed_at = this.env.vault.clock.iso();
    const secret_type = record?.secret_type ?? "unknown"; // unknown: a federation proxy read
    this.env.vault.metrics.count("scaivault_secret_reads_total", { tenant: this.env.tenantId, secret_type });
    this.env.emit("secret.accessed", { path, version: version ?? null, accessed_by: actor }, actor);
  }

  /**
   * The clock moved to `toMs`: emits secret.expiring / secret.expired for each transition since
   * the last check, once. A jump across several thresholds emits only the state it lands in.
   */
  expiryTick(toMs: number): void {
    // A snapshot from before this field existed has none: start checking from now.
    const fromMs = this.state.checked_until ?? toMs;
    if (toMs <= fromMs) return;
    this.state.checked_until = toMs;
    const crossed = (atMs: number) => fromMs < atMs && atMs <= toMs;
    for (const path of this.#paths().keys()) {
      const record = this.state.byPath.get(path);
      if (!record || record.deleted_at || !record.expires_at) continue;
      const expiresMs = Date.parse(record.expires_at);
      if (crossed(expiresMs)) {
        this.env.emit("secret.expired", { path, expires_at: record.expires_at }, EXPIRY_MONITOR);
        continue;
      }
      const threshold = EXPIRY_THRESHOLDS.filter(([, ms]) => crossed(expiresMs - ms)).pop();
      if (threshold)
        this.env.emit(
          "secret.expiring",
          {
            path,
            expires_at: record.expires_at,
            days_remaining: Math.floor((expiresMs - toMs) / DAY_MS),
            threshold: threshold[0],
          },
          EXPIRY_MONITOR,
        );
    }
  }

  /** Version history, newest first; values only when asked for. */
  versions(path: string, includeData = false) {
    const record = this.#live(path);
    return {
      path,
      current_version: record.current_version,
      versions: [...record.versions].reverse().map((v) => ({
        version: v.version,
        created_at: v.created_at,
        created_by: v.created_by,
        is_rotation: v.is_rotation,
        ...(includeData ? { data: plainCopy(v.data) } : {}),
      })),
    };
  }

  /** Live secrets under a prefix (metadata only), optionally only those expiring within `withinMs`. */
  *list(prefix: string, options: { after?: string | undefined; withinMs?: number | undefined } = {}) {
    const horizon = options.withinMs === undefined ? undefined : this.env.vault.clock.nowMs() + options.withinMs;
    for (const path of this.#paths().under(prefix, options.after)) {
      const record = this.state.byPath.get(path) as SecretRecord;
      if (record.deleted_at) continue;
      if (horizon !== undefined && (!record.expires_at || Date.parse(record.expires_at) > horizon)) continue;
      yield metaView(record, this.env.vault.clock.nowMs());
    }
  }

  remove(path: string, permanent: boolean, actor: string | null = null) {
    const record = this.#live(path);
    const now = this.#now();
    const versionCount = record.versions.length;
    if (!permanent) {
      record.deleted_at = now;
      record.recoverable_until = new Date(this.env.vault.clock.nowMs() + RETENTION_MS).toISOString();
    }
    const result = {
      path,
      deleted: true,
      permanent,
      version_count: versionCount,
      deleted_at: now,
      recoverable_until: permanent ? null : record.recoverable_until,
    };
    this.env.emit(
      "secret.deleted",
      {
        path,
        version_count: versionCount,
        deleted_by: actor,
        permanent,
        ...(permanent ? {} : { recoverable_until: record.recoverable_until }),
      },
      actor,
    );
    // Purged after the event: its listeners still see what went (webhook filters on type and tags).
    if (permanent) this.#purge(path);
    return result;
  }

  #purge(path: string): void {
    this.#paths().delete(path);
    this.state.byPath.delete(path);
  }

  /**
   * Writes a new version as a rotation: the given data, or new values the rotation domain picks
   * (the secret policy, or the same keys with fresh random values of the same shape).
   */
  rotate(path: string, data: SecretData | undefined, actor: string | null = null) {
    const record = this.#live(path);
    const current = record.versions.find((v) => v.version === record.current_version) as VersionRecord;
    const next = data ?? this.collaborators.rotationValues(current.data, record);
    const oldVersion = record.current_version;
    this.#addVersion(record, next, actor, true);
    const now = this.#now();
    record.last_rotated_at = now;
    const graceEnds = new Date(this.env.vault.clock.nowMs() + ROTATION_GRACE_MS).toISOString();
    this.env.emit(
      "secret.rotated",
      {
        path,
        old_version: oldVersion,
        new_version: record.current_version,
        rotation_policy_id: record.rotation_policy_id,
        rotation_policy_name: record.rotation_policy_id
          ? this.collaborators.rotationPolicyName(record.rotation_policy_id)
          : null,
        grace_period_ends: graceEnds,
        auto_generated: data === undefined,
      },
      actor,
    );
    return {
      path,
      old_version: oldVersion,
      new_version: record.current_version,
      rotated_at: now,
      grace_period_ends: graceEnds,
      auto_generated: data === undefined,
      data: plainCopy(next),
    };
  }

  /** Sets links of a live secret without a new version (rotation/secret policy attach/detach). */
  link(path: string, links: { rotation_policy_id?: string | null; secret_policy_id?: string | null }) {
    const record = this.#live(path);
    if (links.rotation_policy_id !== undefined) record.rotation_policy_id = links.rotation_policy_id;
    if (links.secret_policy_id !== undefined) record.secret_policy_id = links.secret_policy_id;
    record.updated_at = this.#now();
    return metaView(record);
  }

  /** For domains that need the raw record (rotation due dates, audit trails). */
  peek(path: string): Readonly<SecretRecord> | undefined {
    const record = this.state.byPath.get(path);
    return record && !record.deleted_at ? record : undefined;
  }

  /** Type and tags of the secret at a path, soft-deleted or not (webhook and subscription filters). */
  labels(path: string): { secret_type: string; tags: readonly string[] } | undefined {
    const record = this.state.byPath.get(path);
    if (!record) return undefined;
    const tags = record.metadata.tags;
    return { secret_type: record.secret_type, tags: Array.isArray(tags) ? tags.map(String) : [] };
  }

  *all(): Generator<Readonly<SecretRecord>> {
    for (const record of this.state.byPath.values()) if (!record.deleted_at) yield record;
  }
}

function metaView(record: SecretRecord, nowMs?: number) {
  const expiresMs = record.expires_at ? Date.parse(record.expires_at) : null;
  return {
    path: record.path,
    secret_type: record.secret_type,
    version: record.current_version,
    metadata: plainCopy(record.metadata),
    created_at: record.created_at,
    updated_at: record.updated_at,
    expires_at: record.expires_at,
    rotation_policy_id: record.rotation_policy_id,
    secret_policy_id: record.secret_policy_id,
    last_rotated_at: record.last_rotated_at,
    last_accessed_at: record.last_accessed_at ?? null,
    ...(nowMs !== undefined && expiresMs !== null
      ? { expired: expiresMs <= nowMs, days_remaining: Math.floor((expiresMs - nowMs) / 86_400_000) }
      : {}),
  };
}

export type SecretMeta = ReturnType<typeof metaView>;
export { ApiProblem };
