/**
 * Contract: the dynamic-secrets client against the mock vault, endpoint by endpoint. Every
 * response parses with the client's wire schemas (src/client/schemas/dynamic.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { VaultEvent } from "../../mock-vault/core/events.js";
import { createMockVault } from "../../mock-vault/index.js";
import { createClient } from "../../src/client/index.js";
import {
  DynamicEngine,
  DynamicRole,
  EngineList,
  GeneratedLease,
  Lease,
  LeaseList,
  RenewedLease,
  RoleList,
} from "../../src/client/schemas/dynamic.js";

const mock = createMockVault({ seed: 42 });
const as = (token: string) => createClient({ baseUrl: mock.baseUrl, token, fetch: mock.fetch, maxRetries: 0 });
const client = as(mock.tokens.admin);
const HOUR = 3_600_000;
let events: VaultEvent[] = [];
let off: () => void = () => {};

beforeEach(() => {
  mock.reset();
  events = [];
  off = mock.state.bus.on((e) => events.push(e));
});
afterEach(() => off());

const lastAudit = () => mock.state.audit.events.at(-1);
const iso = (offsetMs: number) => new Date(mock.clock.nowMs() + offsetMs).toISOString();

describe("dynamic engines", () => {
  it("GET /v1/dynamic/engines lists the demo engines with credentials redacted", async () => {
    const list = EngineList.parse(await client.dynamic.listEngines());
    expect(list.data.map((e) => `${e.name}:${e.engine_type}`)).toEqual([
      "aws-prod:aws",
      "mysql-orders:database.mysql",
      "postgres-prod:database.postgresql",
      "redis-cache:database.redis",
      "ssh-bastion:ssh",
    ]);
    const mysql = list.data.find((e) => e.name === "mysql-orders");
    expect(mysql?.config).toMatchObject({ username: "root", password: "<redacted>", plugin: "mysql" });
    const aws = list.data.find((e) => e.name === "aws-prod");
    expect(aws?.config.secret_access_key).toBe("<redacted>");
    expect(String(aws?.config.access_key_id)).toMatch(/^AKIAMOCK/);
    const raw = JSON.stringify(list);
    const secret = mock.state.tenant(mock.tenantId).dynamic.engine("mysql-orders").config.password as string;
    expect(raw).not.toContain(secret);
    expect(lastAudit()).toMatchObject({
      action: "dynamic_engine_list",
      resource_type: "dynamic_engine",
      outcome: "success",
    });

    const page1 = EngineList.parse(await client.dynamic.listEngines({ limit: 2 }));
    expect(page1).toMatchObject({ has_more: true });
    const page2 = EngineList.parse(await client.dynamic.listEngines({ limit: 2, cursor: page1.cursor ?? undefined }));
    expect(page2.data[0]?.name).toBe("postgres-prod");
  });

  it("GET /v1/dynamic/engines/{engine} by name or id; 404 engine_not_found", async () => {
    const pg = DynamicEngine.parse(await client.dynamic.getEngine("postgres-prod"));
    expect(pg).toMatchObject({
      type: "database",
      engine_type: "database.postgresql",
      default_ttl: "1h",
      max_ttl: "24h",
      status: "healthy",
      role_count: 2,
      active_leases: 1,
      config: {
        connection_url: "postgresql://{{username}}:{{password}}@db.internal:5432/main",
        root_credentials_path: "infra/db/primary/credentials",
      },
    });
    expect(pg.id).toMatch(/^eng_/);
    expect(DynamicEngine.parse(await client.dynamic.getEngine(pg.id)).name).toBe("postgres-prod");
    await expect(client.dynamic.getEngine("nope")).rejects.toMatchObject({ code: "engine_not_found", status: 404 });
  });

  it("POST /v1/dynamic/engines creates an engine after checking root credentials and the connection", async () => {
    const created = DynamicEngine.parse(
      await client.dynamic.createEngine({
        name: "support-db",
        type: "database",
        config: {
          plugin: "postgresql",
          connection_url: "postgresql://{{username}}:{{password}}@db.internal:5432/support",
          root_credentials_path: "infra/db/replica/credentials",
        },
        default_ttl: "1h",
        max_ttl: "24h",
      }),
    );
    expect(created).toMatchObject({
      name: "support-db",
      engine_type: "database.postgresql",
      role_count: 0,
      active_leases: 0,
    });
    expect(lastAudit()).toMatchObject({ action: "dynamic_engine_create", status: 201 });

    const dotted = DynamicEngine.parse(
      await client.dynamic.createEngine({
        name: "legacy-mysql",
        type: "database.mysql",
        config: { connection_url: "mysql://root:hunter2-literal@mysql.internal:3306/legacy" },
        default_ttl: "30m",
      }),
    );
    expect(dotted).toMatchObject({
      type: "database",
      engine_type: "database.mysql",
      default_ttl: "30m",
      max_ttl: "24h",
    });
    expect(dotted.config.connection_url).toBe("mysql://root:<redacted>@mysql.internal:3306/legacy");
    expect(JSON.stringify(dotted)).not.toContain("hunter2");
  });

  it("rejects bad engines with the documented codes", async () => {
    const pg = (config: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      client.dynamic.createEngine({
        name: "bad",
        type: "database",
        config: { plugin: "postgresql", ...config },
        ...extra,
      });
    const url = "postgresql://{{username}}:{{password}}@db.internal:5432/x";
    await expect(pg({ connection_url: url, root_credentials_path: "infra/nothing/here" })).rejects.toMatchObject({
      code: "invalid_config",
      status: 400,
    });
    await expect(pg({ connection_url: url })).rejects.toMatchObject({ code: "invalid_config" });
    await expect(
      pg({ connection_url: "postgresql://{{username}}:{{password}}@db.invalid:5432/x", username: "a", password: "b" }),
    ).rejects.toMatchObject({
      code: "invalid_config",
      message: expect.stringContaining("Test connection failed"),
    });
    await expect(pg({ connection_url: "mysql://x@db.internal/x", username: "a", password: "b" })).rejects.toMatchObject(
      { code: "invalid_config" },
    );
    await expect(
      pg({ connection_url: url, username: "a", password: "b" }, { default_ttl: "soon" }),
    ).rejects.toMatchObject({ code: "invalid_duration" });
    await expect(
      pg({ connection_url: url, username: "a", password: "b" }, { default_ttl: "2d", max_ttl: "1d" }),
    ).rejects.toMatchObject({ code: "invalid_config" });
    await expect(
      client.dynamic.createEngine({ name: "x", type: "database", config: { plugin: "oracle" } }),
    ).rejects.toMatchObject({ code: "invalid_config" });
    await expect(client.dynamic.createEngine({ name: "x", type: "mainframe" })).rejects.toMatchObject({
      code: "invalid_config",
    });
    await expect(
      client.dynamic.createEngine({ name: "x", type: "aws", config: { region: "mars" } }),
    ).rejects.toMatchObject({ code: "invalid_config" });
    await expect(client.dynamic.createEngine({ name: "postgres-prod", type: "ssh" })).rejects.toMatchObject({
      code: "engine_exists",
      status: 409,
    });
    await expect(client.dynamic.createEngine({ name: "Bad Name!", type: "ssh" })).rejects.toMatchObject({
      code: "validation_error",
      status: 422,
    });
    await expect(client.dynamic.createEngine({ type: "ssh" } as never)).rejects.toMatchObject({
      code: "validation_error",
      status: 422,
    });
  });

  it("rejects absurd TTLs with 400 invalid_duration instead of dates out of range", async () => {
    const ssh = (ttls: { default_ttl?: string; max_ttl?: string }, name = "ssh-x") =>
      client.dynamic.createEngine({ name, type: "ssh", config: {}, ...ttls });
    for (const max_ttl of ["999999999999w", "1000000w", "366d", `${"9".repeat(30)}s`])
      await expect(ssh({ max_ttl })).rejects.toMatchObject({ code: "invalid_duration", status: 400 });
    await expect(ssh({ default_ttl: "1000000000000000w" })).rejects.toMatchObject({ code: "invalid_duration" });
    expect(DynamicEngine.parse(await ssh({ max_ttl: "365d" }, "ssh-year")).max_ttl).toBe("365d");
    await expect(
      client.dynamic.createRole("ssh-year", { name: "r1", max_ttl: "100000000000000000000w" }),
    ).rejects.toMatchObject({ code: "invalid_duration" });
    await client.dynamic.createRole("ssh-year", { name: "r1" });
    await expect(
      client.dynamic.generateCredentials("ssh-year", "r1", { ttl: `${"9".repeat(31)}w` }),
    ).rejects.toMatchObject({ code: "invalid_duration", status: 400 });
    const lease = GeneratedLease.parse(await client.dynamic.generateCredentials("ssh-year", "r1", { ttl: "1h" }));
    expect(lease.max_expires_at).toBe(iso(365 * 24 * HOUR));
    await expect(client.dynamic.renewLease(lease.lease_id, { increment: "99999999999w" })).rejects.toMatchObject({
      code: "invalid_duration",
    });
    await expect(client.dynamic.listLeases({ expiring_within: "100000w" })).rejects.toMatchObject({
      code: "invalid_duration",
    });
  });

  it("enforces scopes and tenant isolation", async () => {
    await expect(as(mock.tokens.readOnly).dynamic.listEngines()).rejects.toMatchObject({
      code: "insufficient_scope",
      status: 403,
    });
    expect(lastAudit()).toMatchObject({ outcome: "denied", error_code: "insufficient_scope" });
    const globex = EngineList.parse(await as(mock.tokens.otherTenantAdmin).dynamic.listEngines());
    expect(globex.data).toEqual([]);
    await expect(
      as(mock.tokens.otherTenantAdmin).dynamic.generateCredentials("postgres-prod", "readonly"),
    ).rejects.toMatchObject({ code: "engine_not_found" });
  });

  it("managing engines and roles takes the documented dynamic:manage scope; generating does not grant it", async () => {
    const token = (name: string, scopes: string[]) =>
      mock.state.addToken({
        token: `skt_mock_${name}`,
        identity_id: `user:${name}@acme.example`,
        identity_type: "user",
        tenant_id: mock.tenantId,
        partner_id: "ptn_acme",
        scopes,
      }).token;
    const manager = as(token("dyn_manager", ["dynamic:read", "dynamic:manage"]));
    const engine = await manager.dynamic.createEngine({ name: "ssh-managed", type: "ssh", config: {} });
    expect(DynamicEngine.parse(engine).name).toBe("ssh-managed");
    expect(DynamicRole.parse(await manager.dynamic.createRole("ssh-managed", { name: "ops" })).name).toBe("ops");
    const generator = as(token("dyn_generator", ["dynamic:read", "dynamic:generate"]));
    await expect(generator.dynamic.createEngine({ name: "ssh-nope", type: "ssh", config: {} })).rejects.toMatchObject({
      code: "insufficient_scope",
      status: 403,
      message: expect.stringContaining("dynamic:manage"),
    });
    await expect(generator.dynamic.createRole("ssh-managed", { name: "nope" })).rejects.toMatchObject({
      code: "insufficient_scope",
    });
    expect((await generator.dynamic.generateCredentials("ssh-managed", "ops")).username).toBe("ubuntu");
  });
});

describe("dynamic roles", () => {
  it("GET /v1/dynamic/engines/{engine}/roles and /roles/{role}", async () => {
    const roles = RoleList.parse(await client.dynamic.listRoles("postgres-prod"));
    expect(roles.data.map((r) => `${r.name} ${r.default_ttl}/${r.max_ttl}`)).toEqual([
      "readonly 1h/8h",
      "readwrite 1h/4h",
    ]);
    const readonly = DynamicRole.parse(await client.dynamic.getRole("postgres-prod", "readonly"));
    expect(readonly.creation_statements[0]).toContain("CREATE ROLE");
    expect(readonly.revocation_statements[0]).toContain("REASSIGN OWNED BY");
    await expect(client.dynamic.getRole("postgres-prod", "nope")).rejects.toMatchObject({
      code: "role_not_found",
      status: 404,
    });
    await expect(client.dynamic.listRoles("nope")).rejects.toMatchObject({ code: "engine_not_found" });
  });

  it("POST /v1/dynamic/engines/{engine}/roles creates roles with TTLs inside the engine's", async () => {
    const role = DynamicRole.parse(
      await client.dynamic.createRole("postgres-prod", {
        name: "analyst",
        creation_statements: 'CREATE ROLE "{{name}}";',
        default_ttl: "2h",
        max_ttl: "12h",
      }),
    );
    expect(role).toMatchObject({
      engine: "postgres-prod",
      default_ttl: "2h",
      max_ttl: "12h",
      creation_statements: ['CREATE ROLE "{{name}}";'],
    });
    expect(lastAudit()).toMatchObject({ action: "dynamic_role_create", status: 201 });
    const inherited = DynamicRole.parse(
      await client.dynamic.createRole("aws-prod", { name: "ci", config: { credential_type: "iam_user" } }),
    );
    expect(inherited).toMatchObject({ default_ttl: "1h", max_ttl: "12h" });

    await expect(client.dynamic.createRole("postgres-prod", { name: "Bad Role" })).rejects.toMatchObject({
      code: "invalid_role",
      status: 400,
    });
    await expect(
      client.dynamic.createRole("postgres-prod", { name: "readonly", creation_statements: ["x"] }),
    ).rejects.toMatchObject({ code: "role_exists", status: 409 });
    await expect(client.dynamic.createRole("postgres-prod", { name: "nostmt" })).rejects.toMatchObject({
      code: "validation_error",
      status: 422,
    });
    await expect(
      client.dynamic.createRole("postgres-prod", { name: "long", creation_statements: ["x"], max_ttl: "48h" }),
    ).rejects.toMatchObject({ code: "invalid_config" });
    await expect(
      client.dynamic.createRole("aws-prod", { name: "assume", config: { credential_type: "assumed_role" } }),
    ).rejects.toMatchObject({ code: "invalid_config" });
    await expect(client.dynamic.createRole("nope", { name: "x" })).rejects.toMatchObject({ code: "engine_not_found" });
  });
});

describe("credentials and leases", () => {
  it("POST /v1/dynamic/engines/{engine}/creds/{role} reproduces the product-page example", async () => {
    const lease = GeneratedLease.parse(
      await client.dynamic.generateCredentials("postgres-prod", "readonly", { ttl: "1h" }),
    );
    expect(lease.lease_id).toMatch(/^lease_/);
    expect(lease).toMatchObject({
      engine: "postgres-prod",
      role: "readonly",
      status: "active",
      ttl: 3600,
      renewable: true,
      expires_at: iso(HOUR),
      max_expires_at: iso(8 * HOUR),
      warnings: [],
    });
    const { username, password, connection_url } = lease.credentials as Record<string, string>;
    expect(username).toMatch(/^v_readonly_[a-z0-9]{8}$/);
    expect(lease.username).toBe(username);
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(connection_url).toBe(`postgresql://${username}:${password}@db.internal:5432/main`);
    expect(lastAudit()).toMatchObject({
      action: "dynamic_generate",
      resource_type: "dynamic_lease",
      status: 201,
      path: null,
    });
    expect(events.map((e) => e.type)).toEqual(["lease.created"]);
    expect(events[0]?.data).toMatchObject({
      lease_id: lease.lease_id,
      engine: "postgres-prod",
      role: "readonly",
      username,
      ttl: "1h",
    });
    expect(JSON.stringify(events)).not.toContain(password);
    // the password is not kept on the lease
    expect(JSON.stringify(Lease.parse(await client.dynamic.getLease(lease.lease_id)))).not.toContain(password);
  });

  it("generates per-engine credential shapes", async () => {
    const creds = async (engine: string, role: string) =>
      GeneratedLease.parse(await client.dynamic.generateCredentials(engine, role)).credentials as Record<
        string,
        string
      >;
    const mysql = await creds("mysql-orders", "reporting");
    expect(mysql.username.length).toBeLessThanOrEqual(32);
    expect(mysql.connection_url).toBe(`mysql://${mysql.username}:${mysql.password}@mysql.internal:3306/orders`);
    const redis = await creds("redis-cache", "app-cache");
    expect(redis.connection_url).toMatch(/^redis:\/\/v_app_cache_[a-z0-9]{8}:[A-Za-z0-9]{24}@cache\.internal:6379\/0$/);
    const iam = await creds("aws-prod", "s3-readonly");
    expect(iam).toMatchObject({ region: "eu-west-1" });
    expect(iam.access_key_id).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(iam.secret_access_key).toHaveLength(40);
    const sts = await creds("aws-prod", "deploy");
    expect(sts.access_key_id).toMatch(/^ASIA/);
    expect(sts.session_token).toBeTruthy();
    expect(sts.role_arn).toBe("arn:aws:iam::123456789012:role/deploy");
    const ssh = await creds("ssh-bastion", "ops");
    expect(ssh).toMatchObject({ username: "ops", key_type: "ca" });
    expect(ssh.signed_key).toMatch(/^ssh-ed25519-cert-v01@openssh.com /);
    expect(ssh.private_key).toContain("BEGIN OPENSSH PRIVATE KEY");
  });

  it("caps a requested TTL at the role's max_ttl with a warning", async () => {
    const capped = GeneratedLease.parse(
      await client.dynamic.generateCredentials("postgres-prod", "readwrite", { ttl: "12h" }),
    );
    expect(capped.expires_at).toBe(iso(4 * HOUR));
    expect(capped.warnings[0]).toContain("capped");
    await expect(
      client.dynamic.generateCredentials("postgres-prod", "readonly", { ttl: "forever" }),
    ).rejects.toMatchObject({ code: "invalid_duration", status: 400 });
    await expect(client.dynamic.generateCredentials("postgres-prod", "nope")).rejects.toMatchObject({
      code: "role_not_found",
    });
    await expect(
      as(mock.tokens.readOnly).dynamic.generateCredentials("postgres-prod", "readonly"),
    ).rejects.toMatchObject({ code: "insufficient_scope" });
  });

  it("GET /v1/dynamic/leases lists active leases by default, filters by status/engine/role, pages", async () => {
    const active = LeaseList.parse(await client.dynamic.listLeases());
    expect(active.data.map((l) => `${l.engine}/${l.role}`)).toEqual([
      "ssh-bastion/ops",
      "postgres-prod/readonly",
      "aws-prod/s3-readonly",
    ]);
    const all = LeaseList.parse(await client.dynamic.listLeases({ status: "all" }));
    expect(all.data.map((l) => l.status).sort()).toEqual(["active", "active", "active", "expired", "revoked"]);
    const revoked = LeaseList.parse(await client.dynamic.listLeases({ status: "revoked" }));
    expect(revoked.data[0]).toMatchObject({ engine: "redis-cache", status: "revoked", ttl: 0, renewable: false });
    const pg = LeaseList.parse(await client.dynamic.listLeases({ engine: "postgres-prod", status: "all" }));
    expect(pg.data.map((l) => l.role)).toEqual(["readonly", "readwrite"]);
    const readonly = LeaseList.parse(await client.dynamic.listLeases({ role: "readonly" }));
    expect(readonly.data).toHaveLength(1);
    const page1 = LeaseList.parse(await client.dynamic.listLeases({ limit: 2 }));
    expect(page1.has_more).toBe(true);
    await expect(client.dynamic.listLeases({ status: "bogus" as never })).rejects.toMatchObject({
      code: "invalid_request",
      status: 400,
    });
    await expect(client.dynamic.listLeases({ expiring_within: "soon" })).rejects.toMatchObject({
      code: "invalid_duration",
    });
  });

  it("expiring_within returns active leases expiring in the window, soonest first", async () => {
    const soon = LeaseList.parse(await client.dynamic.listLeases({ expiring_within: "30m" }));
    expect(soon.data.map((l) => [l.engine, l.ttl])).toEqual([
      ["postgres-prod", 900],
      ["ssh-bastion", 1200],
    ]);
    expect(LeaseList.parse(await client.dynamic.listLeases({ expiring_within: "16m" })).data).toHaveLength(1);
    mock.clock.advance("15m");
    expect(
      LeaseList.parse(await client.dynamic.listLeases({ expiring_within: "30m" })).data.map((l) => l.engine),
    ).toEqual(["ssh-bastion"]);
  });

  it("a lease expires after its TTL, computed from the clock", async () => {
    const lease = GeneratedLease.parse(
      await client.dynamic.generateCredentials("postgres-prod", "readonly", { ttl: "1h" }),
    );
    mock.clock.advance("59m");
    expect(Lease.parse(await client.dynamic.getLease(lease.lease_id))).toMatchObject({ status: "active", ttl: 60 });
    mock.clock.advance("1m");
    expect(Lease.parse(await client.dynamic.getLease(lease.lease_id))).toMatchObject({
      status: "expired",
      ttl: 0,
      renewable: false,
    });
    const active = LeaseList.parse(await client.dynamic.listLeases());
    expect(active.data.map((l) => l.lease_id)).not.toContain(lease.lease_id);
    expect(
      LeaseList.parse(await client.dynamic.listLeases({ status: "expired" })).data.map((l) => l.lease_id),
    ).toContain(lease.lease_id);
    expect(DynamicEngine.parse(await client.dynamic.getEngine("postgres-prod")).active_leases).toBe(0);
    await expect(client.dynamic.renewLease(lease.lease_id)).rejects.toMatchObject({
      code: "lease_expired",
      status: 409,
    });
  });

  it("POST /v1/dynamic/leases/{id}/renew extends from now, capped at max_ttl, then refuses", async () => {
    const lease = GeneratedLease.parse(
      await client.dynamic.generateCredentials("postgres-prod", "readonly", { ttl: "1h" }),
    );
    mock.clock.advance("30m");
    const renewed = RenewedLease.parse(await client.dynamic.renewLease(lease.lease_id, { increment: "2h" }));
    expect(renewed).toMatchObject({ expires_at: iso(2 * HOUR), renew_count: 1, warnings: [], ttl: 7200 });
    expect(lastAudit()).toMatchObject({ action: "dynamic_renew", status: 200 });
    expect(events.at(-1)).toMatchObject({
      type: "lease.renewed",
      data: { lease_id: lease.lease_id, expires_at: iso(2 * HOUR) },
    });
    // a shorter increment never shortens the lease: nothing changes, no renewal is counted, a warning says so
    const eventsBefore = events.length;
    const same = RenewedLease.parse(await client.dynamic.renewLease(lease.lease_id, { increment: "1m" }));
    expect(same).toMatchObject({ expires_at: renewed.expires_at, renew_count: 1 });
    expect(same.warnings).toEqual([expect.stringContaining("the lease is unchanged")]);
    expect(events.length).toBe(eventsBefore);
    // max_ttl of readonly is 8h from issue (t0): renew to t0+7h30m, then at t0+7h a 2h increment is capped at t0+8h
    const long = RenewedLease.parse(await client.dynamic.renewLease(lease.lease_id, { increment: "7h" }));
    expect(long).toMatchObject({ expires_at: iso(7 * HOUR), renewable: true, renew_count: 2 });
    mock.clock.advance("6h30m");
    const capped = RenewedLease.parse(await client.dynamic.renewLease(lease.lease_id, { increment: "2h" }));
    expect(capped.expires_at).toBe(lease.max_expires_at);
    expect(capped.renewable).toBe(false);
    expect(capped.warnings[0]).toContain("capped");
    await expect(client.dynamic.renewLease(lease.lease_id)).rejects.toMatchObject({
      code: "lease_max_ttl_reached",
      status: 409,
    });
    mock.clock.advance("1h");
    expect(Lease.parse(await client.dynamic.getLease(lease.lease_id)).status).toBe("expired");
    await expect(client.dynamic.renewLease("lease_nope")).rejects.toMatchObject({
      code: "lease_not_found",
      status: 404,
    });
    await expect(client.dynamic.renewLease(lease.lease_id, { increment: "x" })).rejects.toMatchObject({
      code: "lease_expired",
    });
  });

  it("DELETE /v1/dynamic/leases/{id} revokes now, idempotently", async () => {
    const lease = GeneratedLease.parse(await client.dynamic.generateCredentials("redis-cache", "app-cache"));
    const revoked = Lease.parse(await client.dynamic.revokeLease(lease.lease_id));
    expect(revoked).toMatchObject({ status: "revoked", revoked_at: mock.clock.iso(), ttl: 0 });
    expect(lastAudit()).toMatchObject({ action: "dynamic_revoke", status: 200 });
    expect(events.filter((e) => e.type === "lease.revoked")).toHaveLength(1);
    expect(Lease.parse(await client.dynamic.revokeLease(lease.lease_id)).status).toBe("revoked");
    expect(events.filter((e) => e.type === "lease.revoked")).toHaveLength(1);
    await expect(client.dynamic.renewLease(lease.lease_id)).rejects.toMatchObject({
      code: "lease_revoked",
      status: 409,
    });
    await expect(client.dynamic.revokeLease("lease_nope")).rejects.toMatchObject({ code: "lease_not_found" });
    expect(LeaseList.parse(await client.dynamic.listLeases()).data.map((l) => l.lease_id)).not.toContain(
      lease.lease_id,
    );
  });

  it("snapshot/restore round-trips engines, roles and leases", async () => {
    const snap = mock.snapshot();
    const lease = GeneratedLease.parse(await client.dynamic.generateCredentials("postgres-prod", "readonly"));
    mock.restore(snap);
    await expect(client.dynamic.getLease(lease.lease_id)).rejects.toMatchObject({ code: "lease_not_found" });
    expect(LeaseList.parse(await client.dynamic.listLeases({ status: "all" })).data).toHaveLength(5);
  });
});
