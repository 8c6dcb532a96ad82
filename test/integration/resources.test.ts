/**
 * Resources through a real MCP client: scaivault://secrets/{tenant}/{+path},
 * scaivault://policies/{id}, scaivault://certificates/{id} and scaivault://leases/{id}. Reads, listings and completions obey the same guardrails as the
 * tools (path window, tenant lock, masking); a refused read is an MCP error starting with the
 * refusal code and reaches no vault endpoint.
 */
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConfigInput } from "../../src/config.js";
import { MASK } from "../../src/guard/index.js";
import {
  CERTIFICATE_URI_TEMPLATE,
  LEASE_URI_TEMPLATE,
  POLICY_URI_TEMPLATE,
  SECRET_URI_TEMPLATE,
  secretUri,
} from "../../src/resources.js";
import { connect, type Harness, requestsSeen } from "../helpers/harness.js";

const TENANT = "tnt_acme_prod";
const uri = (path: string, tenant = TENANT) => secretUri(tenant, path);

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function open(profile: Partial<ConfigInput> = {}): Promise<Harness> {
  h = await connect(profile);
  return h;
}

async function read(harness: Harness, resource: string): Promise<Record<string, any>> {
  const result = await harness.client.readResource({ uri: resource });
  expect(result.contents).toHaveLength(1);
  const content = result.contents[0]!;
  expect(content.uri).toBe(resource);
  expect(content.mimeType).toBe("application/json");
  return JSON.parse((content as { text: string }).text);
}

/** The MCP error of a read; asserts that it carries the stable code first and no vault request was made. */
async function refusedRead(harness: Harness, resource: string, code: string): Promise<McpError> {
  const before = requestsSeen(harness.mock);
  const error = await harness.client.readResource({ uri: resource }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(McpError);
  const mcp = error as McpError;
  expect(mcp.message).toMatch(new RegExp(`^MCP error -32602: ${code}: `));
  expect(mcp.message).not.toMatch(/\n\s+at /); // no stack trace
  expect((mcp.data as Record<string, unknown>)["scaivault/code"]).toBe(code);
  expect(requestsSeen(harness.mock)).toBe(before);
  return mcp;
}

const complete = async (
  harness: Harness,
  template: string,
  name: string,
  value: string,
  context?: Record<string, string>,
) =>
  (
    await harness.client.complete({
      ref: { type: "ref/resource", uri: template },
      argument: { name, value },
      ...(context ? { context: { arguments: context } } : {}),
    })
  ).completion.values;

describe("resource templates", () => {
  it("offers the secret, policy, certificate and lease templates", async () => {
    const harness = await open();
    const { resourceTemplates } = await harness.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual(
      [POLICY_URI_TEMPLATE, SECRET_URI_TEMPLATE, CERTIFICATE_URI_TEMPLATE, LEASE_URI_TEMPLATE].sort(),
    );
    expect(harness.client.getServerCapabilities()?.completions).toBeDefined();
  });
});

describe("secret resources", () => {
  it("reads a secret whose path has several segments", async () => {
    const harness = await open();
    const secret = await read(harness, uri("infra/db/primary/credentials"));
    expect(secret).toMatchObject({
      path: "infra/db/primary/credentials",
      data: { username: "app_primary", host: "db.internal" },
    });
    expect(secret.data.password).toMatch(/^mock-/);
  });

  it("masks every value under maskValues, keeping keys and metadata", async () => {
    const harness = await open({ maskValues: true });
    const secret = await read(harness, uri("infra/db/primary/credentials"));
    expect(Object.keys(secret.data).sort()).toEqual(["database", "host", "password", "port", "username"]);
    for (const value of Object.values(secret.data)) expect(value).toBe(MASK);
    expect(secret).toMatchObject({ path: "infra/db/primary/credentials", secret_type: "json", version: 1 });
    expect(JSON.stringify(secret)).not.toMatch(/mock-/);
  });

  it("lists only permitted secrets, as URIs of the token's tenant, without values", async () => {
    const harness = await open({ allowedPaths: ["integrations", "infra"], deniedPaths: ["infra/db"] });
    const { resources } = await harness.client.listResources();
    const secrets = resources.filter((r) => r.uri.startsWith("scaivault://secrets/"));
    expect(secrets.map((r) => r.name).sort()).toEqual([
      "infra/cache/redis",
      "integrations/salesforce/oauth",
      "integrations/stripe/api-key",
    ]);
    expect(secrets.find((r) => r.name === "integrations/stripe/api-key")).toMatchObject({
      uri: uri("integrations/stripe/api-key"),
      mimeType: "application/json",
      description: "Stripe API key (test mode) for billing reports",
    });
    expect(JSON.stringify(resources)).not.toMatch(/mock-|sk_test/);
  });

  it("lists every secret of the tenant when no path rule is set", async () => {
    const harness = await open();
    const { resources } = await harness.client.listResources();
    const names = resources.filter((r) => r.uri.startsWith("scaivault://secrets/")).map((r) => r.name);
    expect(names).toContain("environments/staging/smtp");
    expect(names).toContain("infra/db/primary/credentials");
    expect(names).toContain("apps/web/session-key");
  });

  it("refuses a denied path with path_denied before calling the vault", async () => {
    const harness = await open({ deniedPaths: ["infra/db"] });
    const error = await refusedRead(harness, uri("infra/db/primary/credentials"), "path_denied");
    expect(error.message).toContain("infra/db");
    expect(await read(harness, uri("infra/cache/redis"))).toMatchObject({ path: "infra/cache/redis" });
  });

  it("refuses a path outside the allowed window with path_not_allowed", async () => {
    const harness = await open({ allowedPaths: ["integrations"] });
    await refusedRead(harness, uri("infra/db/primary/credentials"), "path_not_allowed");
    // A sibling that only shares a string prefix is outside too.
    await refusedRead(harness, uri("integrations-old/key"), "path_not_allowed");
    expect(await read(harness, uri("integrations/salesforce/oauth"))).toMatchObject({ secret_type: "json" });
  });

  it("refuses another tenant under the tenant lock", async () => {
    const harness = await open({ tenantId: TENANT });
    const error = await refusedRead(harness, uri("integrations/salesforce/oauth", "tnt_globex"), "tenant_locked");
    expect(error.message).toContain(TENANT);
    expect(await read(harness, uri("integrations/salesforce/oauth"))).toMatchObject({
      path: "integrations/salesforce/oauth",
    });
  });

  it("lets the vault refuse another tenant when no lock is set (the token is not a partner admin)", async () => {
    const harness = await open();
    const error = await harness.client
      .readResource({ uri: uri("integrations/salesforce/oauth", "tnt_globex") })
      .catch((e: McpError) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).message).toContain("tenant_access_denied: ");
    expect(JSON.stringify((error as McpError).data)).not.toContain("globex-client");
  });

  it("resolves dot segments as a URI before the guard, so they cannot leave the window", async () => {
    const harness = await open({ allowedPaths: ["apps"] });
    await refusedRead(
      harness,
      `scaivault://secrets/${TENANT}/apps/%2e%2e/infra/db/primary/credentials`,
      "path_not_allowed",
    );
    await refusedRead(
      harness,
      `scaivault://secrets/${TENANT}/apps/../infra/db/primary/credentials`,
      "path_not_allowed",
    );
  });

  it.each([
    ["an encoded slash", "apps%2Fweb/session-key"],
    ["an encoded dot segment inside a segment", "apps/web%2e/session-key"],
    ["a backslash", "infra\\db"],
  ])("rejects %s as invalid_path", async (_what, path) => {
    const harness = await open({ allowedPaths: ["apps"] });
    await refusedRead(harness, `scaivault://secrets/${TENANT}/${path}`, "invalid_path");
  });

  it("answers a missing secret with resource-not-found carrying the API code", async () => {
    const harness = await open();
    const error = await harness.client.readResource({ uri: uri("apps/none/here") }).catch((e: McpError) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(-32002);
    expect((error as McpError).message).toMatch(/^MCP error -32002: secret_not_found: /);
  });
});

describe("secret resource completion", () => {
  it("completes multi-segment paths from the vault", async () => {
    const harness = await open();
    expect(await complete(harness, SECRET_URI_TEMPLATE, "path", "integrations/")).toEqual([
      "integrations/salesforce/oauth",
      "integrations/stripe/api-key",
    ]);
    expect(await complete(harness, SECRET_URI_TEMPLATE, "path", "infra/db/pr")).toEqual([
      "infra/db/primary/credentials",
    ]);
    expect(await complete(harness, SECRET_URI_TEMPLATE, "path", "inf")).toEqual([
      "infra/cache/redis",
      "infra/db/primary/credentials",
      "infra/db/replica/credentials",
    ]);
  });

  it("never suggests a path outside the window or under a denied prefix", async () => {
    const harness = await open({ allowedPaths: ["infra", "apps/web"], deniedPaths: ["infra/db/primary"] });
    expect(await complete(harness, SECRET_URI_TEMPLATE, "path", "")).toEqual([
      "apps/web/session-key",
      "infra/cache/redis",
      "infra/db/replica/credentials",
    ]);
    expect(await complete(harness, SECRET_URI_TEMPLATE, "path", "integrations/")).toEqual([]);
    expect(await complete(harness, SECRET_URI_TEMPLATE, "path", "apps/")).toEqual(["apps/web/session-key"]);
  });

  it("completes the tenant, and offers nothing for a tenant the lock refuses", async () => {
    const harness = await open({ tenantId: TENANT });
    expect(await complete(harness, SECRET_URI_TEMPLATE, "tenant", "tnt")).toEqual([TENANT]);
    expect(await complete(harness, SECRET_URI_TEMPLATE, "tenant", "tnt_g")).toEqual([]);
    expect(await complete(harness, SECRET_URI_TEMPLATE, "path", "integrations/", { tenant: "tnt_globex" })).toEqual([]);
    expect(await complete(harness, SECRET_URI_TEMPLATE, "path", "integrations/st", { tenant: TENANT })).toEqual([
      "integrations/stripe/api-key",
    ]);
  });

  it("uses the token's tenant (whoami) without a lock", async () => {
    const harness = await open();
    expect(await complete(harness, SECRET_URI_TEMPLATE, "tenant", "")).toEqual([TENANT]);
  });

  it("answers nothing for text that is not a path", async () => {
    const harness = await open();
    expect(await complete(harness, SECRET_URI_TEMPLATE, "path", "../infra/")).toEqual([]);
    expect(await complete(harness, SECRET_URI_TEMPLATE, "path", "in fra/")).toEqual([]);
  });
});

describe("policy resources", () => {
  it("lists, reads and completes access policies", async () => {
    const harness = await open();
    const { resources } = await harness.client.listResources();
    const policies = resources.filter((r) => r.uri.startsWith("scaivault://policies/"));
    expect(policies.map((p) => p.uri)).toContain("scaivault://policies/pol_reporting_read");
    expect(policies.find((p) => p.name === "pol_reporting_read")).toMatchObject({
      title: "reporting-integrations-read",
      mimeType: "application/json",
    });

    const policy = await read(harness, "scaivault://policies/pol_reporting_read");
    expect(policy).toMatchObject({ id: "pol_reporting_read", rules: [{ path_pattern: "integrations/**" }] });

    expect(await complete(harness, POLICY_URI_TEMPLATE, "id", "pol_rep")).toEqual(["pol_reporting_read"]);
  });

  it("answers an unknown policy with resource-not-found", async () => {
    const harness = await open();
    const error = await harness.client.readResource({ uri: "scaivault://policies/pol_nope" }).catch((e: McpError) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(-32002);
    expect((error as McpError).message).toContain("policy_not_found: ");
  });

  it("reads policies in the locked tenant's context", async () => {
    const harness = await open({ tenantId: TENANT });
    expect(await read(harness, "scaivault://policies/pol_reporting_read")).toMatchObject({ id: "pol_reporting_read" });
  });
});

describe("certificate and lease resources", () => {
  it("lists and reads certificates: the PEM, never a private key", async () => {
    const harness = await open({ maskValues: true });
    const { resources } = await harness.client.listResources();
    const certs = resources.filter((r) => r.uri.startsWith("scaivault://certificates/"));
    expect(certs.length).toBeGreaterThan(0);
    const cert = await read(harness, certs[0]!.uri);
    expect(cert.id).toBe(certs[0]!.name);
    expect(cert.certificate_pem).toContain("BEGIN CERTIFICATE");
    expect(JSON.stringify(cert)).not.toContain("PRIVATE KEY");
  });

  it("lists and reads active leases without their credentials", async () => {
    const harness = await open();
    const generated = await harness.ok("scaivault_generate_credentials", {
      engine: "postgres-prod",
      role: "readonly",
      ttl: "1h",
    });
    const { resources } = await harness.client.listResources();
    const leaseUri = `scaivault://leases/${generated.lease_id}`;
    expect(resources.map((r) => r.uri)).toContain(leaseUri);
    const lease = await read(harness, leaseUri);
    expect(lease).toMatchObject({
      lease_id: generated.lease_id,
      engine: "postgres-prod",
      role: "readonly",
      status: "active",
    });
    expect(JSON.stringify(lease)).not.toContain(generated.credentials.password);
  });

  it("completes certificate and lease ids from the vault, filtered by what was typed", async () => {
    const harness = await open();
    const { resources } = await harness.client.listResources();
    const ids = (scheme: string) =>
      resources.filter((r) => r.uri.startsWith(`scaivault://${scheme}/`)).map((r) => r.name);
    const certIds = ids("certificates");
    const leaseIds = ids("leases");
    expect(certIds.length).toBeGreaterThan(1);
    expect(leaseIds.length).toBeGreaterThan(1);
    expect(await complete(harness, CERTIFICATE_URI_TEMPLATE, "id", "")).toEqual(certIds);
    expect(await complete(harness, LEASE_URI_TEMPLATE, "id", "")).toEqual(leaseIds);
    const first = certIds[0]!;
    expect(await complete(harness, CERTIFICATE_URI_TEMPLATE, "id", first.slice(0, -2))).toEqual(
      certIds.filter((id) => id.startsWith(first.slice(0, -2))),
    );
    expect(await complete(harness, LEASE_URI_TEMPLATE, "id", leaseIds[1]!)).toEqual([leaseIds[1]]);
    expect(await complete(harness, LEASE_URI_TEMPLATE, "id", "cert_")).toEqual([]);
  });

  it("completes ids in the locked tenant's context only", async () => {
    const partner = await open({ token: "skt_mock_partner_admin" });
    expect(await complete(partner, CERTIFICATE_URI_TEMPLATE, "id", "cert_")).not.toEqual([]);
    expect(await complete(partner, LEASE_URI_TEMPLATE, "id", "lease_")).not.toEqual([]);
    await partner.close();
    const locked = await open({ token: "skt_mock_partner_admin", tenantId: "tnt_globex" });
    expect(await complete(locked, CERTIFICATE_URI_TEMPLATE, "id", "")).toEqual([]);
    expect(await complete(locked, LEASE_URI_TEMPLATE, "id", "")).toEqual([]);
  });

  it("walks the lease pages and caps id completion at 100", async () => {
    const harness = await open();
    const lease = (n: number) => ({ lease_id: `lease_${String(n).padStart(4, "0")}` });
    const pages = vi.spyOn(harness.parts.client.dynamic, "listLeases").mockImplementation(async (query) => {
      const start = Number(query?.cursor ?? 0);
      const data = Array.from({ length: 60 }, (_, i) => lease(start + i)) as any[];
      return { data, cursor: String(start + 60), has_more: start < 120 };
    });
    const values = await complete(harness, LEASE_URI_TEMPLATE, "id", "lease_01");
    expect(values).toEqual(Array.from({ length: 80 }, (_, i) => lease(100 + i).lease_id));
    expect((await complete(harness, LEASE_URI_TEMPLATE, "id", "")).length).toBe(100);
    expect(pages.mock.calls.map(([query]) => query?.cursor).slice(0, 3)).toEqual([undefined, "60", "120"]);
  });

  it("drops private keys from certificate and lease reads, masking on or off", async () => {
    const fakeKey = "-----BEGIN PRIVATE KEY-----\nFAKE-NOT-A-KEY\n-----END PRIVATE KEY-----";
    for (const maskValues of [false, true]) {
      const harness = await open({ maskValues });
      const { resources } = await harness.client.listResources();
      const certUri = resources.find((r) => r.uri.startsWith("scaivault://certificates/"))!.uri;
      const leaseUri = resources.find((r) => r.uri.startsWith("scaivault://leases/"))!.uri;
      const realCert = harness.parts.client.pki.getCertificate.bind(harness.parts.client.pki);
      vi.spyOn(harness.parts.client.pki, "getCertificate").mockImplementation(async (id, signal) => ({
        ...(await realCert(id, signal)),
        private_key: fakeKey,
        private_key_type: "rsa",
        chain: [{ ca_private_key: fakeKey, subject: "CN=Fake CA" }],
      }));
      const realLease = harness.parts.client.dynamic.getLease.bind(harness.parts.client.dynamic);
      vi.spyOn(harness.parts.client.dynamic, "getLease").mockImplementation(async (id, signal) => ({
        ...(await realLease(id, signal)),
        private_key: fakeKey,
        credentials: { username: "v-fake", password: "fake-password-0000" },
      }));

      const cert = await read(harness, certUri);
      expect(cert.certificate_pem).toContain("BEGIN CERTIFICATE");
      expect(cert.chain).toEqual([{ subject: "CN=Fake CA" }]);
      expect(Object.keys(cert).filter((k) => k.includes("private_key"))).toEqual([]);
      const lease = await read(harness, leaseUri);
      expect(lease.lease_id).toBe(leaseUri.slice("scaivault://leases/".length));
      expect(lease).not.toHaveProperty("private_key");
      expect(lease).not.toHaveProperty("credentials");
      expect(JSON.stringify([cert, lease])).not.toMatch(/FAKE-NOT-A-KEY|fake-password/);
      await harness.close();
      h = undefined;
    }
  });

  it("passes every resource read through the guarded call, admitted and shown as a tool's result", async () => {
    const harness = await open({ maskValues: true });
    const called = vi.spyOn(harness.parts.guard, "call");
    const admitted = vi.spyOn(harness.parts.guard, "before");
    const shown = vi.spyOn(harness.parts.guard, "after");
    const { resources } = await harness.client.listResources();
    for (const scheme of ["secrets", "policies", "certificates", "leases"]) {
      const resource = resources.find((r) => r.uri.startsWith(`scaivault://${scheme}/`))!;
      for (const spy of [called, admitted, shown]) spy.mockClear();
      await read(harness, resource.uri);
      for (const spy of [called, admitted, shown]) expect(spy, scheme).toHaveBeenCalledTimes(1);
    }
  });

  it("answers unknown and malformed ids with clear MCP errors", async () => {
    const harness = await open();
    const missing = await harness.client
      .readResource({ uri: "scaivault://certificates/cert_nope" })
      .catch((e: McpError) => e);
    expect((missing as McpError).message).toMatch(/(^|: )certificate_not_found: /);
    const malformed = await harness.client.readResource({ uri: "scaivault://leases/a%20b" }).catch((e: McpError) => e);
    expect((malformed as McpError).message).toMatch(/(^|: )invalid_request: /);
  });
});
