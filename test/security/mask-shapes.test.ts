/**
 * MASK_VALUES against the shapes secrets come in, not only the ones the mock happens to return:
 * passwords in URL query strings and in userinfo with '@' in them, credentials under key names
 * no tool declared, engine and backend configs a vault echoes, and PEM private keys in any field.
 * A "vault" here is the mock behind a fetch that rewrites chosen responses.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { MASK, maskFields, maskUrlPassword } from "../../src/guard/mask.js";
import { select } from "../../src/guard/selectors.js";
import { connect, type Harness } from "../helpers/harness.js";
import { connectRewriting, type Rewrite } from "../helpers/rewriting.js";

/** Obviously fake key material. */
const FAKE_KEY =
  "-----BEGIN PRIVATE KEY-----\nMIGHAgEAFAKEFAKEFAKEKEYMATERIALfakefakefake\n-----END PRIVATE KEY-----\n";
const FAKE_RSA_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIFAKERSAKEYMATERIALfakefake\n-----END RSA PRIVATE KEY-----";

describe("maskUrlPassword", () => {
  it.each([
    [
      "postgresql://db.internal:5432/main?user=u&password=fake-SECRET-1",
      "postgresql://db.internal:5432/main?user=u&password=••••••",
    ],
    [
      "postgresql://db/x?sslmode=require&sslpassword=fake-2&PWD=fake-3",
      "postgresql://db/x?sslmode=require&sslpassword=••••••&PWD=••••••",
    ],
    [
      "jdbc:postgresql://db/x?user=a@b.example&api_key=fake-4",
      "jdbc:postgresql://db/x?user=a@b.example&api_key=••••••",
    ],
    ["postgresql://u:p@ss-fake@db.internal/main", "postgresql://u:••••••@db.internal/main"],
    ["postgresql://u:p%40ss@db.internal/main", "postgresql://u:••••••@db.internal/main"],
    [
      "mongodb://u:fake-pw@h1:27017,h2:27017/db?replicaSet=rs0",
      "mongodb://u:••••••@h1:27017,h2:27017/db?replicaSet=rs0",
    ],
    ["redis://:fake-pw@cache:6379/0", "redis://:••••••@cache:6379/0"],
    ["postgresql://{{username}}:{{password}}@db:5432/x", "postgresql://{{username}}:{{password}}@db:5432/x"],
    [
      "postgresql://db:5432/x?user={{username}}&password={{password}}",
      "postgresql://db:5432/x?user={{username}}&password={{password}}",
    ],
    ["postgresql://u@db/x", "postgresql://u@db/x"],
    ["postgresql://[::1]:5432/x", "postgresql://[::1]:5432/x"],
  ])("%s", (input, expected) => {
    expect(maskUrlPassword(input)).toBe(expected);
  });

  it.each([
    "postgresql://u:pa/ss-fake@db/x",
    "postgresql://u:1234/fake@db/x",
    "postgresql://u:pa?fake@db/x",
    "postgresql://u:pa#fake@db/x",
    "postgresql://u:123?a=fake@db.internal:5432/main",
    "postgresql://u:123?fake@db.internal",
    "mysql://u:fake@tcp(db:3306)/x",
    "host=db user=u password=fake-dsn",
    "u:fake@tcp(db:3306)/x",
  ])("masks %s whole: it does not parse and could hold a credential", (input) => {
    expect(maskUrlPassword(input)).toBe(MASK);
  });
});

describe("maskFields", () => {
  it("`*!a,b` masks every key but a and b, and a scalar where an object was expected", () => {
    const selectors = ["credentials.*!username,region", "credentials.connection_url#password"];
    const out = maskFields(
      {
        credentials: {
          username: "v_x",
          region: "eu-west-1",
          private_key_data: "fake-sa-key",
          dsn: "fake-dsn",
          nested: { a: 1 },
        },
      },
      selectors,
    );
    expect(out.credentials).toEqual({
      username: "v_x",
      region: "eu-west-1",
      private_key_data: MASK,
      dsn: MASK,
      nested: MASK,
    });
    expect(maskFields({ credentials: "fake-whole" }, selectors)).toEqual({ credentials: MASK });
    expect(select({ credentials: { username: "u", token: "t" } }, "credentials.*!username")).toEqual(["t"]);
  });

  it("replaces PEM private-key blocks in any string, declared or not, and keeps certificates", () => {
    const cert = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";
    const out = maskFields(
      { a: { b: [`${cert}${FAKE_KEY}`] }, rsa: FAKE_RSA_KEY, cut: "-----BEGIN EC PRIVATE KEY-----\nMHcfake" },
      [],
    );
    expect(out).toEqual({ a: { b: [`${cert}${MASK}\n`] }, rsa: MASK, cut: MASK });
  });
});

const masked = (rewrite: Rewrite) => connectRewriting(rewrite, { maskValues: true });

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const shown = (result: CallToolResult) => JSON.stringify(result);

describe("MASK_VALUES with a vault that returns more than the mock does", () => {
  it("masks credentials under key names no engine in the mock uses", async () => {
    const extra = {
      private_key_data: "fake-gcp-sa-key-0001",
      api_key: "fake-api-key-0002",
      dsn: "host=db user=u password=fake-dsn-0003",
      custom_secret: "fake-custom-0004",
      connection_url: "postgresql://u:p@ss-fake-0005@db.internal/main?sslpassword=fake-0006",
    };
    const h = await masked((path, _method, body) =>
      path.includes("/creds/") ? { ...body, credentials: { ...body.credentials, ...extra } } : body,
    );
    close = h.close;
    const result = await h.call("scaivault_generate_credentials", { engine: "postgres-prod", role: "readonly" });
    const credentials = (result.structuredContent as { credentials: Record<string, string> }).credentials;
    for (const value of Object.values(extra)) expect(shown(result)).not.toContain(value.slice(-9));
    expect(credentials.username).toMatch(/^v_readonly_/);
    expect(credentials.connection_url).toBe(`postgresql://u:${MASK}@db.internal/main?sslpassword=${MASK}`);
  });

  it("masks secrets a vault echoes in engine and backend configs, nested or in a URL", async () => {
    const echo = (body: any) => ({
      ...body,
      config: {
        ...body.config,
        approle: { role_id: "fake-role-0007", secret_id: "fake-secret-0008" },
        connection_url: "postgresql://db.internal:5432/main?user=root&password=fake-root-0009",
      },
    });
    const h = await masked((path, method, body) => {
      if (method !== "GET" || !/^\/v1\/(dynamic\/engines|federation\/backends)/.test(path)) return body;
      return body.data ? { ...body, data: body.data.map(echo) } : echo(body);
    });
    close = h.close;
    const results = [
      await h.call("scaivault_get_dynamic_engine", { engine: "postgres-prod" }),
      await h.call("scaivault_list_dynamic_engines"),
      await h.call("scaivault_get_federation_backend", { backend: "hashicorp-production" }),
      await h.call("scaivault_list_federation_backends"),
    ];
    for (const result of results) {
      expect(result.isError).toBeFalsy();
      for (const value of ["fake-role-0007", "fake-secret-0008", "fake-root-0009"])
        expect(shown(result)).not.toContain(value);
    }
    const engine = results[0]?.structuredContent as { config: Record<string, unknown> };
    expect(engine.config).toMatchObject({
      plugin: "postgresql",
      root_credentials_path: "infra/db/primary/credentials",
      approle: MASK,
      connection_url: `postgresql://db.internal:5432/main?user=root&password=${MASK}`,
    });
    const backend = results[2]?.structuredContent as { config: Record<string, unknown> };
    expect(backend.config).toMatchObject({ endpoint: "https://vault.internal:8200", auth_method: "approle" });
  });

  it("masks private keys a vault puts on certificate reads, in PEM fields and at the top of a finalize", async () => {
    const h = await masked((path, method, body) => {
      if (method === "GET" && path.startsWith("/v1/pki/certificates")) {
        if (body.data) return { ...body, data: body.data.map((c: object) => ({ ...c, private_key: FAKE_KEY })) };
        return { ...body, private_key: "fake-der-key-0010", certificate_pem: `${body.certificate_pem}${FAKE_KEY}` };
      }
      if (method === "POST" && path.endsWith("/finalize"))
        return { ...body, private_key: body.certificate.private_key, bundle: `${FAKE_RSA_KEY}\n` };
      return body;
    });
    close = h.close;
    const list = await h.call("scaivault_list_certificates");
    const id = (list.structuredContent as { data: { id: string }[] }).data[0]?.id;
    const results = [
      list,
      await h.call("scaivault_get_certificate", { certificate_id: id }),
      await h.call("scaivault_check_expiring_certs"),
    ];
    const accounts = await h.call("scaivault_list_acme_accounts");
    const account = (accounts.structuredContent as { data: { id: string }[] }).data[0]?.id;
    const finalized = await h.call("scaivault_request_certificate", {
      account_id: account,
      identifiers: ["z.acme.example"],
    });
    results.push(finalized);
    for (const result of results) {
      expect(result.isError).toBeFalsy();
      expect(shown(result)).not.toContain("PRIVATE KEY");
      expect(shown(result)).not.toContain("fake-der-key-0010");
    }
    expect(shown(results[1] as CallToolResult)).toContain("-----BEGIN CERTIFICATE-----");
    expect((finalized.structuredContent as { private_key: string }).private_key).toBe(MASK);
  });

  it("masks what a vault adds beside a new API key, client secret or signing secret, and a secret of another type", async () => {
    const extra = { full_key: "fake-extra-0011", raw: { token: "fake-extra-0012" } };
    const h = await masked((path, method, body) =>
      method === "POST" && /^\/v1\/(service-accounts(\/[^/]+\/keys)?|subscriptions)$/.test(path)
        ? {
            ...body,
            ...extra,
            ...(body.key ? { key: { value: "fake-key-0013" } } : {}),
            ...(body.client_secret ? { client_secret: ["fake-secret-0014"] } : {}),
          }
        : body,
    );
    close = h.close;
    const results = [
      await h.call("scaivault_create_service_account", { name: "shape-svc" }),
      await h.call("scaivault_create_api_key", { service_account_id: "report-runner" }),
      await h.call("scaivault_create_subscription", {
        name: "s",
        events: ["secret.*"],
        url: "https://h.example.test/x",
      }),
    ];
    for (const result of results) {
      expect(result.isError, shown(result)).toBeFalsy();
      for (const value of ["fake-extra-0011", "fake-extra-0012", "fake-key-0013", "fake-secret-0014"])
        expect(shown(result)).not.toContain(value);
      expect(result.structuredContent).toMatchObject({ full_key: MASK, raw: MASK });
    }
    expect(results[1]?.structuredContent).toMatchObject({ key: MASK, name: expect.any(String) });
    expect(results[2]?.structuredContent).toMatchObject({ signing_secret: MASK, name: "s" });
  });

  it("the same vault with MASK_VALUES off shows what the masked runs hide (the rewrites work)", async () => {
    const h = await connectRewriting((path, _method, body) =>
      path.includes("/creds/") ? { ...body, credentials: { ...body.credentials, api_key: "fake-api-key-0002" } } : body,
    );
    close = h.close;
    const result = await h.call("scaivault_generate_credentials", { engine: "postgres-prod", role: "readonly" });
    expect(shown(result)).toContain("fake-api-key-0002");
  });
});

describe("MASK_VALUES with the mock as it is", () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it("a connection URL with {{password}} in its query string gets the generated password masked", async () => {
    h = await connect({ maskValues: true });
    await h.ok("scaivault_create_dynamic_engine", {
      name: "pg-query",
      type: "database",
      config: {
        plugin: "postgresql",
        connection_url: "postgresql://db.internal:5432/main?user={{username}}&password={{password}}",
        root_credentials_path: "infra/db/primary/credentials",
      },
    });
    await h.ok("scaivault_create_dynamic_role", {
      engine: "pg-query",
      name: "ro",
      creation_statements: ["CREATE ROLE x"],
    });
    const lease = await h.ok("scaivault_generate_credentials", { engine: "pg-query", role: "ro" });
    expect(lease.credentials.connection_url).toBe(
      `postgresql://db.internal:5432/main?user=${lease.credentials.username}&password=${MASK}`,
    );
    expect(lease.credentials.password).toBe(MASK);
  });
});
