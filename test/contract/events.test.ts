/**
 * The event envelope and the data of each event type (reference/webhook-events), read the way a
 * client reads them: a polling subscription's GET …/poll, and the catalog at GET /v1/events/types.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createMockVault, type MockVaultHandle } from "../../mock-vault/index.js";
import { apiOf } from "../helpers/mock-api.js";

let mock: MockVaultHandle;
beforeEach(() => {
  mock = createMockVault();
});

const call = apiOf(() => mock);

/** A polling subscription for `events` on every path; `drain()` polls (and acknowledges) what arrived. */
async function subscribe(events: string[]) {
  const { body } = await call("POST", "/v1/subscriptions", {
    name: "events-under-test",
    paths: ["**"],
    events,
    delivery: { type: "polling" },
  });
  return async () => {
    const { body: polled } = await call("GET", `/v1/subscriptions/${body.id}/poll?timeout=0&max_events=1000`);
    const ids = polled.events.map((e: { event_id: string }) => e.event_id);
    if (ids.length) await call("POST", `/v1/subscriptions/${body.id}/ack`, { event_ids: ids });
    return polled.events as Record<string, any>[];
  };
}

const ENVELOPE_KEYS = [
  "event_id",
  "event_type",
  "timestamp",
  "tenant_id",
  "partner_id",
  "identity_id",
  "path",
  "data",
  "request_id",
];

describe("the envelope", () => {
  it("has the documented fields in the documented order, the request's id and a microsecond timestamp", async () => {
    const drain = await subscribe(["secret.created"]);
    const write = await call("PUT", "/v1/secrets/apps/envelope", { data: { a: "1" } });
    const [event] = await drain();
    expect(Object.keys(event ?? {})).toEqual(ENVELOPE_KEYS);
    expect(event).toMatchObject({
      event_id: expect.stringMatching(/^evt_/),
      event_type: "secret.created",
      timestamp: "2026-05-17T15:00:00.000000Z",
      tenant_id: "tnt_acme_prod",
      partner_id: "ptn_acme",
      identity_id: "user:ops@acme.example",
      path: "apps/envelope",
      request_id: write.requestId,
    });
    expect(event?.data).not.toHaveProperty("path");
  });

  it("omits path for events about resources without one (policies)", async () => {
    const drain = await subscribe(["policy.*"]);
    const created = await call("POST", "/v1/policies", {
      name: "readers",
      rules: [{ path_pattern: "apps/**", permissions: ["read"] }],
    });
    expect(created.status).toBe(201);
    const [event] = await drain();
    expect(event?.event_type).toBe("policy.created");
    expect(Object.keys(event ?? {})).toEqual(ENVELOPE_KEYS.filter((k) => k !== "path"));
    expect(event?.request_id).toBe(created.requestId);
  });

  it("events the clock sets off carry no request id and the system identity", async () => {
    const drain = await subscribe(["secret.expiring"]);
    mock.clock.advance("3d");
    const [event] = await drain();
    expect(event).toMatchObject({
      event_type: "secret.expiring",
      identity_id: "system:expiry-monitor",
      path: "integrations/stripe/api-key",
      request_id: null,
      timestamp: "2026-05-20T15:00:00.000000Z",
    });
  });

  it("a partner admin's event in another tenant of its partner names that tenant and the partner", async () => {
    const staging = { "X-Tenant-ID": "tnt_acme_staging" };
    const sub = await call(
      "POST",
      "/v1/subscriptions",
      { name: "staging", paths: ["**"], events: ["secret.*"], delivery: { type: "polling" } },
      mock.tokens.partnerAdmin,
      staging,
    );
    expect(sub.status).toBe(201);
    await call("PUT", "/v1/secrets/apps/staged", { data: { a: "1" } }, mock.tokens.partnerAdmin, staging);
    const polled = await call(
      "GET",
      `/v1/subscriptions/${sub.body.id}/poll`,
      undefined,
      mock.tokens.partnerAdmin,
      staging,
    );
    expect(polled.body.events).toEqual([
      expect.objectContaining({
        event_type: "secret.created",
        tenant_id: "tnt_acme_staging",
        partner_id: "ptn_acme",
        identity_id: "user:partner-admin@acme.example",
      }),
    ]);
  });
});

describe("data per event type", () => {
  it("secret.created, secret.updated, secret.deleted as documented", async () => {
    const drain = await subscribe(["secret.created", "secret.updated", "secret.deleted"]);
    await call("PUT", "/v1/secrets/apps/salesforce", {
      data: { client_id: "x" },
      secret_type: "json",
      metadata: { tags: ["salesforce", "production"] },
    });
    await call("PUT", "/v1/secrets/apps/salesforce", { data: { client_id: "y" } });
    await call("DELETE", "/v1/secrets/apps/salesforce");
    await call("PUT", "/v1/secrets/apps/gone", { data: { a: "1" } });
    await call("DELETE", "/v1/secrets/apps/gone?permanent=true");
    const data = (await drain()).map((e) => [e.event_type, e.data]);
    expect(data).toEqual([
      [
        "secret.created",
        {
          version: 1,
          secret_type: "json",
          created_by: "user:ops@acme.example",
          tags: ["salesforce", "production"],
          expires_at: null,
        },
      ],
      ["secret.updated", { old_version: 1, new_version: 2, updated_by: "user:ops@acme.example", is_rotation: false }],
      [
        "secret.deleted",
        {
          version_count: 2,
          deleted_by: "user:ops@acme.example",
          permanent: false,
          recoverable_until: mock.clock.iso(30 * 86_400_000),
        },
      ],
      expect.arrayContaining(["secret.created"]),
      ["secret.deleted", { version_count: 1, deleted_by: "user:ops@acme.example", permanent: true }],
    ]);
  });

  it("secret.rotated names the rotation policy by id and name", async () => {
    const drain = await subscribe(["secret.rotated"]);
    const rotated = await call("POST", "/v1/rotation/policies/rot_weekly/rotate", {});
    expect(rotated.status).toBe(200);
    const [event] = await drain();
    expect(event?.data).toEqual({
      old_version: 1,
      new_version: 2,
      rotation_policy_id: "rot_weekly",
      rotation_policy_name: expect.any(String),
      grace_period_ends: mock.clock.iso(48 * 3_600_000),
      auto_generated: true,
    });
    const policy = await call("GET", "/v1/rotation/policies/rot_weekly");
    expect(event?.data.rotation_policy_name).toBe(policy.body.name);
  });

  it("secret.expiring: expires_at, days_remaining, threshold", async () => {
    const drain = await subscribe(["secret.expiring"]);
    mock.clock.advance("3d");
    const [event] = await drain();
    expect(event?.data).toEqual({ expires_at: expect.any(String), days_remaining: 7, threshold: "7d" });
  });
});

describe("GET /v1/events/types", () => {
  it("marks the documented names apart from the mock's own", async () => {
    const { body } = await call("GET", "/v1/events/types", undefined, mock.tokens.readOnly);
    const documented = body.event_types.filter((e: { documented: boolean }) => e.documented);
    expect(documented.map((e: { type: string }) => e.type)).toEqual([
      "secret.created",
      "secret.updated",
      "secret.deleted",
      "secret.rotated",
      "secret.expiring",
      "secret.expired",
      "secret.accessed",
      "policy.created",
      "policy.updated",
      "policy.deleted",
      "policy.binding.created",
      "policy.binding.deleted",
      "policy.violation",
      "rotation.due",
      "rotation.overdue",
      "rotation.completed",
      "rotation.failed",
      "certificate.issued",
      "certificate.renewed",
      "certificate.revoked",
      "certificate.expiring",
    ]);
    expect(body.event_types.find((e: { type: string }) => e.type === "lease.created")).toMatchObject({
      group: "lease",
      documented: false,
    });
  });
});
