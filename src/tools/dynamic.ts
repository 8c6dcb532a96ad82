import { z } from "zod";
import {
  DynamicEngine,
  DynamicRole,
  EngineList,
  GeneratedLease,
  Lease,
  LeaseList,
  RenewedLease,
  RoleList,
} from "../client/schemas/dynamic.js";
import { group, tool } from "./define.js";
import { Cursor, Data, Duration, Limit } from "./schemas.js";

/** Engine types of the API reference (core-concepts/dynamic-secrets); `database` takes a plugin. */
const ENGINE_TYPES = [
  "database",
  "database.postgresql",
  "database.mysql",
  "database.mongodb",
  "database.redis",
  "aws",
  "azure",
  "gcp",
  "ssh",
  "custom",
] as const;
const Engine = z.string().min(1).max(128).describe("Engine name or id, e.g. postgres-prod");
const LeaseId = z.string().min(1).max(128);

/**
 * Credentials of a generated lease are secret by default (engines differ and custom ones return
 * anything): every key is masked except these, which name or describe a credential without
 * granting it. An SSH signed_key is a certificate, public by design; its private_key is not.
 */
const PUBLIC_CREDENTIAL_KEYS = [
  "username",
  "access_key_id",
  "region",
  "role_arn",
  "key_type",
  "serial_number",
  "valid_principals",
  "signed_key",
  "client_id",
  "tenant_id",
  "service_account_email",
  "host",
  "port",
  "database",
  "connection_url",
];
const CREDENTIAL_FIELDS = [`credentials.*!${PUBLIC_CREDENTIAL_KEYS.join(",")}`, "credentials.connection_url#password"];

/**
 * Engine config as echoed by the vault: it redacts root credentials, and under MASK_VALUES the
 * server masks every key but these documented, non-secret ones, should a vault echo one.
 */
const PUBLIC_CONFIG_KEYS = [
  "plugin",
  "connection_url",
  "root_credentials_path",
  "username",
  "region",
  "access_key_id",
  "mode",
  "default_user",
  "allowed_hosts",
  "ca_public_key",
  "tenant_id",
  "client_id",
  "subscription_id",
  "project_id",
];
const configFields = (at: string) => [`${at}.*!${PUBLIC_CONFIG_KEYS.join(",")}`, `${at}.connection_url#password`];

export const dynamicTools = group("dynamic", [
  tool({
    name: "scaivault_list_dynamic_engines",
    title: "List dynamic engines",
    description:
      "List dynamic-secret engines (postgres, mysql, redis, aws, ssh, ...) with type, TTLs, role count and active leases.",
    access: "read",
    scopes: ["dynamic:read"],
    input: { limit: Limit, cursor: Cursor },
    secretFields: configFields("data[].config"),
    output: EngineList.shape,
    run: (client, { limit, cursor }, signal) => client.dynamic.listEngines({ limit, cursor }, signal),
  }),

  tool({
    name: "scaivault_get_dynamic_engine",
    title: "Get dynamic engine",
    description:
      "One dynamic engine: type, connection config (credentials redacted), default/max TTL, health and lease counts.",
    access: "read",
    scopes: ["dynamic:read"],
    secretFields: configFields("config"),
    input: { engine: Engine },
    output: DynamicEngine.shape,
    run: (client, { engine }, signal) => client.dynamic.getEngine(engine, signal),
  }),

  tool({
    name: "scaivault_create_dynamic_engine",
    title: "Create dynamic engine",
    description:
      "Configure a dynamic-secret engine. The vault reads its root credentials (config.root_credentials_path) and tests the connection.",
    access: "write",
    scopes: ["dynamic:manage"],
    paths: [{ arg: "config.root_credentials_path", kind: "exact" }],
    secretFields: configFields("config"),
    input: {
      name: z.string().min(1).max(63),
      type: z
        .enum(ENGINE_TYPES)
        .describe("database needs config.plugin (postgresql, mysql, mongodb, redis) unless given as database.<plugin>"),
      config: Data.describe("e.g. plugin, connection_url, root_credentials_path, region"),
      default_ttl: Duration.optional(),
      max_ttl: Duration.optional(),
    },
    output: DynamicEngine.shape,
    run: (client, args, signal) => client.dynamic.createEngine(args, signal),
  }),

  tool({
    name: "scaivault_list_dynamic_roles",
    title: "List dynamic roles",
    description:
      "Roles of a dynamic engine: what credentials each generates (statements, config) and their default/max TTL.",
    access: "read",
    scopes: ["dynamic:read"],
    input: { engine: Engine, limit: Limit, cursor: Cursor },
    output: RoleList.shape,
    run: (client, { engine, limit, cursor }, signal) => client.dynamic.listRoles(engine, { limit, cursor }, signal),
  }),

  tool({
    name: "scaivault_create_dynamic_role",
    title: "Create dynamic role",
    description:
      "Define a role on an engine: creation/revocation statements (database), config (aws credential_type, ssh allowed_users) and TTLs.",
    access: "write",
    scopes: ["dynamic:manage"],
    grants: { kind: "engine", engine: "engine" },
    input: {
      engine: Engine,
      name: z.string().min(1).max(63),
      creation_statements: z.array(z.string().max(4000)).max(50).optional(),
      revocation_statements: z.array(z.string().max(4000)).max(50).optional(),
      default_ttl: Duration.optional(),
      max_ttl: Duration.optional(),
      config: Data.optional(),
    },
    output: DynamicRole.shape,
    run: (client, { engine, ...body }, signal) => client.dynamic.createRole(engine, body, signal),
  }),

  tool({
    name: "scaivault_generate_credentials",
    title: "Generate dynamic credentials",
    description:
      "Generate short-lived credentials from an engine role, e.g. engine=postgres-prod role=readonly ttl=1h. Returns a lease id, expiry and the credentials.",
    access: "write",
    scopes: ["dynamic:generate"],
    grants: { kind: "engine", engine: "engine" },
    oneTime: {
      what: "dynamic credentials",
      data: { "*": "credentials" },
      metadata: {
        lease_id: "lease_id",
        engine: "engine",
        role: "role",
        username: "username",
        expires_at: "expires_at",
      },
      secretType: "json",
      undo: { tool: "scaivault_revoke_lease", args: { lease_id: "lease_id" } },
    },
    secretFields: CREDENTIAL_FIELDS,
    input: {
      engine: Engine,
      role: z
        .string()
        .min(1)
        .max(128)
        .describe("Role of the engine that fixes what is granted, e.g. readonly (see scaivault_list_dynamic_roles)"),
      ttl: Duration.optional().describe("Lease TTL (default: the role's)"),
    },
    output: GeneratedLease.shape,
    run: (client, { engine, role, ttl }, signal) => client.dynamic.generateCredentials(engine, role, { ttl }, signal),
  }),

  tool({
    name: "scaivault_list_leases",
    title: "List leases",
    description:
      "Dynamic-credential leases, newest first: engine, role, username, status and expiry. Active ones unless status is given.",
    access: "read",
    scopes: ["dynamic:read"],
    input: {
      engine: Engine.optional(),
      role: z.string().max(128).optional(),
      status: z.enum(["active", "expired", "revoked", "all"]).optional(),
      limit: Limit,
      cursor: Cursor,
    },
    output: LeaseList.shape,
    run: (client, args, signal) => client.dynamic.listLeases(args, signal),
  }),

  tool({
    name: "scaivault_renew_lease",
    title: "Renew lease",
    description:
      "Extend an active lease by `increment` from now (default: the role's TTL), capped at its max TTL. Never shortens: an increment ending before the current expiry leaves the lease as is, with a warning.",
    access: "write",
    scopes: ["dynamic:generate"],
    grants: { kind: "engine", lease: "lease_id" },
    input: { lease_id: LeaseId, increment: Duration.optional() },
    output: RenewedLease.shape,
    run: (client, { lease_id, increment }, signal) => client.dynamic.renewLease(lease_id, { increment }, signal),
  }),

  tool({
    name: "scaivault_revoke_lease",
    title: "Revoke lease",
    description: "Revoke a lease now: its credentials are deleted at the source and stop working.",
    access: "delete",
    scopes: ["dynamic:generate"],
    confirm: {
      ask: "Revoke lease {lease_id}? Its credentials are deleted at the source and stop working now. This cannot be undone.",
    },
    idempotent: true,
    input: { lease_id: LeaseId },
    output: Lease.shape,
    run: (client, { lease_id }, signal) => client.dynamic.revokeLease(lease_id, signal),
  }),

  tool({
    name: "scaivault_check_expiring_leases",
    title: "Check expiring leases",
    description:
      "Active dynamic-credential leases that expire within `within` (default 30m), soonest first, with seconds left (ttl) and whether renewable. Secrets: scaivault_check_expiration; certificates: scaivault_check_expiring_certs.",
    access: "read",
    scopes: ["dynamic:read"],
    input: {
      within: Duration.optional().describe("Window from now (default 30m)"),
      engine: Engine.optional(),
      limit: Limit,
      cursor: Cursor,
    },
    output: LeaseList.shape,
    run: (client, { within, engine, limit, cursor }, signal) =>
      client.dynamic.listLeases({ expiring_within: within ?? "30m", engine, limit, cursor }, signal),
  }),
]);
