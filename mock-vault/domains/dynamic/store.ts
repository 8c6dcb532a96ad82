import { formatDuration, parseDuration } from "../../core/duration.js";
import { ApiProblem, badRequest, conflict, notFound } from "../../core/errors.js";
import { assertNewName, findByIdOrName, NAME } from "../../core/named.js";
import { redactConfig } from "../../core/redact.js";
import type { StoreEnv } from "../../core/vault.js";
import type { SecretsStore } from "../secrets/store.js";

/**
 * Dynamic secrets of one tenant: engines (connection + root credentials), roles (recipes) and
 * leases (generated credentials with a TTL). Lease status is computed from the mock clock on
 * every read: nothing runs on a timer, so moving the clock is enough to expire a lease.
 */

/** `type` values of the API; `database` takes `config.plugin` (the dotted form `database.postgresql` is also accepted). */
export const ENGINE_TYPES = ["database", "aws", "azure", "gcp", "ssh", "custom"] as const;
export const DB_PLUGINS = ["postgresql", "mysql", "mongodb", "redis"] as const;
export const LEASE_STATUSES = ["active", "expired", "revoked"] as const;
export type LeaseStatus = (typeof LEASE_STATUSES)[number];

const KIND = { label: "dynamic engine", key: "engine", exists: "engine_exists", missing: "engine_not_found" };
const DEFAULT_TTL_MS = 3_600_000;
const DEFAULT_MAX_TTL_MS = 86_400_000;
const PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const URL_SCHEMES: Record<string, RegExp> = {
  postgresql: /^postgres(ql)?:\/\//i,
  mysql: /^mysql:\/\//i,
  mongodb: /^mongodb(\+srv)?:\/\//i,
  redis: /^rediss?:\/\//i,
};
const DEFAULT_REVOCATION: Record<string, string[]> = {
  postgresql: [
    'REASSIGN OWNED BY "{{name}}" TO postgres;',
    'DROP OWNED BY "{{name}}";',
    'DROP ROLE IF EXISTS "{{name}}";',
  ],
  mysql: ["DROP USER IF EXISTS '{{name}}'@'%';"],
  mongodb: ['{ "dropUser": "{{name}}" }'],
  redis: ["ACL DELUSER {{name}}"],
};

interface EngineRecord {
  id: string;
  name: string;
  type: string;
  plugin: string | null;
  config: Record<string, unknown>;
  default_ttl_ms: number;
  max_ttl_ms: number;
  created_at: string;
  updated_at: string;
  created_by: string | null;
}

interface RoleRecord {
  name: string;
  engine_id: string;
  default_ttl_ms: number | null;
  max_ttl_ms: number | null;
  creation_statements: string[];
  revocation_statements: string[];
  config: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  created_by: string | null;
}

/** Credentials are returned once, at generation, and not kept: only the username stays on the lease. */
interface LeaseRecord {
  lease_id: string;
  engine_id: string;
  role: string;
  username: string | null;
  issued_at: string;
  expires_at: string;
  max_expires_at: string;
  lease_duration_ms: number;
  renew_count: number;
  last_renewed_at: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  created_by: string | null;
}

export interface EngineInput {
  name: string;
  type: string;
  config?: Record<string, unknown> | undefined;
  default_ttl?: string | undefined;
  max_ttl?: string | undefined;
}

export interface RoleInput {
  name: string;
  creation_statements?: string | string[] | undefined;
  revocation_statements?: string | string[] | undefined;
  default_ttl?: string | undefined;
  max_ttl?: string | undefined;
  config?: Record<string, unknown> | undefined;
}

export interface LeaseQuery {
  status?: LeaseStatus | "all" | undefined;
  engine?: string | undefined;
  role?: string | undefined;
  /** Only active leases expiring within this many ms, soonest first. */
  withinMs?: number | undefined;
}

const invalidConfig = (message: string, details?: Record<string, unknown>) =>
  badRequest("invalid_config", message, details);

/** Longest engine, role or lease TTL: a year (the docs name no limit; typical TTLs are minutes to hours). */
const MAX_TTL_MS = 365 * 86_400_000;

function duration(text: string | undefined, field: string): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0 || ms > MAX_TTL_MS)
    throw badRequest(
      "invalid_duration",
      `Duration '${text.slice(0, 40)}' in ${field} did not parse or is longer than ${formatDuration(MAX_TTL_MS)} (use e.g. 15m, 1h, 24h).`,
      { field, max: formatDuration(MAX_TTL_MS) },
    );
  return ms;
}

function statements(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).map((s) => s.trim()).filter((s) => s !== "");
}

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

export class DynamicStore {
  state = {
    engines: new Map<string, EngineRecord>(),
    roles: new Map<string, RoleRecord>(),
    leases: new Map<string, LeaseRecord>(),
  };

  /** Engines read their root credentials from the tenant's secrets (domains/stores.ts hands them over). */
  readonly #secrets: Pick<SecretsStore, "peek">;

  constructor(
    readonly env: StoreEnv,
    secrets: Pick<SecretsStore, "peek">,
  ) {
    this.#secrets = secrets;
  }

  #nowMs(): number {
    return this.env.vault.clock.nowMs();
  }

  #iso(ms: number): string {
    return new Date(ms).toISOString();
  }

  // ---------------------------------------------------------------- engines

  /** An engine by id or name. */
  engine(ref: string): EngineRecord {
    return findByIdOrName(this.state.engines, ref, KIND);
  }

  createEngine(input: EngineInput, actor: string | null = null) {
    assertNewName(this.state.engines, input.name, KIND);
    const config = structuredClone(input.config ?? {});
    const { type, plugin } = normaliseType(input.type, config);
    const defaultTtl = duration(input.default_ttl, "default_ttl") ?? DEFAULT_TTL_MS;
    const maxTtl = duration(input.max_ttl, "max_ttl") ?? Math.max(DEFAULT_MAX_TTL_MS, defaultTtl);
    if (defaultTtl > maxTtl)
      throw invalidConfig(`default_ttl (${formatDuration(defaultTtl)}) exceeds max_ttl (${formatDuration(maxTtl)}).`);
    if (plugin) config.plugin = plugin;
    this.#testConnection(type, plugin, config, input.name);
    const now = this.env.vault.clock.iso();
    const record: EngineRecord = {
      id: this.env.vault.ids.next("eng"),
      name: input.name,
      type,
      plugin,
      config,
      default_ttl_ms: defaultTtl,
      max_ttl_ms: maxTtl,
      created_at: now,
      updated_at: now,
      created_by: actor,
    };
    this.state.engines.set(record.id, record);
    return this.engineView(record);
  }

  /**
   * What the real engine does on create: read the root credentials and open a test connection.
   * Here: required fields per type, root credentials present (at root_credentials_path or inline),
   * and hosts under the reserved `.invalid` TLD are unreachable.
   */
  #testConnection(type: string, plugin: string | null, config: Record<string, unknown>, name: string): void {
    const rootPath = str(config.root_credentials_path);
    let root: Record<string, unknown> | undefined;
    if (rootPath) {
      const secret = this.#secrets.peek(rootPath);
      if (!secret)
        throw invalidConfig(`Root credentials secret '${rootPath.slice(0, 80)}' does not exist.`, {
          field: "config.root_credentials_path",
        });
      root = secret.versions.find((v) => v.version === secret.current_version)?.data;
    }
    const has = (key: string) => str(root?.[key]) !== undefined || str(config[key]) !== undefined;
    const unreachable = (host: string) => {
      if (/\.invalid$/i.test(host) || host === "")
        throw invalidConfig(`Test connection failed: could not connect to '${host.slice(0, 80) || "(no host)"}'.`, {
          engine: name,
        });
    };
    if (type === "database") {
      const url = str(config.connection_url);
      if (!url)
        throw invalidConfig("config.connection_url is required for database engines.", {
          field: "config.connection_url",
        });
      if (!URL_SCHEMES[plugin as string]?.test(url))
        throw invalidConfig(`config.connection_url does not look like a ${plugin} URL.`, {
          field: "config.connection_url",
        });
      let parsed: URL;
      try {
        parsed = new URL(url.replaceAll("{{username}}", "u").replaceAll("{{password}}", "p"));
      } catch {
        throw invalidConfig("config.connection_url is not a valid URL.", { field: "config.connection_url" });
      }
      unreachable(parsed.hostname);
      const needsUser = plugin !== "redis";
      const inUrl = !url.includes("{{password}}") && parsed.password !== "";
      if (!inUrl && (!has("password") || (needsUser && !has("username"))))
        throw invalidConfig(
          `Root credentials are missing: set config.root_credentials_path to a secret with ${needsUser ? "username and password" : "password"}, or pass them inline.`,
          { field: "config.root_credentials_path" },
        );
      return;
    }
    if (type === "aws") {
      const region = str(config.region);
      if (!region || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
        throw invalidConfig("config.region must be an AWS region such as us-east-1.", { field: "config.region" });
      if (!rootPath && !(has("access_key_id") && has("secret_access_key")))
        throw invalidConfig(
          "Root credentials are missing: set config.root_credentials_path or access_key_id + secret_access_key.",
          { field: "config.root_credentials_path" },
        );
      return;
    }
    if (type === "ssh") {
      const mode = str(config.mode) ?? "ca";
      if (mode !== "ca" && mode !== "otp")
        throw invalidConfig("config.mode must be 'ca' (signed certificates) or 'otp'.", { field: "config.mode" });
      config.mode = mode;
      config.default_user = str(config.default_user) ?? "ubuntu";
      if (mode === "ca" && !str(config.ca_public_key))
        config.ca_public_key = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${this.env.vault.ids.chars(43, `${UPPER}abcdefghijklmnopqrstuvwxyz`)} scaivault-ca@${name}`;
      return;
    }
    if (type === "azure") {
      if (!str(config.tenant_id))
        throw invalidConfig("config.tenant_id is required for azure engines.", { field: "config.tenant_id" });
      if (!rootPath && !(has("client_id") && has("client_secret")))
        throw invalidConfig(
          "Root credentials are missing: set config.root_credentials_path or client_id + client_secret.",
          { field: "config.root_credentials_path" },
        );
      return;
    }
    if (type === "gcp") {
      if (!str(config.project_id))
        throw invalidConfig("config.project_id is required for gcp engines.", { field: "config.project_id" });
      if (!rootPath && !has("credentials"))
        throw invalidConfig("Root credentials are missing: set config.root_credentials_path or credentials.", {
          field: "config.root_credentials_path",
        });
    }
  }

  engineView(record: EngineRecord) {
    const now = this.#nowMs();
    let roles = 0;
    for (const role of this.state.roles.values()) if (role.engine_id === record.id) roles++;
    let active = 0;
    for (const lease of this.state.leases.values())
      if (lease.engine_id === record.id && leaseStatus(lease, now) === "active") active++;
    return {
      id: record.id,
      name: record.name,
      type: record.type,
      engine_type: engineType(record),
      config: redactConfig(record.config),
      default_ttl: ttlText(record.default_ttl_ms),
      max_ttl: ttlText(record.max_ttl_ms),
      status: "healthy",
      role_count: roles,
      active_leases: active,
      created_at: record.created_at,
    };
  }

  listEngines() {
    return [...this.state.engines.values()].sort((a, b) => a.name.localeCompare(b.name)).map((e) => this.engineView(e));
  }

  // ---------------------------------------------------------------- roles

  role(engine: EngineRecord, name: string): RoleRecord {
    const role = this.state.roles.get(`${engine.id}/${name}`);
    if (!role)
      throw notFound("role_not_found", `Role '${name.slice(0, 80)}' not found on engine '${engine.name}'.`, {
        engine: engine.name,
        role: name.slice(0, 80),
      });
    return role;
  }

  createRole(engineRef: string, input: RoleInput, actor: string | null = null) {
    const engine = this.engine(engineRef);
    if (!NAME.test(input.name))
      throw badRequest(
        "invalid_role",
        `Invalid role name '${input.name.slice(0, 80)}': use 1-63 of a-z, 0-9, '-', '_'.`,
      );
    const key = `${engine.id}/${input.name}`;
    if (this.state.roles.has(key))
      throw conflict("role_exists", `Role '${input.name}' already exists on engine '${engine.name}'.`, {
        engine: engine.name,
        role: input.name,
      });
    const defaultTtl = duration(input.default_ttl, "default_ttl") ?? null;
    const maxTtl = duration(input.max_ttl, "max_ttl") ?? null;
    if (maxTtl !== null && maxTtl > engine.max_ttl_ms)
      throw invalidConfig(
        `max_ttl (${formatDuration(maxTtl)}) exceeds the engine's max_ttl (${formatDuration(engine.max_ttl_ms)}).`,
        { field: "max_ttl" },
      );
    const effMax = maxTtl ?? engine.max_ttl_ms;
    if ((defaultTtl ?? Math.min(engine.default_ttl_ms, effMax)) > effMax)
      throw invalidConfig(
        `default_ttl (${formatDuration(defaultTtl as number)}) exceeds max_ttl (${formatDuration(effMax)}).`,
        { field: "default_ttl" },
      );
    const config = structuredClone(input.config ?? {});
    let creation = statements(input.creation_statements) ?? [];
    let revocation = statements(input.revocation_statements);
    const type = engineType(engine);
    if (engine.type === "database") {
      if (engine.plugin === "redis") {
        config.acl_rules = str(config.acl_rules) ?? "~* +@read";
        if (creation.length === 0) creation = [`ACL SETUSER {{name}} on >{{password}} ${config.acl_rules as string}`];
      } else if (creation.length === 0)
        throw new ApiProblem(422, "validation_error", `creation_statements are required for ${type} roles.`, {
          fields: [{ field: "creation_statements", message: "required for database engines" }],
        });
      revocation ??= DEFAULT_REVOCATION[engine.plugin as string] ?? [];
    } else if (engine.type === "aws") {
      const credentialType = str(config.credential_type) ?? "iam_user";
      if (credentialType !== "iam_user" && credentialType !== "assumed_role")
        throw invalidConfig("config.credential_type must be iam_user or assumed_role.", {
          field: "config.credential_type",
        });
      config.credential_type = credentialType;
      if (credentialType === "assumed_role" && !str(config.role_arn))
        throw invalidConfig("config.role_arn is required for assumed_role roles.", { field: "config.role_arn" });
    } else if (engine.type === "ssh") {
      const defaultUser = str(config.default_user) ?? (engine.config.default_user as string);
      config.default_user = defaultUser;
      if (!Array.isArray(config.allowed_users)) config.allowed_users = [defaultUser];
    }
    const now = this.env.vault.clock.iso();
    const record: RoleRecord = {
      name: input.name,
      engine_id: engine.id,
      default_ttl_ms: defaultTtl,
      max_ttl_ms: maxTtl,
      creation_statements: creation,
      revocation_statements: revocation ?? [],
      config,
      created_at: now,
      updated_at: now,
      created_by: actor,
    };
    this.state.roles.set(key, record);
    return this.roleView(record);
  }

  #ttls(engine: EngineRecord, role: RoleRecord): { defaultMs: number; maxMs: number } {
    const maxMs = Math.min(role.max_ttl_ms ?? engine.max_ttl_ms, engine.max_ttl_ms);
    return { defaultMs: Math.min(role.default_ttl_ms ?? engine.default_ttl_ms, maxMs), maxMs };
  }

  roleView(role: RoleRecord) {
    const engine = this.state.engines.get(role.engine_id) as EngineRecord;
    const { defaultMs, maxMs } = this.#ttls(engine, role);
    return {
      name: role.name,
      engine: engine.name,
      default_ttl: ttlText(defaultMs),
      max_ttl: ttlText(maxMs),
      creation_statements: [...role.creation_statements],
      revocation_statements: [...role.revocation_statements],
      config: redactConfig(role.config),
      created_at: role.created_at,
    };
  }

  listRoles(engineRef: string) {
    const engine = this.engine(engineRef);
    return [...this.state.roles.values()]
      .filter((r) => r.engine_id === engine.id)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((r) => this.roleView(r));
  }

  // ---------------------------------------------------------------- leases

  /**
   * Generates credentials: a lease with a per-lease username and secret. The TTL is the requested
   * one (or the role's default), capped by the role's max_ttl (itself capped by the engine's);
   * a capped request succeeds with a warning.
   */
  generate(
    engineRef: string,
    roleName: string,
    options: { ttl?: string | undefined } = {},
    actor: string | null = null,
  ) {
    const engine = this.engine(engineRef);
    const role = this.role(engine, roleName);
    const { defaultMs, maxMs } = this.#ttls(engine, role);
    const requested = duration(options.ttl, "ttl");
    const warnings: string[] = [];
    let ttlMs = requested ?? defaultMs;
    if (ttlMs > maxMs) {
      warnings.push(
        `Requested ttl ${formatDuration(ttlMs)} exceeds max_ttl ${formatDuration(maxMs)}; capped to ${formatDuration(maxMs)}.`,
      );
      ttlMs = maxMs;
    }
    const credentials = this.#credentials(engine, role);
    const now = this.#nowMs();
    const lease: LeaseRecord = {
      lease_id: this.env.vault.ids.next("lease"),
      engine_id: engine.id,
      role: role.name,
      username: typeof credentials.username === "string" ? credentials.username : null,
      issued_at: this.#iso(now),
      expires_at: this.#iso(now + ttlMs),
      max_expires_at: this.#iso(now + maxMs),
      lease_duration_ms: ttlMs,
      renew_count: 0,
      last_renewed_at: null,
      revoked_at: null,
      revoked_by: null,
      created_by: actor,
    };
    this.state.leases.set(lease.lease_id, lease);
    this.env.emit(
      "lease.created",
      {
        lease_id: lease.lease_id,
        engine: engine.name,
        engine_type: engineType(engine),
        role: role.name,
        username: lease.username,
        expires_at: lease.expires_at,
        ttl: ttlText(ttlMs),
        created_by: actor,
      },
      actor,
    );
    return { ...this.leaseView(lease), credentials, warnings };
  }

  #credentials(engine: EngineRecord, role: RoleRecord): Record<string, unknown> {
    const ids = this.env.vault.ids;
    const slug = role.name.replace(/[^a-z0-9_]/g, "_");
    const password = () => ids.chars(24, PASSWORD_ALPHABET);
    if (engine.type === "database") {
      const username =
        engine.plugin === "mysql" ? `v_${slug.slice(0, 13)}_${ids.chars(8)}` : `v_${slug.slice(0, 40)}_${ids.chars(8)}`;
      const pw = password();
      return { username, password: pw, connection_url: fillUrl(engine.config.connection_url as string, username, pw) };
    }
    if (engine.type === "aws") {
      const assumed = role.config.credential_type === "assumed_role";
      return {
        ...(assumed
          ? { role_arn: role.config.role_arn }
          : { username: `scaivault-${slug.slice(0, 32)}-${ids.chars(8)}` }),
        access_key_id: `${assumed ? "ASIA" : "AKIA"}${ids.chars(16, UPPER)}`,
        secret_access_key: ids.chars(40, `${PASSWORD_ALPHABET}/+`),
        ...(assumed ? { session_token: `FwoGZXIvYXdzEMOCK${ids.chars(120, PASSWORD_ALPHABET)}` } : {}),
        region: engine.config.region,
      };
    }
    if (engine.type === "ssh") {
      const username = (role.config.default_user as string) ?? "ubuntu";
      if (engine.config.mode === "otp") return { username, otp: ids.chars(8, "0123456789"), key_type: "otp" };
      return {
        username,
        key_type: "ca",
        serial_number: ids.hex(8),
        valid_principals: [username],
        signed_key: `ssh-ed25519-cert-v01@openssh.com AAAAIHNzaC1lZDI1NTE5LWNlcnQtdjAxQG9wZW5zc2guY29t${ids.chars(64, PASSWORD_ALPHABET)} ${username}`,
        private_key: `-----BEGIN OPENSSH PRIVATE KEY-----\nmock${ids.chars(64, PASSWORD_ALPHABET)}\n-----END OPENSSH PRIVATE KEY-----\n`,
      };
    }
    if (engine.type === "azure")
      return {
        client_id: `${ids.hex(4)}-${ids.hex(2)}-${ids.hex(2)}-${ids.hex(2)}-${ids.hex(6)}`,
        client_secret: ids.chars(40, PASSWORD_ALPHABET),
        tenant_id: engine.config.tenant_id,
      };
    if (engine.type === "gcp")
      return {
        service_account_email: `vault-${slug.slice(0, 16)}-${ids.chars(6)}@${engine.config.project_id as string}.iam.gserviceaccount.com`,
        token: `ya29.mock${ids.chars(60, PASSWORD_ALPHABET)}`,
      };
    return { username: `v_${slug}_${ids.chars(8)}`, token: ids.chars(40, PASSWORD_ALPHABET) };
  }

  lease(id: string): LeaseRecord {
    const lease = this.state.leases.get(id);
    if (!lease)
      throw notFound("lease_not_found", `Lease '${id.slice(0, 80)}' not found.`, { lease_id: id.slice(0, 80) });
    return lease;
  }

  leaseView(lease: LeaseRecord) {
    const now = this.#nowMs();
    const engine = this.state.engines.get(lease.engine_id) as EngineRecord;
    const status = leaseStatus(lease, now);
    const expiresMs = Date.parse(lease.expires_at);
    return {
      lease_id: lease.lease_id,
      engine: engine.name,
      role: lease.role,
      status,
      username: lease.username,
      issued_at: lease.issued_at,
      expires_at: lease.expires_at,
      max_expires_at: lease.max_expires_at,
      ttl: status === "active" ? Math.max(0, Math.floor((expiresMs - now) / 1000)) : 0,
      renewable: status === "active" && expiresMs < Date.parse(lease.max_expires_at),
      renew_count: lease.renew_count,
      revoked_at: lease.revoked_at,
      created_by: lease.created_by,
    };
  }

  /** Leases, newest first; active only by default; with `withinMs`, active ones expiring soon, soonest first. */
  listLeases(query: LeaseQuery = {}) {
    const now = this.#nowMs();
    const engine = query.engine === undefined ? undefined : this.engine(query.engine);
    const wanted = query.withinMs !== undefined ? "active" : (query.status ?? "active");
    const horizon = query.withinMs === undefined ? undefined : now + query.withinMs;
    const leases = [...this.state.leases.values()].filter(
      (l) =>
        (engine === undefined || l.engine_id === engine.id) &&
        (query.role === undefined || l.role === query.role) &&
        (wanted === "all" || leaseStatus(l, now) === wanted) &&
        (horizon === undefined || Date.parse(l.expires_at) <= horizon),
    );
    if (horizon === undefined)
      leases.sort((a, b) => b.issued_at.localeCompare(a.issued_at) || a.lease_id.localeCompare(b.lease_id));
    else leases.sort((a, b) => a.expires_at.localeCompare(b.expires_at) || a.lease_id.localeCompare(b.lease_id));
    return leases.map((l) => this.leaseView(l));
  }

  /**
   * Extends an active lease by `increment` from now (default: the role's default TTL), never
   * shortening it and never past max_expires_at: a capped renewal succeeds with a warning, one
   * that would end earlier leaves the lease as it is with a warning, and a lease already at its
   * max answers 409 lease_max_ttl_reached.
   */
  renew(id: string, options: { increment?: string | undefined } = {}, actor: string | null = null) {
    const lease = this.lease(id);
    const now = this.#nowMs();
    const status = leaseStatus(lease, now);
    if (status === "revoked")
      throw conflict("lease_revoked", `Lease '${id}' was revoked at ${lease.revoked_at}; generate new credentials.`, {
        lease_id: id,
      });
    if (status === "expired")
      throw conflict("lease_expired", `Lease '${id}' expired at ${lease.expires_at}; generate new credentials.`, {
        lease_id: id,
      });
    const engine = this.state.engines.get(lease.engine_id) as EngineRecord;
    const role = this.state.roles.get(`${engine.id}/${lease.role}`);
    const increment =
      duration(options.increment, "increment") ?? (role ? this.#ttls(engine, role).defaultMs : lease.lease_duration_ms);
    const currentMs = Date.parse(lease.expires_at);
    const maxMs = Date.parse(lease.max_expires_at);
    if (currentMs >= maxMs)
      throw conflict(
        "lease_max_ttl_reached",
        `Lease '${id}' already runs until its max_ttl (${lease.max_expires_at}); generate new credentials.`,
        {
          lease_id: id,
          max_expires_at: lease.max_expires_at,
        },
      );
    const warnings: string[] = [];
    let next = now + increment;
    if (next > maxMs) {
      warnings.push(`Renewal capped at max_ttl: the lease cannot live past ${lease.max_expires_at}.`);
      next = maxMs;
    }
    // Renewing never shortens a lease: an increment ending before the current expiry changes
    // nothing, is not counted as a renewal, and says so.
    if (next <= currentMs) {
      warnings.push(
        `Increment ${formatDuration(increment)} from now ends before the current expiry (${lease.expires_at}); the lease is unchanged.`,
      );
      return { ...this.leaseView(lease), warnings };
    }
    const previous = lease.expires_at;
    lease.expires_at = this.#iso(next);
    lease.lease_duration_ms = next - now;
    lease.renew_count += 1;
    lease.last_renewed_at = this.#iso(now);
    this.env.emit(
      "lease.renewed",
      {
        lease_id: id,
        engine: engine.name,
        role: lease.role,
        previous_expires_at: previous,
        expires_at: lease.expires_at,
        renewed_by: actor,
      },
      actor,
    );
    return { ...this.leaseView(lease), warnings };
  }

  /** Revokes an active lease now (the role's revocation statements run at the source). Idempotent. */
  revoke(id: string, actor: string | null = null) {
    const lease = this.lease(id);
    const now = this.#nowMs();
    if (leaseStatus(lease, now) === "active") {
      lease.revoked_at = this.#iso(now);
      lease.revoked_by = actor;
      const engine = this.state.engines.get(lease.engine_id) as EngineRecord;
      this.env.emit(
        "lease.revoked",
        { lease_id: id, engine: engine.name, role: lease.role, username: lease.username, revoked_by: actor },
        actor,
      );
    }
    return this.leaseView(lease);
  }

  /** For seeding: moves a lease's times back as if it had been generated earlier. */
  backdate(id: string, byMs: number): void {
    const lease = this.lease(id);
    const shift = (iso: string) => this.#iso(Date.parse(iso) - byMs);
    lease.issued_at = shift(lease.issued_at);
    lease.expires_at = shift(lease.expires_at);
    lease.max_expires_at = shift(lease.max_expires_at);
    if (lease.revoked_at) lease.revoked_at = shift(lease.revoked_at);
    if (lease.last_renewed_at) lease.last_renewed_at = shift(lease.last_renewed_at);
  }
}

/** TTLs as the docs write them: hours up to 72h ("24h", not "1d"), else the shortest exact unit. */
function ttlText(ms: number): string {
  return ms % 3_600_000 === 0 && ms <= 72 * 3_600_000 ? `${ms / 3_600_000}h` : formatDuration(ms);
}

function leaseStatus(lease: LeaseRecord, nowMs: number): LeaseStatus {
  if (lease.revoked_at) return "revoked";
  return Date.parse(lease.expires_at) <= nowMs ? "expired" : "active";
}

function engineType(engine: EngineRecord): string {
  return engine.plugin ? `${engine.type}.${engine.plugin}` : engine.type;
}

/** `database` + config.plugin, or the dotted shorthand `database.postgresql`. */
function normaliseType(raw: string, config: Record<string, unknown>): { type: string; plugin: string | null } {
  const [type, dotted] = raw.split(".", 2) as [string, string | undefined];
  if (!(ENGINE_TYPES as readonly string[]).includes(type))
    throw invalidConfig(`Unknown engine type '${raw.slice(0, 40)}' (use ${ENGINE_TYPES.join(", ")}).`, {
      field: "type",
    });
  if (type !== "database") {
    if (dotted !== undefined) throw invalidConfig(`Unknown engine type '${raw.slice(0, 40)}'.`, { field: "type" });
    return { type, plugin: null };
  }
  const fromConfig = str(config.plugin);
  if (dotted && fromConfig && dotted !== fromConfig)
    throw invalidConfig(`type '${raw}' disagrees with config.plugin '${fromConfig}'.`, { field: "config.plugin" });
  const plugin = dotted ?? fromConfig;
  if (!plugin || !(DB_PLUGINS as readonly string[]).includes(plugin))
    throw invalidConfig(`Database engines need config.plugin: one of ${DB_PLUGINS.join(", ")}.`, {
      field: "config.plugin",
    });
  return { type, plugin };
}

/** Fills {{username}} / {{password}} (percent-encoded); a URL without placeholders gets them as userinfo. */
function fillUrl(template: string, username: string, password: string): string {
  if (template.includes("{{username}}") || template.includes("{{password}}"))
    return template
      .replaceAll("{{username}}", encodeURIComponent(username))
      .replaceAll("{{password}}", encodeURIComponent(password));
  const url = new URL(template);
  url.username = username;
  url.password = password;
  return url.toString();
}
