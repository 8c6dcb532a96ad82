/** DynamicStore on a bare MockVault (no HTTP, no demo data): TTL arithmetic, usernames, URL filling, redaction. */
import { describe, expect, it } from "vitest";
import { redactConfig } from "../../mock-vault/core/redact.js";
import { MockVault } from "../../mock-vault/index.js";

function setup() {
  const vault = new MockVault({ seed: 7 });
  const tenant = vault.tenant("tnt_unit");
  tenant.secrets.write("infra/pg/root", { data: { username: "admin", password: "root-pw" }, secret_type: "json" });
  const dynamic = tenant.dynamic;
  dynamic.createEngine({
    name: "pg",
    type: "database",
    config: {
      plugin: "postgresql",
      connection_url: "postgresql://{{username}}:{{password}}@db.internal:5432/app",
      root_credentials_path: "infra/pg/root",
    },
    default_ttl: "1h",
    max_ttl: "6h",
  });
  dynamic.createRole("pg", { name: "read-only", creation_statements: "CREATE ROLE x;", max_ttl: "2h" });
  return { vault, dynamic };
}

describe("DynamicStore", () => {
  it("names users v_<role>_<random> with role characters made identifier-safe", () => {
    const { dynamic } = setup();
    const lease = dynamic.generate("pg", "read-only");
    expect(lease.username).toMatch(/^v_read_only_[a-z0-9]{8}$/);
    expect(lease.credentials.connection_url).toBe(
      `postgresql://${lease.username}:${lease.credentials.password}@db.internal:5432/app`,
    );
  });

  it("keeps MySQL usernames within 32 characters", () => {
    const { dynamic } = setup();
    dynamic.createEngine({
      name: "my",
      type: "database.mysql",
      config: { connection_url: "mysql://{{username}}:{{password}}@m.internal/db", username: "r", password: "p" },
    });
    dynamic.createRole("my", { name: "a-very-long-role-name-for-reporting-jobs", creation_statements: ["x"] });
    const lease = dynamic.generate("my", "a-very-long-role-name-for-reporting-jobs");
    expect((lease.username as string).length).toBeLessThanOrEqual(32);
  });

  it("sets userinfo on a URL without placeholders (percent-encoded)", () => {
    const { dynamic } = setup();
    dynamic.createEngine({
      name: "plain",
      type: "database",
      config: { plugin: "postgresql", connection_url: "postgres://db.internal/app", username: "a", password: "b" },
    });
    dynamic.createRole("plain", { name: "r", creation_statements: ["x"] });
    const lease = dynamic.generate("plain", "r");
    expect(lease.credentials.connection_url).toBe(
      `postgres://${lease.username}:${lease.credentials.password}@db.internal/app`,
    );
  });

  it("inherits TTLs: the role's max caps the request, the engine's max caps the role", () => {
    const { vault, dynamic } = setup();
    const t0 = vault.clock.nowMs();
    const lease = dynamic.generate("pg", "read-only", { ttl: "3h" });
    expect(Date.parse(lease.expires_at) - t0).toBe(2 * 3_600_000);
    expect(lease.warnings).toHaveLength(1);
    expect(() => dynamic.createRole("pg", { name: "long", creation_statements: ["x"], max_ttl: "7h" })).toThrow(
      /exceeds the engine's max_ttl/,
    );
    const role = dynamic.createRole("pg", { name: "dflt", creation_statements: ["x"] });
    expect(role).toMatchObject({ default_ttl: "1h", max_ttl: "6h" });
  });

  it("computes status from the clock on every read; nothing runs on a timer", () => {
    const { vault, dynamic } = setup();
    const lease = dynamic.generate("pg", "read-only", { ttl: "30m" });
    expect(dynamic.listLeases().map((l) => l.lease_id)).toEqual([lease.lease_id]);
    vault.clock.advance("30m");
    expect(dynamic.listLeases()).toEqual([]);
    expect(dynamic.listLeases({ status: "expired" })).toHaveLength(1);
    vault.clock.set(vault.clock.nowMs() - 60_000);
    expect(dynamic.listLeases()).toHaveLength(1);
  });

  it("revoke after renew always wins; renew after revoke always fails", () => {
    const { dynamic } = setup();
    const lease = dynamic.generate("pg", "read-only");
    dynamic.renew(lease.lease_id, { increment: "30m" });
    expect(dynamic.revoke(lease.lease_id).status).toBe("revoked");
    expect(() => dynamic.renew(lease.lease_id)).toThrow(expect.objectContaining({ code: "lease_revoked" }));
  });

  it("redacts credential keys and literal URL passwords, keeps placeholders", () => {
    expect(
      redactConfig({
        password: "x",
        secret_access_key: "y",
        username: "root",
        connection_url: "mysql://root:s3cret@h/db",
        region: "eu-west-1",
      }),
    ).toEqual({
      password: "<redacted>",
      secret_access_key: "<redacted>",
      username: "root",
      connection_url: "mysql://root:<redacted>@h/db",
      region: "eu-west-1",
    });
    expect(redactConfig({ connection_url: "postgresql://{{username}}:{{password}}@h/db" }).connection_url).toBe(
      "postgresql://{{username}}:{{password}}@h/db",
    );
  });

  it("redacts credentials at any depth, under any credential-like name, in URL query strings and PEM keys", () => {
    const key = "-----BEGIN PRIVATE KEY-----\nfake\n-----END PRIVATE KEY-----\n";
    expect(
      redactConfig({
        approle: { role_id: "fake-rid", secret_id: "fake-sid" },
        jwt: "eyJfake",
        apiKey: "fake-key",
        private_key_data: "fake-der",
        root: { access_key_id: "AKIAFAKE", secret_access_key: "fake-aws" },
        connection_url: "postgresql://db:5432/x?user=root&password=fake-pw&sslmode=require",
        other_url: "postgresql://u:p@ss-fake@db/x",
        note: `pasted ${key}`,
        credential_type: "iam_user",
        credentials_path: "infra/x",
        token_ttl: "1h",
      }),
    ).toEqual({
      approle: { role_id: "<redacted>", secret_id: "<redacted>" },
      jwt: "<redacted>",
      apiKey: "<redacted>",
      private_key_data: "<redacted>",
      root: { access_key_id: "AKIAFAKE", secret_access_key: "<redacted>" },
      connection_url: "postgresql://db:5432/x?user=root&password=<redacted>&sslmode=require",
      other_url: "postgresql://u:<redacted>@db/x",
      note: "pasted <redacted>\n",
      credential_type: "iam_user",
      credentials_path: "infra/x",
      token_ttl: "1h",
    });
  });

  it("state is plain data that survives structuredClone", () => {
    const { dynamic } = setup();
    dynamic.generate("pg", "read-only");
    const copy = structuredClone(dynamic.state);
    expect(copy.leases.size).toBe(1);
    expect(copy.engines.size).toBe(1);
  });
});
