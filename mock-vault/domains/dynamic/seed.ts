import { DEMO } from "../../core/demo.js";
import type { MockVault } from "../stores.js";

const OPS = "user:ops@acme.example";
const MIN = 60_000;

/**
 * Demo data of the dynamic domain (deterministic: vault.ids, vault.faker, vault.clock only).
 * Reproduces the product page example: engine postgres-prod (db.internal:5432/main), role
 * readonly, ttl 1h -> postgresql://v_readonly_…@db.internal:5432/main. Plus mysql, redis, aws and
 * ssh engines and a few leases in every state (active, expiring soon, expired, revoked).
 */
export function seedDynamic(vault: MockVault): void {
  const dynamic = vault.tenant(DEMO.tenantId).dynamic;
  const ids = vault.ids;
  const now = vault.clock.nowMs();

  dynamic.createEngine(
    {
      name: "postgres-prod",
      type: "database",
      config: {
        plugin: "postgresql",
        connection_url: "postgresql://{{username}}:{{password}}@db.internal:5432/main",
        root_credentials_path: "infra/db/primary/credentials",
      },
      default_ttl: "1h",
      max_ttl: "24h",
    },
    OPS,
  );
  dynamic.createRole(
    "postgres-prod",
    {
      name: "readonly",
      creation_statements: [
        `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
        `GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";`,
      ],
      default_ttl: "1h",
      max_ttl: "8h",
    },
    OPS,
  );
  dynamic.createRole(
    "postgres-prod",
    {
      name: "readwrite",
      creation_statements: [
        `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{{name}}";`,
      ],
      default_ttl: "1h",
      max_ttl: "4h",
    },
    OPS,
  );

  dynamic.createEngine(
    {
      name: "mysql-orders",
      type: "database.mysql",
      config: {
        connection_url: "mysql://{{username}}:{{password}}@mysql.internal:3306/orders",
        username: "root",
        password: `mock-${ids.chars(20)}`,
      },
      default_ttl: "1h",
      max_ttl: "24h",
    },
    OPS,
  );
  dynamic.createRole(
    "mysql-orders",
    {
      name: "reporting",
      creation_statements: [
        "CREATE USER '{{name}}'@'%' IDENTIFIED BY '{{password}}';",
        "GRANT SELECT ON orders.* TO '{{name}}'@'%';",
      ],
      default_ttl: "2h",
      max_ttl: "8h",
    },
    OPS,
  );

  dynamic.createEngine(
    {
      name: "redis-cache",
      type: "database",
      config: {
        plugin: "redis",
        connection_url: "redis://{{username}}:{{password}}@cache.internal:6379/0",
        root_credentials_path: "infra/cache/redis",
      },
      default_ttl: "1h",
      max_ttl: "8h",
    },
    OPS,
  );
  dynamic.createRole("redis-cache", { name: "app-cache", config: { acl_rules: "~app:* +@read +@write" } }, OPS);

  dynamic.createEngine(
    {
      name: "aws-prod",
      type: "aws",
      config: {
        region: "eu-west-1",
        access_key_id: `AKIAMOCK${ids.chars(12, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`,
        secret_access_key: `mock-${ids.chars(36)}`,
      },
      default_ttl: "1h",
      max_ttl: "12h",
    },
    OPS,
  );
  dynamic.createRole(
    "aws-prod",
    {
      name: "s3-readonly",
      config: { credential_type: "iam_user", policy_arns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"] },
    },
    OPS,
  );
  dynamic.createRole(
    "aws-prod",
    {
      name: "deploy",
      config: { credential_type: "assumed_role", role_arn: "arn:aws:iam::123456789012:role/deploy" },
      default_ttl: "15m",
      max_ttl: "1h",
    },
    OPS,
  );

  dynamic.createEngine(
    {
      name: "ssh-bastion",
      type: "ssh",
      config: { mode: "ca", default_user: "ubuntu", allowed_hosts: "*.internal" },
      default_ttl: "30m",
      max_ttl: "1h",
    },
    OPS,
  );
  dynamic.createRole(
    "ssh-bastion",
    { name: "ops", config: { allowed_users: ["ubuntu", "ops"], default_user: "ops" } },
    OPS,
  );

  // Leases, generated "earlier": set the clock back, generate, come back.
  const at = <T>(minutesAgo: number, fn: () => T): T => {
    vault.clock.set(now - minutesAgo * MIN);
    try {
      return fn();
    } finally {
      vault.clock.set(now);
    }
  };
  at(45, () => dynamic.generate("postgres-prod", "readonly", { ttl: "1h" }, OPS)); // active, expires in 15m
  at(120, () => dynamic.generate("aws-prod", "s3-readonly", { ttl: "8h" }, "sa:billing-worker")); // active, 6h left
  at(180, () => dynamic.generate("postgres-prod", "readwrite", { ttl: "1h" }, OPS)); // expired 2h ago
  const revoked = at(30, () => dynamic.generate("redis-cache", "app-cache", {}, "sa:web-frontend"));
  at(10, () => dynamic.revoke(revoked.lease_id, "sa:web-frontend"));
  at(10, () => dynamic.generate("ssh-bastion", "ops", {}, OPS)); // active, expires in 20m
}
