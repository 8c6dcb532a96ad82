import { afterEach, describe, expect, it } from "vitest";
import { connect, expectRefused, type Harness, requestsSeen } from "../helpers/harness.js";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("subscription tools", () => {
  it("lists event types", async () => {
    h = await connect();
    const { event_types } = await h.ok("scaivault_list_event_types");
    expect(event_types.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining([
        "secret.created",
        "secret.rotated",
        "policy.violation",
        "rotation.due",
        "certificate.revoked",
      ]),
    );
  });

  it("writing a secret produces a delivery in a subscription's log", async () => {
    h = await connect();
    const sub = await h.ok("scaivault_create_subscription", {
      name: "watch-stripe",
      events: ["secret.updated", "secret.rotated"],
      paths: ["integrations/**"],
    });
    expect(sub).toMatchObject({ status: "active", delivery: { type: "polling" }, signing_secret: null });
    await h.ok("scaivault_write_secret", { path: "integrations/stripe/api-key", data: { key: "sk_test_mock_new" } });
    await h.ok("scaivault_write_secret", { path: "apps/web/session-key", data: { key: "ignored" } });
    const got = await h.ok("scaivault_get_subscription", { subscription_id: sub.id });
    expect(got.delivery_count).toBe(1);
    expect(got.recent_deliveries).toEqual([
      expect.objectContaining({
        event_type: "secret.updated",
        path: "integrations/stripe/api-key",
        identity_id: "user:ops@acme.example",
      }),
    ]);
    expect(JSON.stringify(got)).not.toContain("sk_test_mock_new");
  });

  it("lists and deletes subscriptions; unknown ids give subscription_not_found", async () => {
    h = await connect();
    const list = await h.ok("scaivault_list_subscriptions");
    expect(list.data.map((s: { name: string }) => s.name)).toEqual(["secops-alerts", "integrations-changes"]);
    const id = list.data[0].id;
    expect(await h.ok("scaivault_delete_subscription", { subscription_id: id })).toEqual({ id, deleted: true });
    expectRefused(await h.call("scaivault_get_subscription", { subscription_id: id }), "subscription_not_found");
  });

  it("returns the webhook signing secret once, masked under MASK_VALUES", async () => {
    h = await connect();
    const plain = await h.ok("scaivault_create_subscription", {
      name: "hook",
      events: ["secret.*"],
      url: "https://hooks.example/a",
    });
    expect(plain.signing_secret).toMatch(/^whsec_mock_/);
    await h.close();
    h = await connect({ maskValues: true });
    const masked = await h.ok("scaivault_create_subscription", {
      name: "hook",
      events: ["secret.*"],
      url: "https://hooks.example/a",
    });
    expect(masked.signing_secret).toBe("••••••");
    expect(masked.delivery).toMatchObject({ type: "webhook", url: "https://hooks.example/a" });
  });

  it("rejects unknown event types with the vault's validation_error", async () => {
    h = await connect();
    expectRefused(
      await h.call("scaivault_create_subscription", { name: "x", events: ["secret.exploded"] }),
      "validation_error",
    );
  });

  it("READ_ONLY refuses create and delete before any request", async () => {
    h = await connect({ readOnly: true });
    const before = requestsSeen(h.mock);
    expectRefused(await h.call("scaivault_create_subscription", { name: "x", events: ["secret.*"] }), "read_only");
    expectRefused(await h.call("scaivault_delete_subscription", { subscription_id: "sub_x" }), "read_only");
    expect(requestsSeen(h.mock)).toBe(before);
    expect((await h.ok("scaivault_list_subscriptions")).data).toHaveLength(2);
  });
});
