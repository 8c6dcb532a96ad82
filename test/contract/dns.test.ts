/**
 * Contract: DNS providers (reference/dns-providers, tutorials/acme-wildcard-cert). The
 * tutorial's POST /v1/dns/providers (route53, credentials, managed_zones, verify: true) answers
 * { id: "dnsp_…", is_active: true, … }; provider_type is one of the seven documented types;
 * credentials are kept and never returned; unknown ids are 404 dns_provider_not_found, and ACME
 * dns-01 orders are checked against the providers.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createMockVault } from "../../mock-vault/index.js";
import { createClient } from "../../src/client/index.js";
import { AcmeOrder } from "../../src/client/schemas/acme.js";
import { mockApi } from "../helpers/mock-api.js";

const mock = createMockVault({ seed: 42 });
const api = mockApi(mock);
const { admin, readOnly } = mock.tokens;
const acme = createClient({ baseUrl: mock.baseUrl, token: admin, fetch: mock.fetch, maxRetries: 0 }).acme;

beforeEach(() => mock.reset());

const TUTORIAL = {
  name: "route53-acme",
  provider_type: "route53",
  credentials: { access_key_id: "mock-key-id", secret_access_key: "mock-secret-key-value" },
  managed_zones: ["acme.example", "*.acme.example"],
  verify: true,
};

const create = (body: unknown) => api("POST", "/v1/dns/providers", { token: admin, body });

describe("DNS providers API", () => {
  it("POST /v1/dns/providers takes the tutorial's body: 201, dnsp_ id, is_active, no credentials back", async () => {
    const res = await create(TUTORIAL);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^dnsp_/),
      name: "route53-acme",
      provider_type: "route53",
      is_active: true,
      managed_zones: ["acme.example", "*.acme.example"],
      credential_fields: ["access_key_id", "secret_access_key"],
      last_verified_at: mock.clock.iso(),
    });
    const read = await api("GET", `/v1/dns/providers/${res.body.id}`, { token: admin });
    const list = await api("GET", "/v1/dns/providers", { token: admin });
    for (const answer of [res, read, list]) {
      expect(JSON.stringify(answer.body)).not.toContain("mock-secret-key-value");
      expect(JSON.stringify(answer.body)).not.toContain("mock-key-id");
    }
    expect(read.body).toEqual(res.body);
    expect((await api("GET", "/v1/dns/providers/route53-acme", { token: admin })).body.id).toBe(res.body.id);
  });

  it("lists providers (data, cursor, has_more), filtered by provider_type and is_active", async () => {
    const all = await api("GET", "/v1/dns/providers", { token: admin });
    expect(
      all.body.data.map((p: { name: string; provider_type: string; is_active: boolean }) => [
        p.name,
        p.provider_type,
        p.is_active,
      ]),
    ).toEqual([
      ["route53-legacy", "route53", false],
      ["scaidns-acme", "scaidns", true],
    ]);
    expect(all.body).toMatchObject({ cursor: null, has_more: false });
    const active = await api("GET", "/v1/dns/providers?is_active=true", { token: admin });
    expect(active.body.data.map((p: { name: string }) => p.name)).toEqual(["scaidns-acme"]);
    const scaidns = await api("GET", "/v1/dns/providers?provider_type=scaidns", { token: admin });
    expect(scaidns.body.data).toHaveLength(1);
    expect((await api("GET", "/v1/dns/providers?provider_type=bind", { token: admin })).status).toBe(400);
  });

  it("provider_type is the documented enum; credentials are checked against the type's fields", async () => {
    const unknownType = await create({ ...TUTORIAL, provider_type: "bind9" });
    expect(unknownType.status).toBe(422);
    expect(unknownType.body.error.details.fields[0].field).toBe("provider_type");
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ provider_type: "cloudflare", credentials: { token: "x" } }, /need api_token/],
      [{ provider_type: "scaidns", credentials: { base_url: "https://scaidns.example", api_key: "nope" } }, /sdk_/],
      [{ provider_type: "route53", credentials: { access_key_id: "only-half" } }, /together/],
      [{ provider_type: "azure", credentials: { subscription_id: "s" } }, /resource_group/],
      [{ provider_type: "powerdns", credentials: {} }, /empty/],
    ];
    for (const [change, message] of cases) {
      const res = await create({ ...TUTORIAL, name: "bad", ...change });
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(res.body.error.code).toBe("invalid_config");
      expect(res.body.error.message).toMatch(message);
    }
    // Route 53 with the host's role: no keys at all.
    expect((await create({ ...TUTORIAL, name: "role-based", credentials: {} })).status).toBe(201);
  });

  it("verify: true refuses a provider whose zones cannot be listed; names are unique", async () => {
    const unlisted = await create({ ...TUTORIAL, managed_zones: ["gone.invalid"] });
    expect(unlisted.status).toBe(400);
    expect(unlisted.body.error).toMatchObject({ code: "invalid_config", details: { zones: ["gone.invalid"] } });
    expect((await create({ ...TUTORIAL, managed_zones: ["gone.invalid"], verify: false })).status).toBe(201);
    const twice = await create({ ...TUTORIAL, name: "scaidns-acme" });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe("dns_provider_exists");
    expect((await create({ ...TUTORIAL, managed_zones: ["not a zone"] })).status).toBe(422);
  });

  it("PATCH updates name, zones, credentials (replaced, checked) and is_active; provider_type stays", async () => {
    const res = await api("PATCH", "/v1/dns/providers/scaidns-acme", {
      token: admin,
      body: { managed_zones: ["acme.example"], is_active: false },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ managed_zones: ["acme.example"], is_active: false, updated_at: mock.clock.iso() });
    const creds = await api("PATCH", "/v1/dns/providers/scaidns-acme", {
      token: admin,
      body: { credentials: { base_url: "https://dns.acme.example", api_key: "sdk_mock_rotated" } },
    });
    expect(creds.body.credential_fields).toEqual(["api_key", "base_url"]);
    const badCreds = await api("PATCH", "/v1/dns/providers/scaidns-acme", {
      token: admin,
      body: { credentials: { api_token: "x" } },
    });
    expect(badCreds.body.error.code).toBe("invalid_config");
    const retype = await api("PATCH", "/v1/dns/providers/scaidns-acme", {
      token: admin,
      body: { provider_type: "cloudflare" },
    });
    expect(retype.status).toBe(400);
    expect((await api("PATCH", "/v1/dns/providers/dnsp_nope", { token: admin, body: {} })).body.error.code).toBe(
      "dns_provider_not_found",
    );
  });

  it("DELETE answers 204, then 404 dns_provider_not_found; scopes pki:read and pki:admin", async () => {
    const del = await api("DELETE", "/v1/dns/providers/route53-legacy", { token: admin });
    expect(del.status).toBe(204);
    const gone = await api("GET", "/v1/dns/providers/route53-legacy", { token: admin });
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({
      code: "dns_provider_not_found",
      details: { dns_provider_id: "route53-legacy" },
    });
    const read = await api("GET", "/v1/dns/providers", { token: readOnly });
    expect(read.body.error).toMatchObject({ code: "insufficient_scope", details: { required_scope: "pki:read" } });
    const partnerReader = await api("POST", "/v1/dns/providers", { token: mock.tokens.reportRunner, body: TUTORIAL });
    expect(partnerReader.body.error.details.required_scope).toBe("pki:admin");
  });
});

describe("ACME dns-01 orders and DNS providers", () => {
  const account = async () => (await acme.listAccounts()).data.find((a) => a.name === "letsencrypt-staging")!.id;

  it("a dns-01 order names its provider: given and checked, or the active one whose zones cover the names", async () => {
    const named = AcmeOrder.parse(
      await acme.createOrder({
        account_id: await account(),
        identifiers: ["*.acme.example"],
        dns_provider_id: "scaidns-acme",
      }),
    );
    const provider = (await api("GET", "/v1/dns/providers/scaidns-acme", { token: admin })).body;
    expect(named.dns_provider_id).toBe(provider.id);
    const picked = AcmeOrder.parse(
      await acme.createOrder({ account_id: await account(), identifiers: ["www.acme.example"] }),
    );
    expect(picked.dns_provider_id).toBe(provider.id);
    const none = AcmeOrder.parse(await acme.createOrder({ account_id: await account(), identifiers: ["example.org"] }));
    expect(none.dns_provider_id).toBeNull();
    const http = AcmeOrder.parse(
      await acme.createOrder({
        account_id: await account(),
        identifiers: ["www.acme.example"],
        challenge_type: "http-01",
      }),
    );
    expect(http.dns_provider_id).toBeNull();
  });

  it("refuses an unknown (404 dns_provider_not_found), inactive (409) or unfitting (400) provider", async () => {
    const id = await account();
    const order = (dns_provider_id: string, identifiers = ["*.acme.example"], challenge_type?: "http-01") =>
      api("POST", "/v1/pki/acme/orders", {
        token: admin,
        body: { account_id: id, identifiers, dns_provider_id, ...(challenge_type ? { challenge_type } : {}) },
      });
    const unknown = await order("dnsp_missing");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      code: "dns_provider_not_found",
      details: { dns_provider_id: "dnsp_missing" },
    });
    expect((await order("route53-legacy", ["shop.acme-legacy.example"])).body.error.code).toBe("dns_provider_inactive");
    const outside = await order("scaidns-acme", ["shop.example.org"]);
    expect(outside.status).toBe(400);
    expect(outside.body.error.details.identifiers).toEqual(["shop.example.org"]);
    expect((await order("scaidns-acme", ["www.acme.example"], "http-01")).status).toBe(400);
    const orders = (await acme.listOrders()).data.length;
    expect(orders).toBe(3);
  });

  it("a provider an open order relies on is not deleted (409 dns_provider_in_use) until the order is done", async () => {
    const order = AcmeOrder.parse(
      await acme.createOrder({
        account_id: await account(),
        identifiers: ["api.acme.example"],
        dns_provider_id: "scaidns-acme",
      }),
    );
    const refused = await api("DELETE", "/v1/dns/providers/scaidns-acme", { token: admin });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "dns_provider_in_use", details: { order_ids: [order.id] } });
    for (const a of order.authorizations) for (const c of a.challenges) await acme.completeChallenge(order.id, c.id);
    await acme.finalizeOrder(order.id);
    expect((await api("DELETE", "/v1/dns/providers/scaidns-acme", { token: admin })).status).toBe(204);
  });
});
