import { formatDuration, parseDuration } from "../../core/duration.js";
import { ApiProblem, badRequest, conflict, notFound } from "../../core/errors.js";
import { assertNewName, findByIdOrName } from "../../core/named.js";
import { REDACTED, redactConfig } from "../../core/redact.js";
import { validatePath } from "../../core/secret-paths.js";
import type { StoreEnv } from "../../core/vault.js";
import type { SecretsStore } from "../secrets/store.js";

/**
 * Federation of one tenant: backends (HashiCorp Vault, AWS Secrets Manager, Azure Key Vault, GCP
 * Secret Manager) fronting SIMULATED external stores, i.e. a per-backend map of external paths to
 * data. Proxy mode reads through the path mapping and stores nothing; sync mode copies the
 * external secrets into the tenant's secret store under the mapped paths.
 */

export const BACKEND_TYPES = [
  "hashicorp-vault",
  "aws-secrets-manager",
  "azure-key-vault",
  "google-secret-manager",
] as const;
export const BACKEND_MODES = ["proxy", "sync"] as const;
export type BackendType = (typeof BACKEND_TYPES)[number];
export type BackendMode = (typeof BACKEND_MODES)[number];

const KIND = { label: "federation backend", key: "backend", exists: "backend_exists", missing: "backend_not_found" };
const HASHICORP_AUTH = ["approle", "token", "kubernetes", "aws", "gcp"];
/** The identity sync writes as (audit, secret versions, events). */
export const SYNC_ACTOR = "system:federation-sync";

interface ExternalEntry {
  data: Record<string, unknown>;
  version: number;
  created_at: string;
  updated_at: string;
}

interface BackendRecord {
  id: string;
  name: string;
  type: BackendType;
  mode: BackendMode;
  config: Record<string, unknown>;
  path_mapping: Record<string, string>;
  sync_interval_ms: number | null;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  last_sync: string | null;
  last_sync_duration_ms: number | null;
  secrets_synced: number;
  /** Simulation switch: false makes the backend unreachable (status, proxy reads and sync fail). */
  reachable: boolean;
}

interface ConflictRecord {
  path: string;
  external_path: string;
  local_version: number;
  reason: "modified_locally" | "exists_locally" | "deleted_locally";
  detected_at: string;
}

export interface BackendInput {
  name: string;
  type: BackendType;
  mode: BackendMode;
  config: Record<string, unknown>;
  path_mapping: Record<string, string>;
  sync_interval?: string | undefined;
}

type Wildcard = "*" | "**";
interface Compiled {
  regex: RegExp;
  wildcards: Wildcard[];
  literal: number;
}

const invalidConfig = (message: string, details?: Record<string, unknown>) =>
  badRequest("invalid_config", message, details);
const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A mapping side: `/`-separated segments where a whole segment may be `*` (one segment) or `**` (the rest, 1+ segments). */
export function compileMapping(pattern: string): Compiled {
  const segments = pattern.split("/").filter((s) => s !== "");
  if (segments.length === 0)
    throw invalidConfig("An empty path_mapping side is not allowed.", { field: "path_mapping" });
  const wildcards: Wildcard[] = [];
  let literal = 0;
  const parts = segments.map((s, i) => {
    if (s === "**") {
      if (i !== segments.length - 1)
        throw invalidConfig(`'**' must be the last segment in '${pattern.slice(0, 80)}'.`, { field: "path_mapping" });
      wildcards.push("**");
      return "(.+)";
    }
    if (s === "*") {
      wildcards.push("*");
      return "([^/]+)";
    }
    if (/[*?[\]{}]/.test(s))
      throw invalidConfig(`Partial wildcards are not supported in '${pattern.slice(0, 80)}'.`, {
        field: "path_mapping",
      });
    literal += s.length + 1;
    return escapeRe(s);
  });
  return { regex: new RegExp(`^${parts.join("/")}$`), wildcards, literal };
}

/** compileMapping of a stored mapping, kept: every secret read resolves the tenant's mappings. */
const compiledMappings = new Map<string, Compiled>();
function compiled(pattern: string): Compiled {
  let hit = compiledMappings.get(pattern);
  if (!hit) {
    if (compiledMappings.size >= 1000) compiledMappings.clear();
    hit = compileMapping(pattern);
    compiledMappings.set(pattern, hit);
  }
  return hit;
}

function fill(template: string, captures: string[]): string {
  let i = 0;
  return template
    .split("/")
    .filter((s) => s !== "")
    .map((s) => (s === "*" || s === "**" ? (captures[i++] as string) : s))
    .join("/");
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

/** Where the simulated backend lives, for status and errors. */
function endpointOf(b: { type: BackendType; config: Record<string, unknown> }): string {
  if (b.type === "hashicorp-vault") return String(b.config.endpoint ?? "");
  if (b.type === "aws-secrets-manager") return `https://secretsmanager.${String(b.config.region)}.amazonaws.com`;
  if (b.type === "azure-key-vault") return String(b.config.vault_url ?? "");
  return "https://secretmanager.googleapis.com";
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}

export class FederationStore {
  state = {
    backends: new Map<string, BackendRecord>(),
    /** backend id -> external path -> entry: the simulated remote store. */
    external: new Map<string, Record<string, ExternalEntry>>(),
    /** backend id -> local path -> local version written (or confirmed) by the last sync. */
    synced: new Map<string, Record<string, number>>(),
    /** backend id -> conflicts found by the last sync. */
    conflicts: new Map<string, ConflictRecord[]>(),
  };

  /** Sync mode copies into the tenant's secrets (domains/stores.ts hands them over). */
  readonly #secrets: Pick<SecretsStore, "peek" | "write">;

  constructor(
    readonly env: StoreEnv,
    secrets: Pick<SecretsStore, "peek" | "write">,
  ) {
    this.#secrets = secrets;
  }

  #now(): string {
    return this.env.vault.clock.iso();
  }

  backend(ref: string): BackendRecord {
    return findByIdOrName(this.state.backends, ref, KIND);
  }

  create(input: BackendInput, actor: string | null = null, external?: Record<string, Record<string, unknown>>) {
    assertNewName(this.state.backends, input.name, KIND);
    const settings = this.#checked(input);
    const now = this.#now();
    const record: BackendRecord = {
      id: this.env.vault.ids.next("fed"),
      ...settings,
      created_at: now,
      updated_at: now,
      created_by: actor,
      last_sync: null,
      last_sync_duration_ms: null,
      secrets_synced: 0,
      reachable: true,
    };
    this.state.backends.set(record.id, record);
    const remote: Record<string, ExternalEntry> = {};
    for (const [path, data] of Object.entries(external ?? this.#sampleExternal(record)))
      remote[path] = { data: structuredClone(data), version: 1, created_at: now, updated_at: now };
    this.state.external.set(record.id, remote);
    return this.view(record);
  }

  /**
   * PATCH: the given fields change, `config` key by key (so a client need not resend credentials
   * it cannot read back), the rest whole; the result is checked, and its connection tested, as a
   * new backend is. The simulated remote store and the sync history stay.
   */
  update(ref: string, patch: Partial<BackendInput>) {
    const record = this.backend(ref);
    if (patch.name !== undefined && patch.name !== record.name) {
      const others = new Map([...this.state.backends].filter(([id]) => id !== record.id));
      assertNewName(others, patch.name, KIND);
    }
    const mode = patch.mode ?? record.mode;
    const input: BackendInput = {
      name: patch.name ?? record.name,
      type: patch.type ?? record.type,
      mode,
      // A value sent back as the view showed it (<redacted>) keeps the stored one.
      config: {
        ...record.config,
        ...Object.fromEntries(Object.entries(patch.config ?? {}).filter(([, v]) => v !== REDACTED)),
      },
      path_mapping: patch.path_mapping ?? record.path_mapping,
      sync_interval:
        patch.sync_interval ??
        (mode === "sync" && record.sync_interval_ms !== null ? formatDuration(record.sync_interval_ms) : undefined),
    };
    Object.assign(record, this.#checked(input), { updated_at: this.#now() });
    return this.view(record);
  }

  /** A backend's definition as the API accepts it: interval, path mapping, config, a reachable endpoint. */
  /** The backend's settings as stored, once the input passed every check and its connection test. */
  #checked(
    input: BackendInput,
  ): Pick<BackendRecord, "name" | "type" | "mode" | "config" | "path_mapping" | "sync_interval_ms"> {
    let interval: number | null = null;
    if (input.mode === "sync") {
      if (input.sync_interval === undefined)
        throw new ApiProblem(422, "validation_error", "sync_interval is required when mode is sync.", {
          fields: [{ field: "sync_interval", message: "required for sync mode" }],
        });
      const ms = parseDuration(input.sync_interval);
      if (ms === undefined || ms <= 0)
        throw badRequest(
          "invalid_duration",
          `Duration '${input.sync_interval.slice(0, 40)}' did not parse (use e.g. 15m).`,
          { field: "sync_interval" },
        );
      interval = ms;
    }
    const entries = Object.entries(input.path_mapping);
    if (entries.length === 0) throw invalidConfig("path_mapping needs at least one entry.", { field: "path_mapping" });
    for (const [local, remote] of entries) {
      const l = compileMapping(local);
      const r = compileMapping(remote);
      if (l.wildcards.join() !== r.wildcards.join())
        throw invalidConfig(
          `path_mapping '${local.slice(0, 80)}' and '${remote.slice(0, 80)}' must use the same wildcards in the same order.`,
          { field: "path_mapping" },
        );
      const stem = local.split("/").filter((s) => s !== "" && s !== "*" && s !== "**");
      if (stem.length === 0)
        throw invalidConfig(`path_mapping key '${local.slice(0, 80)}' needs a literal prefix.`, {
          field: "path_mapping",
        });
      validatePath(
        local
          .split("/")
          .filter((s) => s !== "" && !s.includes("*"))
          .join("/"),
      );
    }
    const config = structuredClone(input.config);
    this.#validateConfig(input.type, config);
    const host = hostOf(endpointOf({ type: input.type, config }));
    if (host === "" || /\.invalid$/i.test(host))
      throw invalidConfig(`Test connection failed: could not reach '${host || "(no host)"}'.`, { backend: input.name });
    return {
      name: input.name,
      type: input.type,
      mode: input.mode,
      config,
      path_mapping: { ...input.path_mapping },
      sync_interval_ms: interval,
    };
  }

  /** Documented config fields for hashicorp-vault and aws-secrets-manager; Azure and GCP fields are NOT FOUND in the docs (chosen). */
  #validateConfig(type: BackendType, config: Record<string, unknown>): void {
    const need = (key: string, what: string) => {
      if (!str(config[key]))
        throw invalidConfig(`config.${key} is required for ${type} (${what}).`, { field: `config.${key}` });
    };
    if (type === "hashicorp-vault") {
      need("endpoint", "the Vault URL");
      if (!/^https?:\/\//.test(String(config.endpoint)))
        throw invalidConfig("config.endpoint must be an http(s) URL.", { field: "config.endpoint" });
      need("auth_method", HASHICORP_AUTH.join(", "));
      if (!HASHICORP_AUTH.includes(String(config.auth_method)))
        throw invalidConfig(`config.auth_method must be one of ${HASHICORP_AUTH.join(", ")}.`, {
          field: "config.auth_method",
        });
      if (!str(config.auth_config_path) && !str(config.token))
        throw invalidConfig("config.auth_config_path (a ScaiVault secret holding the auth credentials) is required.", {
          field: "config.auth_config_path",
        });
      config.tls_verify = config.tls_verify ?? true;
    } else if (type === "aws-secrets-manager") {
      need("region", "e.g. us-east-1");
      if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(String(config.region)))
        throw invalidConfig("config.region must be an AWS region such as us-east-1.", { field: "config.region" });
    } else if (type === "azure-key-vault") {
      need("vault_url", "https://<name>.vault.azure.net");
      need("tenant_id", "the Entra tenant");
      need("client_id", "the app registration");
      if (!str(config.credentials_path) && !str(config.client_secret))
        need("credentials_path", "a ScaiVault secret holding the client secret");
    } else {
      need("project_id", "the GCP project");
      if (!str(config.credentials_path) && !str(config.service_account_key))
        need("credentials_path", "a ScaiVault secret holding the service account key");
    }
  }

  /** A new backend's remote store: two deterministic entries under each mapping template. */
  #sampleExternal(record: BackendRecord): Record<string, Record<string, unknown>> {
    const ids = this.env.vault.ids;
    const out: Record<string, Record<string, unknown>> = {};
    for (const template of Object.values(record.path_mapping)) {
      const samples: [string[], Record<string, unknown>][] = [
        [["app", "config"], { api_key: `mock-${ids.chars(32)}` }],
        [["app", "database"], { username: "app", password: `mock-${ids.chars(24)}` }],
      ];
      for (const [names, data] of samples) {
        const captures = compileMapping(template).wildcards.map((w) =>
          w === "**" ? names.join("/") : names.join("-"),
        );
        out[fill(template, captures)] = data;
      }
    }
    return out;
  }

  view(record: BackendRecord) {
    return {
      id: record.id,
      name: record.name,
      type: record.type,
      mode: record.mode,
      config: redactConfig(record.config),
      path_mapping: { ...record.path_mapping },
      sync_interval: record.sync_interval_ms === null ? null : formatDuration(record.sync_interval_ms),
      status: record.reachable ? "healthy" : "unhealthy",
      last_sync: record.last_sync,
      secrets_synced: record.secrets_synced,
      conflicts: this.state.conflicts.get(record.id)?.length ?? 0,
      created_at: record.created_at,
    };
  }

  list() {
    return [...this.state.backends.values()].sort((a, b) => a.name.localeCompare(b.name)).map((b) => this.view(b));
  }

  remove(ref: string): void {
    const record = this.backend(ref);
    this.state.backends.delete(record.id);
    this.state.external.delete(record.id);
    this.state.synced.delete(record.id);
    this.state.conflicts.delete(record.id);
  }

  #latency(): number {
    return 5 + Math.floor(this.env.vault.ids.random() * 40);
  }

  /** Connection and sync status (the documented shape), after a live connection check against the simulated backend. */
  status(ref: string) {
    const record = this.backend(ref);
    const endpoint = endpointOf(record);
    return {
      id: record.id,
      name: record.name,
      mode: record.mode,
      status: record.reachable ? "healthy" : "unhealthy",
      last_sync: record.last_sync,
      last_sync_duration_ms: record.last_sync_duration_ms,
      secrets_synced: record.secrets_synced,
      connection: record.reachable
        ? { status: "connected", endpoint, latency_ms: this.#latency(), checked_at: this.#now(), error: null }
        : {
            status: "unreachable",
            endpoint,
            latency_ms: null,
            checked_at: this.#now(),
            error: `connection to ${hostOf(endpoint)} timed out`,
          },
    };
  }

  #unavailable(record: BackendRecord): ApiProblem {
    return new ApiProblem(502, "backend_unavailable", `Federation backend '${record.name}' is unreachable.`, {
      backend: record.name,
    });
  }

  /** The external path a local path maps to: the most specific mapping wins (longest literal prefix, then oldest backend). */
  resolve(path: string, options: { backend?: string | undefined; mode?: BackendMode | undefined } = {}) {
    const only = options.backend === undefined ? undefined : this.backend(options.backend);
    let best: { backend: BackendRecord; external_path: string; literal: number } | undefined;
    for (const backend of this.state.backends.values()) {
      if (only && backend.id !== only.id) continue;
      if (options.mode && backend.mode !== options.mode) continue;
      for (const [local, remote] of Object.entries(backend.path_mapping)) {
        const mapping = compiled(local);
        const match = mapping.regex.exec(path);
        if (!match) continue;
        if (!best || mapping.literal > best.literal)
          best = { backend, external_path: fill(remote, match.slice(1)), literal: mapping.literal };
      }
    }
    return best;
  }

  /** Reads through the mapping without storing anything. 404 when no backend maps the path or the remote secret is absent. */
  proxyRead(path: string, options: { backend?: string | undefined; mode?: BackendMode | undefined } = {}) {
    const hit = this.resolve(path, options);
    if (!hit)
      throw notFound("federation_mapping_not_found", `No federation backend maps '${path.slice(0, 80)}'.`, {
        path: path.slice(0, 80),
        ...(options.backend ? { backend: options.backend } : {}),
      });
    const { backend, external_path } = hit;
    if (!backend.reachable) throw this.#unavailable(backend);
    const entry = this.state.external.get(backend.id)?.[external_path];
    if (!entry)
      throw notFound("secret_not_found", `Secret '${path}' not found in backend '${backend.name}'.`, {
        path,
        backend: backend.name,
        external_path,
      });
    return {
      path,
      version: entry.version,
      data: structuredClone(entry.data),
      updated_at: entry.updated_at,
      backend_id: backend.id,
      backend: backend.name,
      mode: backend.mode,
      external_path,
      latency_ms: this.#latency(),
    };
  }

  /** The same read in the plain secret shape, for GET /v1/secrets/<path> when a proxy-mode mapping is the most specific (federation info in metadata). */
  proxiedSecret(path: string): Record<string, unknown> | undefined {
    const hit = this.resolve(path);
    if (hit?.backend.mode !== "proxy") return undefined;
    const read = this.proxyRead(path, { backend: hit.backend.id });
    return {
      path,
      secret_type: "json",
      version: read.version,
      metadata: {
        federation: { backend_id: read.backend_id, backend: read.backend, external_path: read.external_path },
      },
      created_at: read.updated_at,
      updated_at: read.updated_at,
      expires_at: null,
      rotation_policy_id: null,
      secret_policy_id: null,
      last_rotated_at: null,
      data: read.data,
    };
  }

  /** Writes to proxied paths are rejected: the backend is authoritative (the most specific mapping decides). */
  assertWritable(path: string): void {
    const hit = this.resolve(path);
    if (hit?.backend.mode === "proxy")
      throw conflict(
        "proxied_path_read_only",
        `'${path.slice(0, 80)}' is proxied from federation backend '${hit.backend.name}', which is authoritative; write it there.`,
        {
          path: path.slice(0, 80),
          backend: hit.backend.name,
        },
      );
  }

  /**
   * Imports the backend's secrets into the local store under the mapped paths. A local secret is
   * overwritten only when it still holds the version the last sync wrote; one that differs and was
   * changed locally (or existed before any sync) is reported as a conflict and left alone.
   */
  sync(ref: string, actor: string | null = null) {
    const record = this.backend(ref);
    if (record.mode !== "sync")
      throw conflict(
        "backend_not_sync_mode",
        `Backend '${record.name}' is in ${record.mode} mode; only sync-mode backends can be synced.`,
        { backend: record.name, mode: record.mode },
      );
    if (!record.reachable) throw this.#unavailable(record);
    const secrets = this.#secrets;
    const remote = this.state.external.get(record.id) ?? {};
    const synced = this.state.synced.get(record.id) ?? {};
    const now = this.#now();
    const counts = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
    const conflicts: ConflictRecord[] = [];
    for (const external_path of Object.keys(remote).sort()) {
      const entry = remote[external_path] as ExternalEntry;
      const local = this.#localPath(record, external_path);
      if (!local) {
        counts.skipped++;
        continue;
      }
      const existing = secrets.peek(local);
      const write = () => {
        const meta = { federation: { backend_id: record.id, backend: record.name, external_path } };
        synced[local] = secrets.write(
          local,
          { data: entry.data, secret_type: "json", metadata: meta },
          SYNC_ACTOR,
        ).version;
      };
      if (!existing) {
        try {
          write();
          counts.created++;
        } catch (error) {
          if (!(error instanceof ApiProblem)) throw error;
          conflicts.push({ path: local, external_path, local_version: 0, reason: "deleted_locally", detected_at: now });
        }
        continue;
      }
      const current = existing.versions.find((v) => v.version === existing.current_version)?.data;
      if (stable(current) === stable(entry.data)) {
        synced[local] = existing.current_version;
        counts.unchanged++;
      } else if (synced[local] === existing.current_version) {
        write();
        counts.updated++;
      } else {
        conflicts.push({
          path: local,
          external_path,
          local_version: existing.current_version,
          reason: local in synced ? "modified_locally" : "exists_locally",
          detected_at: now,
        });
      }
    }
    const total = counts.created + counts.updated + counts.unchanged;
    const duration = 20 + total * 7 + Math.floor(this.env.vault.ids.random() * 25);
    record.last_sync = now;
    record.last_sync_duration_ms = duration;
    record.secrets_synced = Object.keys(synced).length;
    this.state.synced.set(record.id, synced);
    this.state.conflicts.set(record.id, conflicts);
    this.env.emit(
      "federation.sync.completed",
      {
        backend_id: record.id,
        backend: record.name,
        type: record.type,
        ...counts,
        conflicts: conflicts.length,
        secrets_synced: record.secrets_synced,
        duration_ms: duration,
      },
      actor,
    );
    return {
      backend_id: record.id,
      backend: record.name,
      started_at: now,
      duration_ms: duration,
      ...counts,
      conflicts: conflicts.map((c) => ({ ...c })),
      secrets_synced: record.secrets_synced,
    };
  }

  /** Local path for an external one (the mapping read right to left); undefined when unmapped or not a valid local path. */
  #localPath(record: BackendRecord, externalPath: string): string | undefined {
    for (const [local, remote] of Object.entries(record.path_mapping)) {
      const match = compiled(remote).regex.exec(externalPath);
      if (!match) continue;
      const path = fill(local, match.slice(1));
      try {
        return validatePath(path);
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  conflictsOf(ref: string) {
    const record = this.backend(ref);
    return (this.state.conflicts.get(record.id) ?? []).map((c) => ({ ...c }));
  }

  // ------------------------------------------------ simulation controls (tests and demos)

  /** Writes (or replaces) a secret in the simulated external store. */
  putExternal(ref: string, externalPath: string, data: Record<string, unknown>): void {
    const record = this.backend(ref);
    const remote = this.state.external.get(record.id) ?? {};
    const now = this.#now();
    const existing = remote[externalPath];
    remote[externalPath] = {
      data: structuredClone(data),
      version: (existing?.version ?? 0) + 1,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    };
    this.state.external.set(record.id, remote);
  }

  /** Takes the simulated backend offline (false) or back online. */
  setReachable(ref: string, reachable: boolean): void {
    this.backend(ref).reachable = reachable;
  }
}
