/** The 6 acme tools end to end: accounts, orders, challenges, certificates (mock ACME CA). */
import { X509Certificate } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { MASK } from "../../src/guard/mask.js";
import { connect, expectRefused, type Harness, requestsSeen, textOf } from "../helpers/harness.js";

let h: Harness;
afterEach(async () => h?.close());

const accountIds = async () =>
  (await h.ok("scaivault_list_acme_accounts", {})).data.map((a: { id: string }) => a.id) as string[];

describe("acme tools", () => {
  it("list_acme_accounts and create_acme_account (the account key never shows)", async () => {
    h = await connect();
    const listed = await h.ok("scaivault_list_acme_accounts", {});
    expect(listed.data.map((a: { name: string }) => a.name)).toEqual(["letsencrypt-prod", "letsencrypt-staging"]);
    const created = await h.ok("scaivault_create_acme_account", {
      name: "zerossl",
      provider: "zerossl",
      email: "pki@acme.example",
    });
    expect(created).toMatchObject({ provider: "zerossl", environment: "production", status: "valid" });
    expect(JSON.stringify(created)).not.toMatch(/key_thumbprint|PRIVATE/);
    expect((await h.ok("scaivault_list_acme_accounts", { provider: "zerossl" })).data).toHaveLength(1);
    const custom = await h.call("scaivault_create_acme_account", {
      name: "c",
      provider: "custom",
      email: "pki@acme.example",
    });
    expect(custom._meta?.["scaivault/code"]).toBe("invalid_request");
  });

  it("create_acme_order, complete_acme_challenge one by one, then request_certificate finalizes", async () => {
    h = await connect();
    const [, staging] = await accountIds();
    const order = await h.ok("scaivault_create_acme_order", {
      account_id: staging,
      identifiers: ["*.lab.acme.example", "lab.acme.example"],
    });
    expect(order).toMatchObject({ status: "pending", identifiers: ["*.lab.acme.example", "lab.acme.example"] });
    expect(order.authorizations[0].challenges[0]).toMatchObject({
      type: "dns-01",
      record_name: "_acme-challenge.lab.acme.example",
    });
    const listed = await h.ok("scaivault_list_acme_orders", { status: "pending" });
    expect(listed.data.map((o: { id: string }) => o.id)).toContain(order.id);

    const step = await h.ok("scaivault_complete_acme_challenge", {
      order_id: order.id,
      challenge_id: order.authorizations[0].challenges[0].id,
    });
    expect(step.status).toBe("pending");
    const ready = await h.ok("scaivault_complete_acme_challenge", {
      order_id: order.id,
      challenge_id: order.authorizations[1].challenges[0].id,
    });
    expect(ready.status).toBe("ready");
    const done = await h.ok("scaivault_request_certificate", { order_id: order.id });
    expect(done.status).toBe("valid");
    expect(done.status_history.map((s: { status: string }) => s.status)).toEqual([
      "pending",
      "ready",
      "processing",
      "valid",
    ]);
    expect(done.certificate.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(new X509Certificate(done.certificate.certificate).subjectAltName).toBe(
      "DNS:*.lab.acme.example, DNS:lab.acme.example",
    );
    const cert = await h.ok("scaivault_get_certificate", { certificate_id: done.certificate_id });
    expect(cert).toMatchObject({ status: "active" });
    expect(JSON.stringify(cert)).not.toContain("PRIVATE KEY");
    const again = await h.call("scaivault_request_certificate", { order_id: order.id });
    expect(again._meta?.["scaivault/code"]).toBe("acme_order_not_ready");
  });

  it("complete_acme_challenge without challenge_id completes every pending one", async () => {
    h = await connect();
    const pending = (await h.ok("scaivault_list_acme_orders", { status: "pending" })).data[0];
    const ready = await h.ok("scaivault_complete_acme_challenge", { order_id: pending.id });
    expect(ready.status).toBe("ready");
    expect(ready.authorizations.map((a: { status: string }) => a.status)).toEqual(["valid", "valid"]);
  });

  it("request_certificate in one call: order + challenges + finalize; http-01 too", async () => {
    h = await connect();
    const [prod] = await accountIds();
    const result = await h.ok("scaivault_request_certificate", {
      account_id: prod,
      identifiers: ["portal.acme.example"],
      challenge_type: "http-01",
    });
    expect(result).toMatchObject({ status: "valid", identifiers: ["portal.acme.example"] });
    expect(result.authorizations[0].challenges[0]).toMatchObject({ type: "http-01", status: "valid" });
    const expiring = await h.ok("scaivault_check_expiring_certs", { within: "90d" });
    expect(expiring.data.map((c: { id: string }) => c.id)).toContain(result.certificate_id);
    const validated = await h.ok("scaivault_validate_certificate", {
      certificate_id: result.certificate_id,
      hostname: "portal.acme.example",
    });
    expect(validated.valid).toBe(true);
  });

  it("request_certificate reports a failed challenge and needs order_id or account_id+identifiers", async () => {
    h = await connect();
    const [prod] = await accountIds();
    const failed = await h.call("scaivault_request_certificate", {
      account_id: prod,
      identifiers: ["dev.acme.invalid"],
    });
    expect(failed._meta?.["scaivault/code"]).toBe("acme_order_invalid");
    expect(textOf(failed)).toMatch(/No TXT record found at _acme-challenge\.dev\.acme\.invalid/);
    const invalid = await h.ok("scaivault_list_acme_orders", { status: "invalid" });
    expect(invalid.data).toHaveLength(2);
    for (const args of [{}, { order_id: "acme_ord_x", identifiers: ["a.example"] }, { account_id: prod }]) {
      const result = await h.call("scaivault_request_certificate", args);
      expectRefused(result, "invalid_arguments");
      expect(textOf(result)).toBe(
        "invalid_arguments: Give exactly one of: order_id | account_id+identifiers (+challenge_type).",
      );
    }
  });

  it("READ_ONLY refuses every acme write before the API; lists still work", async () => {
    h = await connect({ readOnly: true });
    const before = requestsSeen(h.mock);
    expectRefused(
      await h.call("scaivault_create_acme_account", { name: "x", provider: "letsencrypt", email: "a@b.example" }),
      "read_only",
    );
    expectRefused(
      await h.call("scaivault_create_acme_order", { account_id: "a", identifiers: ["a.example"] }),
      "read_only",
    );
    expectRefused(await h.call("scaivault_complete_acme_challenge", { order_id: "o" }), "read_only");
    expectRefused(await h.call("scaivault_request_certificate", { order_id: "o" }), "read_only");
    expect(requestsSeen(h.mock)).toBe(before);
    expect((await h.ok("scaivault_list_acme_orders", {})).data).toHaveLength(3);
  });

  it("MASK_VALUES hides the ACME certificate's private key", async () => {
    h = await connect({ maskValues: true });
    const pending = (await h.ok("scaivault_list_acme_orders", { status: "pending" })).data[0];
    const result = await h.call("scaivault_request_certificate", { order_id: pending.id });
    const done = result.structuredContent as { certificate: Record<string, unknown> };
    expect(done.certificate.private_key).toBe(MASK);
    expect(done.certificate.certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(textOf(result)).not.toContain("PRIVATE KEY");
  });
});
