/** The 10 dynamic-secrets tools end to end: MCP client -> server -> guard -> client -> mock vault. */
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { GeneratedLease } from "../../src/client/schemas/dynamic.js";
import { MASK } from "../../src/guard/mask.js";
import { connect, expectRefused, type Harness, requestsSeen, textOf } from "../helpers/harness.js";

let h: Harness;
afterEach(async () => h?.close());

const HOUR = 3_600_000;
const iso = (offsetMs: number) => new Date(h.mock.clock.nowMs() + offsetMs).toISOString();

describe("dynamic tools (no guardrails)", () => {
  it("generates credentials as on the product page: engine=postgres-prod role=readonly ttl=1h", async () => {
    h = await connect();
    const lease = await h.ok("scaivault_generate_credentials", {
      engine: "postgres-prod",
      role: "readonly",
      ttl: "1h",
    });
    expect(lease.lease_id).toMatch(/^lease_/);
    expect(lease).toMatchObject({ status: "active", ttl: 3600, expires_at: iso(HOUR) });
    expect(lease.credentials.connection_url).toMatch(
      /^postgresql:\/\/v_readonly_[a-z0-9]{8}:[A-Za-z0-9]{24}@db\.internal:5432\/main$/,
    );
    expect(lease.credentials.connection_url).toContain(`:${lease.credentials.password}@`);
    expect(
      JSON.parse(textOf(await h.call("scaivault_get_dynamic_engine", { engine: "postgres-prod" }))).active_leases,
    ).toBe(2);
  });

  it("lists and gets engines, lists and creates roles, creates engines", async () => {
    h = await connect();
    const engines = await h.ok("scaivault_list_dynamic_engines");
    expect(engines.data.map((e: { name: string }) => e.name)).toEqual([
      "aws-prod",
      "mysql-orders",
      "postgres-prod",
      "redis-cache",
      "ssh-bastion",
    ]);
    const mysql = await h.ok("scaivault_get_dynamic_engine", { engine: "mysql-orders" });
    expect(mysql.config.password).toBe("<redacted>");
    const roles = await h.ok("scaivault_list_dynamic_roles", { engine: "aws-prod" });
    expect(roles.data.map((r: { name: string }) => r.name)).toEqual(["deploy", "s3-readonly"]);

    const engine = await h.ok("scaivault_create_dynamic_engine", {
      name: "support-db",
      type: "database",
      config: {
        plugin: "postgresql",
        connection_url: "postgresql://{{username}}:{{password}}@db.internal:5432/support",
        root_credentials_path: "infra/db/replica/credentials",
      },
      default_ttl: "1h",
      max_ttl: "24h",
    });
    expect(engine).toMatchObject({ name: "support-db", engine_type: "database.postgresql", max_ttl: "24h" });
    const role = await h.ok("scaivault_create_dynamic_role", {
      engine: "support-db",
      name: "readonly",
      creation_statements: [`CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}';`],
      max_ttl: "4h",
    });
    expect(role).toMatchObject({ engine: "support-db", default_ttl: "1h", max_ttl: "4h" });
    const lease = await h.ok("scaivault_generate_credentials", { engine: "support-db", role: "readonly" });
    expect(lease.credentials.connection_url).toMatch(/@db\.internal:5432\/support$/);

    const bad = await h.call("scaivault_create_dynamic_engine", {
      name: "broken",
      type: "database",
      config: {
        plugin: "postgresql",
        connection_url: "postgresql://{{username}}:{{password}}@db.internal/x",
        root_credentials_path: "infra/missing",
      },
    });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/^invalid_config: .*\(HTTP 400/);
  });

  it("lists, renews, revokes and checks expiring leases", async () => {
    h = await connect();
    const active = await h.ok("scaivault_list_leases");
    expect(active.data.map((l: { engine: string }) => l.engine)).toEqual(["ssh-bastion", "postgres-prod", "aws-prod"]);
    const all = await h.ok("scaivault_list_leases", { status: "all", engine: "postgres-prod" });
    expect(all.data.map((l: { status: string }) => l.status)).toEqual(["active", "expired"]);

    const expiring = await h.ok("scaivault_check_expiring_leases");
    expect(expiring.data.map((l: { engine: string; ttl: number }) => [l.engine, l.ttl])).toEqual([
      ["postgres-prod", 900],
      ["ssh-bastion", 1200],
    ]);
    expect((await h.ok("scaivault_check_expiring_leases", { within: "7h" })).data).toHaveLength(3);
    expect((await h.ok("scaivault_check_expiring_leases", { within: "7h", engine: "aws-prod" })).data).toHaveLength(1);

    const target = expiring.data[0].lease_id as string;
    const renewed = await h.ok("scaivault_renew_lease", { lease_id: target, increment: "1h" });
    expect(renewed).toMatchObject({ lease_id: target, renew_count: 1, expires_at: iso(HOUR), warnings: [] });
    expect(
      (await h.ok("scaivault_check_expiring_leases")).data.map((l: { lease_id: string }) => l.lease_id),
    ).not.toContain(target);

    const revoked = await h.ok("scaivault_revoke_lease", { lease_id: target });
    expect(revoked).toMatchObject({ status: "revoked", revoked_at: h.mock.clock.iso() });
    const again = await h.call("scaivault_renew_lease", { lease_id: target });
    expect(textOf(again)).toMatch(/^lease_revoked: /);
    expect(again.structuredContent).toBeUndefined();
  });

  it("TTL: a 1h lease disappears from active leases after 1h; renewals are capped by max_ttl", async () => {
    h = await connect();
    const lease = await h.ok("scaivault_generate_credentials", {
      engine: "postgres-prod",
      role: "readwrite",
      ttl: "1h",
    });
    expect(lease.max_expires_at).toBe(iso(4 * HOUR));
    h.mock.clock.advance("45m");
    expect(
      (await h.ok("scaivault_check_expiring_leases", { within: "15m" })).data.map(
        (l: { lease_id: string }) => l.lease_id,
      ),
    ).toContain(lease.lease_id);
    const renewed = await h.ok("scaivault_renew_lease", { lease_id: lease.lease_id, increment: "8h" });
    expect(renewed.expires_at).toBe(lease.max_expires_at);
    expect(renewed.warnings).toHaveLength(1);
    const atMax = await h.call("scaivault_renew_lease", { lease_id: lease.lease_id });
    expect(textOf(atMax)).toMatch(/^lease_max_ttl_reached: /);
    expect(atMax._meta?.["scaivault/code"]).toBe("lease_max_ttl_reached");

    const short = await h.ok("scaivault_generate_credentials", {
      engine: "postgres-prod",
      role: "readonly",
      ttl: "1h",
    });
    h.mock.clock.advance("1h");
    const ids = (await h.ok("scaivault_list_leases")).data.map((l: { lease_id: string }) => l.lease_id);
    expect(ids).not.toContain(short.lease_id);
    expect(ids).toContain(lease.lease_id);
    const expired = (await h.ok("scaivault_list_leases", { status: "expired" })).data.map(
      (l: { lease_id: string }) => l.lease_id,
    );
    expect(expired).toContain(short.lease_id);
    expect(textOf(await h.call("scaivault_renew_lease", { lease_id: short.lease_id }))).toMatch(/^lease_expired: /);
  });
});

describe("dynamic tool arguments", () => {
  it("a duration longer than 10 years is refused by the tool before any request", async () => {
    h = await connect();
    const before = requestsSeen(h.mock);
    for (const ttl of ["999999999999w", "3651d", `${"9".repeat(400)}s`]) {
      const result = await h.call("scaivault_generate_credentials", { engine: "postgres-prod", role: "readonly", ttl });
      expect(result.isError, ttl).toBe(true);
      expect(textOf(result)).toMatch(/at most 3650d/);
    }
    expect(requestsSeen(h.mock)).toBe(before);
  });

  it("a renewal that would end before the current expiry leaves the lease as is and warns", async () => {
    h = await connect();
    const lease = await h.ok("scaivault_generate_credentials", {
      engine: "postgres-prod",
      role: "readonly",
      ttl: "2h",
    });
    const renewed = await h.ok("scaivault_renew_lease", { lease_id: lease.lease_id, increment: "1m" });
    expect(renewed).toMatchObject({ expires_at: lease.expires_at, renew_count: 0 });
    expect(renewed.warnings).toEqual([expect.stringMatching(/ends before the current expiry/)]);
  });
});

describe("dynamic tools under READ_ONLY", () => {
  it("refuses generate, create, renew and revoke before any request; reads still work", async () => {
    h = await connect({ readOnly: true });
    const before = requestsSeen(h.mock);
    for (const [tool, args] of [
      ["scaivault_generate_credentials", { engine: "postgres-prod", role: "readonly", ttl: "1h" }],
      ["scaivault_create_dynamic_engine", { name: "x", type: "ssh", config: {} }],
      ["scaivault_create_dynamic_role", { engine: "ssh-bastion", name: "x" }],
      ["scaivault_renew_lease", { lease_id: "lease_x" }],
      ["scaivault_revoke_lease", { lease_id: "lease_x" }],
    ] as const)
      expectRefused(await h.call(tool, args), "read_only");
    expect(requestsSeen(h.mock)).toBe(before);
    expect((await h.ok("scaivault_list_leases")).data).toHaveLength(3);
    expect((await h.ok("scaivault_list_dynamic_roles", { engine: "postgres-prod" })).data).toHaveLength(2);
    expect((await h.ok("scaivault_check_expiring_leases")).data).toHaveLength(2);
    expect((await h.ok("scaivault_get_dynamic_engine", { engine: "ssh-bastion" })).engine_type).toBe("ssh");
    expect((await h.ok("scaivault_list_dynamic_engines")).data).toHaveLength(5);
  });
});

describe("dynamic tools under MASK_VALUES", () => {
  it("masks the password, the password inside the connection URL and keys; usernames and hosts stay visible", async () => {
    h = await connect({ maskValues: true, outputSchemas: true });
    await h.client.listTools(); // the SDK client then validates structuredContent against each output schema
    const result = await h.call("scaivault_generate_credentials", {
      engine: "postgres-prod",
      role: "readonly",
      ttl: "1h",
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    const lease = result.structuredContent as any;
    expect(lease.credentials.password).toBe(MASK);
    expect(lease.credentials.username).toMatch(/^v_readonly_[a-z0-9]{8}$/);
    expect(lease.username).toBe(lease.credentials.username);
    expect(lease.credentials.connection_url).toBe(
      `postgresql://${lease.credentials.username}:${MASK}@db.internal:5432/main`,
    );
    expect(JSON.parse(textOf(result))).toEqual(lease);
    expect(() => z.strictObject(GeneratedLease.shape).parse(lease)).not.toThrow();

    // the real password never reached the agent
    const events: string[] = [];
    const off = h.mock.state.bus.on((e) => events.push(String(e.data.lease_id)));
    const raw = await h.ok("scaivault_generate_credentials", { engine: "redis-cache", role: "app-cache" });
    off();
    expect(events).toEqual([raw.lease_id]);
    expect(raw.credentials.connection_url).toMatch(
      new RegExp(`^redis://${raw.credentials.username}:${MASK}@cache\\.internal:6379/0$`),
    );

    const aws = await h.ok("scaivault_generate_credentials", { engine: "aws-prod", role: "deploy" });
    expect(aws.credentials).toMatchObject({ secret_access_key: MASK, session_token: MASK, region: "eu-west-1" });
    expect(aws.credentials.access_key_id).toMatch(/^ASIA/);
    const ssh = await h.ok("scaivault_generate_credentials", { engine: "ssh-bastion", role: "ops" });
    expect(ssh.credentials).toMatchObject({ username: "ops", private_key: MASK });
    expect(ssh.credentials.signed_key).toMatch(/^ssh-ed25519-cert-v01/);

    // non-secret tools are untouched
    const leases = await h.ok("scaivault_list_leases");
    expect(leases.data[0].username).not.toBe(MASK);
  });
});
