/**
 * Contract: the ACME client against the mock vault. Responses parse with the wire schemas in
 * src/client/schemas/acme.ts; the order state machine is pending -> ready -> processing -> valid,
 * or invalid when a challenge fails (names under .invalid) or the order expires.
 */
import { createHash, X509Certificate } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { VaultEvent } from "../../mock-vault/core/events.js";
import { createMockVault } from "../../mock-vault/index.js";
import { createClient } from "../../src/client/index.js";
import {
  AcmeAccount,
  AcmeAccountList,
  AcmeFinalized,
  AcmeOrder,
  AcmeOrderList,
} from "../../src/client/schemas/acme.js";
import { Validation } from "../../src/client/schemas/pki.js";

const mock = createMockVault({ seed: 42 });
const clientFor = (token: string) => createClient({ baseUrl: mock.baseUrl, token, fetch: mock.fetch, maxRetries: 0 });
const client = clientFor(mock.tokens.admin);
let events: VaultEvent[] = [];
mock.state.bus.on((e) => events.push(e));

beforeEach(() => {
  mock.reset();
  events = [];
});

const accounts = async () => AcmeAccountList.parse(await client.acme.listAccounts()).data;
const orders = async (status?: string) => AcmeOrderList.parse(await client.acme.listOrders({ status })).data;

describe("ACME API: accounts", () => {
  it("GET /v1/pki/acme/accounts lists the seeded Let's Encrypt accounts, never a key", async () => {
    const list = await accounts();
    expect(list.map((a) => [a.name, a.provider, a.environment, a.status])).toEqual([
      ["letsencrypt-prod", "letsencrypt", "production", "valid"],
      ["letsencrypt-staging", "letsencrypt", "staging", "valid"],
    ]);
    expect(list[1]!.directory_url).toBe("https://acme-staging-v02.api.letsencrypt.org/directory");
    expect(list[0]!.account_url).toMatch(/^https:\/\/acme-v02\.api\.letsencrypt\.org\/acme\/acct\/\d+$/);
    expect(JSON.stringify(list)).not.toMatch(/key_thumbprint|private|PRIVATE/);
    expect(AcmeAccountList.parse(await client.acme.listAccounts({ provider: "zerossl" })).data).toEqual([]);
    const one = AcmeAccount.parse(await client.acme.getAccount(list[0]!.id));
    expect(one.orders).toBe(2);
    await expect(client.acme.getAccount("acme_acct_nope")).rejects.toMatchObject({
      code: "acme_account_not_found",
      status: 404,
    });
  });

  it("POST /v1/pki/acme/accounts registers (201); custom needs directory_url; 409 duplicate; 422 bad email", async () => {
    const created = AcmeAccount.parse(
      await client.acme.createAccount({
        name: "buypass-stg",
        provider: "buypass",
        environment: "staging",
        email: "pki@acme.example",
      }),
    );
    expect(created).toMatchObject({
      provider: "buypass",
      directory_url: "https://api.test4.buypass.no/acme/directory",
      status: "valid",
      orders: 0,
    });
    const custom = AcmeAccount.parse(
      await client.acme.createAccount({
        name: "step-ca",
        provider: "custom",
        email: "pki@acme.example",
        directory_url: "https://ca.internal/acme/acme/directory",
      }),
    );
    expect(custom.account_url).toMatch(/^https:\/\/ca\.internal\/acme\/acct\//);
    await expect(
      client.acme.createAccount({ name: "c2", provider: "custom", email: "pki@acme.example" }),
    ).rejects.toMatchObject({ code: "invalid_request", status: 400 });
    await expect(
      client.acme.createAccount({
        name: "l2",
        provider: "letsencrypt",
        email: "pki@acme.example",
        directory_url: "https://x.example/dir",
      }),
    ).rejects.toMatchObject({ code: "invalid_request" });
    await expect(
      client.acme.createAccount({ name: "buypass-stg", provider: "buypass", email: "pki@acme.example" }),
    ).rejects.toMatchObject({ code: "acme_account_exists", status: 409 });
    await expect(
      client.acme.createAccount({ name: "x", provider: "letsencrypt", email: "not-an-email" }),
    ).rejects.toMatchObject({ code: "validation_error", status: 422 });
    await expect(
      client.acme.createAccount({ name: "x", provider: "acme-corp" as never, email: "a@b.example" }),
    ).rejects.toMatchObject({ code: "validation_error" });
  });
});

describe("ACME API: orders", () => {
  it("GET /v1/pki/acme/orders lists the seeded valid, invalid and pending orders; filters; 404", async () => {
    const all = await orders();
    expect(all.map((o) => [o.status, o.identifiers])).toEqual([
      ["valid", ["shop.acme.example"]],
      ["invalid", ["intranet.acme.example"]],
      ["pending", ["*.acme.example", "acme.example"]],
    ]);
    expect(all[0]!.status_history.map((h) => h.status)).toEqual(["pending", "ready", "processing", "valid"]);
    expect(all[0]!.certificate_id).toMatch(/^cert_/);
    expect(all[1]!.error?.type).toBe("urn:ietf:params:acme:error:connection");
    expect((await orders("pending")).map((o) => o.identifiers[0])).toEqual(["*.acme.example"]);
    const [prod] = await accounts();
    expect(AcmeOrderList.parse(await client.acme.listOrders({ account_id: prod!.id })).data).toHaveLength(2);
    await expect(client.acme.listOrders({ status: "done" })).rejects.toMatchObject({
      code: "invalid_request",
      status: 400,
    });
    await expect(client.acme.getOrder("acme_ord_nope")).rejects.toMatchObject({
      code: "acme_order_not_found",
      status: 404,
    });
  });

  it("POST /v1/pki/acme/orders (201) gives one challenge per name with what to publish", async () => {
    const [, staging] = await accounts();
    const order = AcmeOrder.parse(
      await client.acme.createOrder({
        account_id: staging!.id,
        identifiers: ["*.Api.acme.example", "api.acme.example", "api.acme.example"],
      }),
    );
    expect(order).toMatchObject({
      status: "pending",
      challenge_type: "dns-01",
      identifiers: ["*.api.acme.example", "api.acme.example"],
      certificate_id: null,
    });
    expect(Date.parse(order.expires) - Date.parse(order.created_at)).toBe(7 * 86_400_000);
    const [wild, apex] = order.authorizations;
    expect(wild).toMatchObject({ identifier: "*.api.acme.example", wildcard: true, status: "pending" });
    const challenge = wild!.challenges[0]!;
    expect(challenge).toMatchObject({
      type: "dns-01",
      status: "pending",
      record_name: "_acme-challenge.api.acme.example",
      record_type: "TXT",
    });
    expect(challenge.record_value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(apex!.challenges[0]!.token).not.toBe(challenge.token);

    const http01 = AcmeOrder.parse(
      await client.acme.createOrder({
        account_id: staging!.id,
        identifiers: ["www.acme.example"],
        challenge_type: "http-01",
      }),
    );
    const c = http01.authorizations[0]!.challenges[0]!;
    expect(c.url).toBe(`http://www.acme.example/.well-known/acme-challenge/${c.token}`);
    expect(c.key_authorization?.startsWith(`${c.token}.`)).toBe(true);
    // dns-01 value = base64url(SHA-256(key authorization)), as RFC 8555 §8.4 says
    const dnsOrder = AcmeOrder.parse(
      await client.acme.createOrder({ account_id: staging!.id, identifiers: ["www.acme.example"] }),
    );
    const d = dnsOrder.authorizations[0]!.challenges[0]!;
    const thumbprint = c.key_authorization!.split(".")[1];
    expect(d.record_value).toBe(createHash("sha256").update(`${d.token}.${thumbprint}`).digest("base64url"));
  });

  it("rejects wildcards over http-01, bad names and unknown accounts", async () => {
    const [prod] = await accounts();
    await expect(
      client.acme.createOrder({ account_id: prod!.id, identifiers: ["*.acme.example"], challenge_type: "http-01" }),
    ).rejects.toMatchObject({ code: "invalid_request", status: 400 });
    await expect(client.acme.createOrder({ account_id: prod!.id, identifiers: ["10.0.0.1"] })).rejects.toMatchObject({
      code: "invalid_request",
    });
    await expect(client.acme.createOrder({ account_id: prod!.id, identifiers: ["localhost"] })).rejects.toMatchObject({
      code: "invalid_request",
    });
    await expect(client.acme.createOrder({ account_id: prod!.id, identifiers: [] })).rejects.toMatchObject({
      code: "validation_error",
      status: 422,
    });
    await expect(
      client.acme.createOrder({ account_id: "acme_acct_nope", identifiers: ["a.example"] }),
    ).rejects.toMatchObject({ code: "acme_account_not_found" });
  });
});

describe("ACME API: challenges and finalize", () => {
  it("pending -> ready -> processing -> valid, with a certificate chained to the mock ACME CA", async () => {
    const [pending] = await orders("pending");
    const [wild, apex] = pending!.authorizations;
    const afterOne = AcmeOrder.parse(await client.acme.completeChallenge(pending!.id, wild!.challenges[0]!.id));
    expect(afterOne.status).toBe("pending");
    expect(afterOne.authorizations[0]!).toMatchObject({
      status: "valid",
      challenges: [{ status: "valid", validated_at: mock.clock.iso() }],
    });
    await expect(client.acme.finalizeOrder(pending!.id)).rejects.toMatchObject({
      code: "acme_order_not_ready",
      status: 409,
    });
    const again = AcmeOrder.parse(await client.acme.completeChallenge(pending!.id, wild!.challenges[0]!.id));
    expect(again.status).toBe("pending");
    const ready = AcmeOrder.parse(await client.acme.completeChallenge(pending!.id, apex!.challenges[0]!.id));
    expect(ready.status).toBe("ready");

    mock.clock.advance("10m");
    const done = AcmeFinalized.parse(await client.acme.finalizeOrder(pending!.id));
    expect(done.status).toBe("valid");
    expect(done.status_history.map((h) => h.status)).toEqual(["pending", "ready", "processing", "valid"]);
    expect(done.certificate.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(done.certificate_id).toBe(done.certificate.id);
    // Let's Encrypt staging: 90-day certificates from the mock clock
    expect(done.certificate.not_before).toBe(mock.clock.iso());
    expect(Date.parse(done.certificate.not_after) - Date.parse(done.certificate.not_before)).toBe(90 * 86_400_000);
    const leaf = new X509Certificate(done.certificate.certificate);
    const issuer = new X509Certificate(done.certificate.ca_chain[0]!);
    expect(leaf.subjectAltName).toBe("DNS:*.acme.example, DNS:acme.example");
    expect(leaf.checkIssued(issuer) && leaf.verify(issuer.publicKey)).toBe(true);
    expect(issuer.subject).toContain("CN=ScaiVault Mock ACME CA");
    expect(events.find((e) => e.type === "certificate.issued")?.data).toMatchObject({
      source: "acme",
      acme_order_id: pending!.id,
      ca_id: null,
    });

    // The certificate is in the PKI inventory and validates against the tenant's trust (ACME CA included).
    const cert = await client.pki.getCertificate(done.certificate.id);
    expect(cert).toMatchObject({ source: "acme", acme_order_id: pending!.id, status: "active" });
    expect(cert).not.toHaveProperty("private_key");
    expect(
      Validation.parse(await client.pki.validate({ certificate_id: done.certificate.id, hostname: "www.acme.example" }))
        .valid,
    ).toBe(true);
    await expect(client.acme.finalizeOrder(pending!.id)).rejects.toMatchObject({ code: "acme_order_not_ready" });
    expect(AcmeOrder.parse(await client.acme.getOrder(pending!.id)).certificate_id).toBe(done.certificate.id);
  });

  it("a failing challenge (.invalid names) makes the order invalid with the CA's error", async () => {
    const [prod] = await accounts();
    const order = AcmeOrder.parse(
      await client.acme.createOrder({ account_id: prod!.id, identifiers: ["ok.acme.example", "broken.acme.invalid"] }),
    );
    const failed = AcmeOrder.parse(
      await client.acme.completeChallenge(order.id, order.authorizations[1]!.challenges[0]!.id),
    );
    expect(failed).toMatchObject({ status: "invalid", error: { type: "urn:ietf:params:acme:error:dns" } });
    expect(failed.authorizations[1]!.challenges[0]!.error?.detail).toMatch(/_acme-challenge\.broken\.acme\.invalid/);
    await expect(
      client.acme.completeChallenge(order.id, order.authorizations[0]!.challenges[0]!.id),
    ).rejects.toMatchObject({ code: "acme_order_invalid", status: 409 });
    await expect(client.acme.finalizeOrder(order.id)).rejects.toMatchObject({ code: "acme_order_not_ready" });
    await expect(client.acme.completeChallenge(order.id, "acme_chal_nope")).rejects.toMatchObject({
      code: "acme_challenge_not_found",
      status: 404,
    });
  });

  it("orders expire after 7 days on the mock clock", async () => {
    const [pending] = await orders("pending");
    mock.clock.advance("7d");
    const expired = AcmeOrder.parse(await client.acme.getOrder(pending!.id));
    expect(expired.status).toBe("invalid");
    expect(expired.authorizations.map((a) => a.status)).toEqual(["expired", "expired"]);
    expect(expired.error?.detail).toMatch(/expired/);
  });

  it("scopes: reading needs pki:read, orders need pki:issue, accounts pki:admin", async () => {
    const reader = clientFor(mock.tokens.readOnly);
    await expect(reader.acme.listOrders()).rejects.toMatchObject({ code: "insufficient_scope", status: 403 });
    const globex = clientFor(mock.tokens.otherTenantAdmin);
    expect((await globex.acme.listOrders()).data).toEqual([]);
    const [pending] = await orders("pending");
    await expect(globex.acme.getOrder(pending!.id)).rejects.toMatchObject({ code: "acme_order_not_found" });
  });
});
