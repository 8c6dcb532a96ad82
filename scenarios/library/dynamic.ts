import { scenario } from "../kit.js";

/**
 * Dynamic secrets: engines, roles and short-lived leases. The demo vault (seed 42, clock
 * 2026-05-17T15:00:00Z) has postgres-prod (readonly max 8h, readwrite max 4h), mysql-orders,
 * redis-cache, aws-prod and ssh-bastion, plus seeded leases: postgres-prod/readonly issued 14:15
 * (expires 15:15, max 22:15), ssh-bastion/ops (expires 15:20), aws-prod/s3-readonly (expires 21:00),
 * an expired postgres-prod/readwrite and a revoked redis-cache lease.
 */

const MASK = "••••••";

/**
 * The same request under MASK_VALUES, with the password kept: store_at has the server write the
 * credentials into the vault, so they go vault to vault and the agent hands over only the path.
 */
export const postgresReadonlyStored = scenario({
  id: "dynamic.postgres-readonly-stored",
  title: "Temporary read-only Postgres access under MASK_VALUES, the credentials stored in the vault (store_at)",
  user: "I need temporary read-only Postgres access for an audit; put the login where the audit job reads it.",
  profile: { maskValues: true, deniedPaths: ["infra/prod"] },
  steps: [
    {
      note: "A store_at under a denied prefix is refused before anything is minted.",
      tool: "scaivault_generate_credentials",
      args: { engine: "postgres-prod", role: "readonly", ttl: "1h", store_at: "infra/prod/audit-db" },
      expect: { refused: "path_denied" },
    },
    {
      tool: "scaivault_generate_credentials",
      args: { engine: "postgres-prod", role: "readonly", ttl: "1h", store_at: "apps/audit/postgres" },
      expect: {
        ok: true,
        match: {
          engine: "postgres-prod",
          status: "active",
          "credentials.password": MASK,
          "stored.path": "apps/audit/postgres",
          "stored.version": 1,
          "stored.fields": [["username", "password", "connection_url"]],
        },
        contains: [`:${MASK}@db.internal:5432/main`],
      },
      capture: { leaseId: "lease_id" },
    },
    {
      note: "The stored secret holds the login (masked here too) and says which lease it came from.",
      tool: "scaivault_read_secret",
      args: { path: "apps/audit/postgres" },
      expect: {
        ok: true,
        match: {
          secret_type: "json",
          "data.password": MASK,
          "metadata.minted_by": "scaivault_generate_credentials",
          "metadata.engine": "postgres-prod",
          "metadata.role": "readonly",
        },
        contains: ['"lease_id":"lease_', '"username":"v_readonly_'],
      },
    },
    {
      note: "Only one lease was minted: the refused call made none.",
      tool: "scaivault_list_leases",
      args: { engine: "postgres-prod", role: "readonly" },
      expect: {
        ok: true,
        match: { "data[].issued_at": ["2026-05-17T15:00:00.000Z", "2026-05-17T14:15:00.000Z"] },
      },
    },
    {
      tool: "scaivault_revoke_lease",
      args: { lease_id: "${leaseId}" },
      expect: { ok: true, match: { status: "revoked" } },
    },
  ],
});

/** The product page's third example. Played over stdio too: no clock steps, no seed. */
export const postgresReadonly = scenario({
  id: "dynamic.postgres-readonly",
  title: "Temporary read-only Postgres access, password masked (product page example)",
  user: "I need temporary read-only Postgres access for an audit.",
  profile: { maskValues: true },
  steps: [
    {
      tool: "scaivault_generate_credentials",
      args: { engine: "postgres-prod", role: "readonly", ttl: "1h" },
      expect: {
        ok: true,
        match: {
          engine: "postgres-prod",
          role: "readonly",
          status: "active",
          ttl: 3600,
          expires_at: "2026-05-17T16:00:00.000Z",
          "credentials.password": MASK,
          warnings: [[]],
        },
        contains: [
          '"lease_id":"lease_',
          '"connection_url":"postgresql://v_readonly_',
          `:${MASK}@db.internal:5432/main`,
          "@db.internal:5432/main",
          "v_readonly_",
        ],
      },
      capture: { leaseId: "lease_id" },
    },
    {
      note: "The new lease (issued now, 1h left) is listed next to the older readonly lease.",
      tool: "scaivault_list_leases",
      args: { engine: "postgres-prod", role: "readonly" },
      expect: {
        ok: true,
        match: {
          "data[].issued_at": ["2026-05-17T15:00:00.000Z", "2026-05-17T14:15:00.000Z"],
          "data[].ttl": [3600, 900],
          "data[].status": "active",
        },
        contains: ['"username":"v_readonly_'],
        absent: ['"password"', '"credentials"'],
      },
    },
    {
      tool: "scaivault_revoke_lease",
      args: { lease_id: "${leaseId}" },
      expect: {
        ok: true,
        match: {
          engine: "postgres-prod",
          role: "readonly",
          status: "revoked",
          ttl: 0,
          renewable: false,
          revoked_at: "2026-05-17T15:00:00.000Z",
        },
      },
    },
    {
      note: "Only the older lease is still active.",
      tool: "scaivault_list_leases",
      args: { engine: "postgres-prod", role: "readonly" },
      expect: { ok: true, match: { "data[].issued_at": ["2026-05-17T14:15:00.000Z"] } },
    },
    {
      tool: "scaivault_list_leases",
      args: { engine: "postgres-prod", status: "revoked" },
      expect: {
        ok: true,
        match: {
          "data[].role": ["readonly"],
          "data[].issued_at": ["2026-05-17T15:00:00.000Z"],
          "data[].status": ["revoked"],
        },
      },
    },
  ],
});

/** Lease lifecycle against the mock clock: renew within max TTL, watch it expire, regenerate and revoke. */
export const productionLeaseLifecycle = scenario({
  id: "dynamic.production-lease-lifecycle",
  title: "Dynamic Postgres credentials in production: generate, renew within max TTL, expire, revoke",
  user: "Give me Postgres credentials for the production reporting DB, keep them alive for the job, then clean up.",
  steps: [
    {
      note: "Without MASK_VALUES the credentials come back in clear (returned once).",
      tool: "scaivault_generate_credentials",
      args: { engine: "postgres-prod", role: "readonly", ttl: "1h" },
      expect: {
        ok: true,
        match: {
          status: "active",
          ttl: 3600,
          expires_at: "2026-05-17T16:00:00.000Z",
          max_expires_at: "2026-05-17T23:00:00.000Z",
          renewable: true,
          renew_count: 0,
        },
        contains: ['"password":"', "@db.internal:5432/main"],
        absent: [MASK],
      },
      capture: { leaseId: "lease_id" },
    },
    {
      tool: "scaivault_check_expiring_leases",
      args: { within: "1h", engine: "postgres-prod" },
      expect: {
        ok: true,
        match: {
          "data[].expires_at": ["2026-05-17T15:15:00.000Z", "2026-05-17T16:00:00.000Z"],
          "data[].ttl": [900, 3600],
          "data[].renewable": true,
        },
      },
      capture: { olderLease: "data[].lease_id" },
    },
    {
      note: "Renewal is counted from now: 15:00 + 90m.",
      tool: "scaivault_renew_lease",
      args: { lease_id: "${leaseId}", increment: "90m" },
      expect: {
        ok: true,
        match: {
          status: "active",
          expires_at: "2026-05-17T16:30:00.000Z",
          renew_count: 1,
          renewable: true,
          warnings: [[]],
        },
      },
    },
    {
      note: "The older lease asks for 12h but its role's max TTL (8h from issue, 22:15) caps it.",
      tool: "scaivault_renew_lease",
      args: { lease_id: "${olderLease}", increment: "12h" },
      expect: {
        ok: true,
        match: {
          expires_at: "2026-05-17T22:15:00.000Z",
          max_expires_at: "2026-05-17T22:15:00.000Z",
          renewable: false,
          renew_count: 1,
        },
        contains: ["Renewal capped at max_ttl"],
      },
    },
    { tool: "scaivault_renew_lease", args: { lease_id: "${olderLease}" }, expect: { error: "lease_max_ttl_reached" } },
    { clock: "2h", note: "17:00: the renewed lease (16:30) has run out." },
    {
      tool: "scaivault_check_expiring_leases",
      args: { engine: "postgres-prod" },
      expect: { ok: true, match: { "data[].lease_id": [] }, contains: ['"data":[]'] },
    },
    {
      tool: "scaivault_list_leases",
      args: { engine: "postgres-prod" },
      expect: { ok: true, match: { "data[].expires_at": ["2026-05-17T22:15:00.000Z"], "data[].ttl": [18900] } },
    },
    {
      tool: "scaivault_list_leases",
      args: { engine: "postgres-prod", role: "readonly", status: "expired" },
      expect: {
        ok: true,
        match: {
          "data[].expires_at": ["2026-05-17T16:30:00.000Z"],
          "data[].status": ["expired"],
          "data[].renew_count": [1],
          "data[].ttl": [0],
        },
      },
    },
    { tool: "scaivault_renew_lease", args: { lease_id: "${leaseId}" }, expect: { error: "lease_expired" } },
    {
      note: "New credentials with the role's default TTL (1h).",
      tool: "scaivault_generate_credentials",
      args: { engine: "postgres-prod", role: "readonly" },
      expect: {
        ok: true,
        match: { status: "active", issued_at: "2026-05-17T17:00:00.000Z", expires_at: "2026-05-17T18:00:00.000Z" },
      },
      capture: { freshLease: "lease_id" },
    },
    {
      tool: "scaivault_revoke_lease",
      args: { lease_id: "${freshLease}" },
      expect: { ok: true, match: { status: "revoked", revoked_at: "2026-05-17T17:00:00.000Z", ttl: 0 } },
    },
    {
      tool: "scaivault_list_leases",
      args: { engine: "postgres-prod", status: "revoked" },
      expect: { ok: true, match: { "data[].role": ["readonly"], "data[].revoked_at": ["2026-05-17T17:00:00.000Z"] } },
    },
    { tool: "scaivault_renew_lease", args: { lease_id: "${freshLease}" }, expect: { error: "lease_revoked" } },
  ],
});

/** Platform set-up: a new engine and role, TTL caps, connection checks and unknown roles. */
export const onboardEngine = scenario({
  id: "dynamic.onboard-engine",
  title: "Configure a Postgres engine and role, then generate capped credentials",
  user: "Set up dynamic credentials for the analytics warehouse: analysts get read access for at most 2 hours.",
  steps: [
    {
      tool: "scaivault_list_dynamic_engines",
      args: {},
      expect: {
        ok: true,
        match: {
          "data[].name": ["aws-prod", "mysql-orders", "postgres-prod", "redis-cache", "ssh-bastion"],
          "data[].engine_type": ["aws", "database.mysql", "database.postgresql", "database.redis", "ssh"],
        },
        contains: ['"secret_access_key":"<redacted>"'],
      },
    },
    {
      tool: "scaivault_get_dynamic_engine",
      args: { engine: "postgres-prod" },
      expect: {
        ok: true,
        match: {
          engine_type: "database.postgresql",
          max_ttl: "24h",
          role_count: 2,
          active_leases: 1,
          "config.root_credentials_path": "infra/db/primary/credentials",
        },
      },
    },
    {
      tool: "scaivault_create_dynamic_engine",
      args: {
        name: "pg-analytics",
        type: "database",
        config: {
          plugin: "postgresql",
          connection_url: "postgresql://{{username}}:{{password}}@analytics.internal:5432/warehouse",
          root_credentials_path: "infra/db/replica/credentials",
        },
        default_ttl: "30m",
        max_ttl: "4h",
      },
      expect: {
        ok: true,
        match: {
          name: "pg-analytics",
          engine_type: "database.postgresql",
          default_ttl: "30m",
          max_ttl: "4h",
          status: "healthy",
          role_count: 0,
          active_leases: 0,
        },
      },
    },
    {
      note: "The vault tests the connection on create: an unreachable host is rejected.",
      tool: "scaivault_create_dynamic_engine",
      args: {
        name: "pg-broken",
        type: "database",
        config: {
          plugin: "postgresql",
          connection_url: "postgresql://{{username}}:{{password}}@db.invalid:5432/x",
          root_credentials_path: "infra/db/replica/credentials",
        },
      },
      expect: { error: "invalid_config" },
    },
    {
      tool: "scaivault_create_dynamic_role",
      args: {
        engine: "pg-analytics",
        name: "analyst",
        creation_statements: [
          `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
          `GRANT SELECT ON ALL TABLES IN SCHEMA marts TO "{{name}}";`,
        ],
        max_ttl: "2h",
      },
      expect: {
        ok: true,
        match: { name: "analyst", engine: "pg-analytics", default_ttl: "30m", max_ttl: "2h" },
        contains: ["DROP ROLE IF EXISTS"],
      },
    },
    {
      tool: "scaivault_list_dynamic_roles",
      args: { engine: "pg-analytics" },
      expect: { ok: true, match: { "data[].name": ["analyst"], "data[].max_ttl": ["2h"] } },
    },
    {
      tool: "scaivault_list_dynamic_roles",
      args: { engine: "postgres-prod" },
      expect: { ok: true, match: { "data[].name": ["readonly", "readwrite"], "data[].max_ttl": ["8h", "4h"] } },
    },
    {
      note: "8h requested, the role allows 2h: capped with a warning, and not renewable past it.",
      tool: "scaivault_generate_credentials",
      args: { engine: "pg-analytics", role: "analyst", ttl: "8h" },
      expect: {
        ok: true,
        match: {
          ttl: 7200,
          expires_at: "2026-05-17T17:00:00.000Z",
          max_expires_at: "2026-05-17T17:00:00.000Z",
          renewable: false,
          warnings: [["Requested ttl 8h exceeds max_ttl 2h; capped to 2h."]],
        },
        contains: ["postgresql://v_analyst_", "@analytics.internal:5432/warehouse"],
      },
    },
    {
      tool: "scaivault_get_dynamic_engine",
      args: { engine: "pg-analytics" },
      expect: { ok: true, match: { role_count: 1, active_leases: 1 } },
    },
    {
      tool: "scaivault_generate_credentials",
      args: { engine: "pg-analytics", role: "admin" },
      expect: { error: "role_not_found" },
    },
    { tool: "scaivault_get_dynamic_engine", args: { engine: "oracle-legacy" }, expect: { error: "engine_not_found" } },
  ],
});

/** MASK_VALUES on every credential kind: passwords, the password inside URLs, AWS keys, SSH private keys. */
export const maskedCredentials = scenario({
  id: "dynamic.masked-credentials",
  title: "MASK_VALUES: generated passwords, URL passwords, AWS secrets and SSH keys are masked",
  user: "Get me MySQL reporting access, a deploy role in AWS and an SSH cert for the bastion.",
  profile: { maskValues: true },
  steps: [
    {
      tool: "scaivault_generate_credentials",
      args: { engine: "mysql-orders", role: "reporting" },
      expect: {
        ok: true,
        match: { ttl: 7200, "credentials.password": MASK },
        contains: [
          '"username":"v_reporting_',
          `"connection_url":"mysql://v_reporting_`,
          `:${MASK}@mysql.internal:3306/orders"`,
        ],
      },
    },
    {
      tool: "scaivault_generate_credentials",
      args: { engine: "redis-cache", role: "app-cache" },
      expect: { ok: true, match: { "credentials.password": MASK }, contains: [`:${MASK}@cache.internal:6379/0"`] },
    },
    {
      tool: "scaivault_generate_credentials",
      args: { engine: "aws-prod", role: "deploy" },
      expect: {
        ok: true,
        match: {
          ttl: 900,
          "credentials.secret_access_key": MASK,
          "credentials.session_token": MASK,
          "credentials.role_arn": "arn:aws:iam::123456789012:role/deploy",
          "credentials.region": "eu-west-1",
        },
        contains: ['"access_key_id":"ASIA'],
        absent: ["FwoGZXIvYXdzEMOCK"],
      },
    },
    {
      tool: "scaivault_generate_credentials",
      args: { engine: "ssh-bastion", role: "ops" },
      expect: {
        ok: true,
        match: { username: "ops", "credentials.private_key": MASK, "credentials.valid_principals": [["ops"]] },
        contains: ["ssh-ed25519-cert-v01@openssh.com"],
        absent: ["BEGIN OPENSSH PRIVATE KEY"],
      },
    },
  ],
});

/** READ_ONLY: engines, roles and leases can be inspected; nothing is created, generated, renewed or revoked. */
export const readOnly = scenario({
  id: "dynamic.read-only",
  title: "READ_ONLY: dynamic secrets can be inspected, never created, generated, renewed or revoked",
  profile: { readOnly: true },
  steps: [
    {
      tool: "scaivault_list_leases",
      args: {},
      expect: {
        ok: true,
        match: { "data[].engine": ["ssh-bastion", "postgres-prod", "aws-prod"], "data[].status": "active" },
      },
      capture: { leaseId: "data[].lease_id" },
    },
    {
      tool: "scaivault_check_expiring_leases",
      args: {},
      expect: { ok: true, match: { "data[].engine": ["postgres-prod", "ssh-bastion"] } },
    },
    {
      tool: "scaivault_create_dynamic_engine",
      args: {
        name: "pg-ro",
        type: "database",
        config: {
          plugin: "postgresql",
          connection_url: "postgresql://{{username}}:{{password}}@db.internal:5432/main",
          root_credentials_path: "infra/db/primary/credentials",
        },
      },
      expect: { refused: "read_only" },
    },
    {
      tool: "scaivault_create_dynamic_role",
      args: { engine: "postgres-prod", name: "superuser", creation_statements: ['CREATE ROLE "{{name}}" SUPERUSER;'] },
      expect: { refused: "read_only" },
    },
    {
      tool: "scaivault_generate_credentials",
      args: { engine: "postgres-prod", role: "readonly", ttl: "1h" },
      expect: { refused: "read_only" },
    },
    {
      tool: "scaivault_renew_lease",
      args: { lease_id: "${leaseId}", increment: "1h" },
      expect: { refused: "read_only" },
    },
    { tool: "scaivault_revoke_lease", args: { lease_id: "${leaseId}" }, expect: { refused: "read_only" } },
    {
      note: "Nothing changed: same engines, same roles, same three active leases.",
      tool: "scaivault_list_leases",
      args: {},
      expect: {
        ok: true,
        match: { "data[].engine": ["ssh-bastion", "postgres-prod", "aws-prod"], "data[].renew_count": [0, 0, 0] },
      },
    },
    {
      tool: "scaivault_get_dynamic_engine",
      args: { engine: "postgres-prod" },
      expect: { ok: true, match: { role_count: 2 } },
    },
    {
      tool: "scaivault_list_dynamic_engines",
      args: {},
      expect: {
        ok: true,
        match: { "data[].name": ["aws-prod", "mysql-orders", "postgres-prod", "redis-cache", "ssh-bastion"] },
      },
    },
  ],
});
