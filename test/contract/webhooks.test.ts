/**
 * The webhooks API (reference/webhooks) and its deliveries as advanced/webhook-signatures
 * documents them: the reference's own example bodies, field names, statuses and error codes,
 * against createMockVault() through mock.fetch, and a receiver on a loopback port that gets the
 * real signed POST.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMockVault, type MockVaultHandle } from "../../mock-vault/index.js";
import { apiOf } from "../helpers/mock-api.js";

let mock: MockVaultHandle;
beforeEach(() => {
  mock = createMockVault();
});

const call = apiOf(() => mock);

/** The reference's create body (reference/webhooks, POST /v1/webhooks), pointed at `url`. */
const webhookBody = (url: string, extra: Record<string, unknown> = {}) => ({
  name: "rotation-alerts",
  url,
  secret: "whsec_mock_0123456789abcdef0123456789abcdef",
  events: ["secret.rotated", "secret.expiring"],
  ...extra,
});

const create = async (url = "https://hooks.example.test/scaivault", extra: Record<string, unknown> = {}) => {
  const created = await call("POST", "/v1/webhooks", webhookBody(url, extra));
  expect(created.status).toBe(201);
  return created.body as { id: string };
};

describe("GET /v1/webhooks", () => {
  it("lists webhooks under `webhooks` with the documented fields (scope admin)", async () => {
    const { status, body } = await call("GET", "/v1/webhooks");
    expect(status).toBe(200);
    expect(body.webhooks.map((w: { name: string }) => w.name)).toEqual(["rotation-alerts", "legacy-siem"]);
    for (const w of body.webhooks) {
      expect(w).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(/^wh_/),
          name: expect.any(String),
          url: expect.stringMatching(/^https:\/\//),
          events: expect.any(Array),
          enabled: expect.any(Boolean),
          status: expect.any(String),
          created_at: expect.any(String),
        }),
      );
      expect(w).not.toHaveProperty("secret");
    }
    expect(body.webhooks[0]).toMatchObject({ enabled: true, status: "healthy" });
    expect(body.webhooks[1]).toMatchObject({ enabled: false, status: "disabled" });
    expect(JSON.stringify(body)).not.toContain("whsec_");
  });

  it("needs the admin scope; the error envelope carries the X-Request-ID", async () => {
    const denied = await call("GET", "/v1/webhooks", undefined, mock.tokens.readOnly);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: "insufficient_scope", request_id: denied.requestId });
    expect((await call("POST", "/v1/webhooks", webhookBody("https://h.example"), mock.tokens.readOnly)).status).toBe(
      403,
    );
  });
});

describe("POST /v1/webhooks", () => {
  it("answers 201 with the webhook object, never the secret", async () => {
    const { status, body } = await call(
      "POST",
      "/v1/webhooks",
      webhookBody("https://hooks.example.test/a", { filters: { path_prefix: "integrations/" } }),
    );
    expect(status).toBe(201);
    expect(body).toMatchObject({
      id: expect.stringMatching(/^wh_/),
      name: "rotation-alerts",
      url: "https://hooks.example.test/a",
      events: ["secret.rotated", "secret.expiring"],
      filters: { path_prefix: "integrations" },
      enabled: true,
      status: "healthy",
      created_at: mock.clock.iso(),
    });
    expect(body).not.toHaveProperty("warnings");
    expect(JSON.stringify(body)).not.toContain("0123456789abcdef");
    expect((await call("GET", `/v1/webhooks/${body.id}`)).body.name).toBe("rotation-alerts");
  });

  it("takes enabled: false, and warns about a secret under the recommended 32 bytes", async () => {
    const { body } = await call(
      "POST",
      "/v1/webhooks",
      webhookBody("https://h.example", { secret: "short-secret", enabled: false }),
    );
    expect(body).toMatchObject({ enabled: false, status: "disabled" });
    expect(body.warnings).toEqual([expect.stringContaining("32 bytes")]);
  });

  it("requires name, url, secret and events (422 validation_error with details.fields)", async () => {
    for (const field of ["name", "url", "secret", "events"]) {
      const body: Record<string, unknown> = webhookBody("https://h.example");
      delete body[field];
      const { status, body: answer } = await call("POST", "/v1/webhooks", body);
      expect(status, field).toBe(422);
      expect(answer.error.code).toBe("validation_error");
      expect(answer.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const unknown = await call(
      "POST",
      "/v1/webhooks",
      webhookBody("https://h.example", { events: ["secret.exploded"] }),
    );
    expect(unknown.status).toBe(422);
  });

  it("wants an HTTPS endpoint; plain http only for a loopback receiver", async () => {
    for (const url of ["http://hooks.example.test/x", "ftp://hooks.example.test/x", "http://0.0.0.0:8080/x"]) {
      const { status, body } = await call("POST", "/v1/webhooks", webhookBody(url));
      expect(status, url).toBe(400);
      expect(body.error).toMatchObject({ code: "invalid_request", details: { field: "url" } });
    }
    for (const url of ["http://127.0.0.1:9/x", "http://localhost:9/x", "http://[::1]:9/x"])
      expect((await call("POST", "/v1/webhooks", webhookBody(url))).status, url).toBe(201);
  });
});

describe("GET /v1/webhooks/{id}", () => {
  it("includes delivery statistics and the last delivery", async () => {
    const { id } = await create();
    const fresh = await call("GET", `/v1/webhooks/${id}`);
    expect(fresh.body).toMatchObject({
      id,
      statistics: { deliveries_24h: 0, success_rate_24h: null, avg_latency_ms: null },
      last_delivery: null,
    });
    await call("POST", `/v1/webhooks/${id}/test`);
    const { body } = await call("GET", `/v1/webhooks/${id}`);
    expect(body.statistics).toEqual({ deliveries_24h: 1, success_rate_24h: 1, avg_latency_ms: 0 });
    expect(body.last_delivery).toEqual({
      id: expect.stringMatching(/^del_/),
      timestamp: mock.clock.iso(),
      status: "success",
      response_code: 200,
    });
    mock.clock.advance("25h");
    expect((await call("GET", `/v1/webhooks/${id}`)).body.statistics.deliveries_24h).toBe(0);
  });

  it("answers 404 webhook_not_found for an unknown id", async () => {
    for (const [method, path] of [
      ["GET", "/v1/webhooks/wh_missing"],
      ["PATCH", "/v1/webhooks/wh_missing"],
      ["DELETE", "/v1/webhooks/wh_missing"],
      ["POST", "/v1/webhooks/wh_missing/test"],
      ["GET", "/v1/webhooks/wh_missing/deliveries"],
    ] as const) {
      const { status, body } = await call(method, path, method === "PATCH" ? { name: "x" } : undefined);
      expect(status, `${method} ${path}`).toBe(404);
      expect(body.error.code).toBe("webhook_not_found");
    }
  });
});

describe("PATCH and DELETE /v1/webhooks/{id}", () => {
  it("updates the given fields only", async () => {
    const { id } = await create();
    mock.clock.advance("1h");
    const { status, body } = await call("PATCH", `/v1/webhooks/${id}`, {
      events: ["secret.*"],
      enabled: false,
      filters: { secret_type: "api_key", tags: ["stripe"] },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: "rotation-alerts",
      url: "https://hooks.example.test/scaivault",
      events: ["secret.*"],
      enabled: false,
      status: "disabled",
      filters: { secret_type: "api_key", tags: ["stripe"] },
      updated_at: mock.clock.iso(),
    });
    expect(body.created_at).not.toBe(body.updated_at);
  });

  it("rotates the secret with the documented body: the old one is kept for previous_secret_ttl", async () => {
    const { id } = await create();
    const { body } = await call("PATCH", `/v1/webhooks/${id}`, {
      secret: "new-secret-here",
      previous_secret_ttl: "24h",
    });
    expect(body.previous_secret_expires_at).toBe(mock.clock.iso(86_400_000));
    mock.clock.advance("24h");
    expect((await call("GET", `/v1/webhooks/${id}`)).body.previous_secret_expires_at).toBeNull();
    const bad = await call("PATCH", `/v1/webhooks/${id}`, { secret: "another-secret", previous_secret_ttl: "a while" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_duration");
    const alone = await call("PATCH", `/v1/webhooks/${id}`, { previous_secret_ttl: "24h" });
    expect(alone.status).toBe(400);
    expect(alone.body.error.code).toBe("invalid_request");
  });

  it("deletes, and the webhook is gone", async () => {
    const { id } = await create();
    expect(await call("DELETE", `/v1/webhooks/${id}`)).toMatchObject({ status: 200, body: { id, deleted: true } });
    expect((await call("GET", `/v1/webhooks/${id}`)).status).toBe(404);
  });

  it("audits every request with its own action", async () => {
    const { id } = await create();
    await call("PATCH", `/v1/webhooks/${id}`, { name: "renamed" });
    await call("POST", `/v1/webhooks/${id}/test`);
    await call("GET", `/v1/webhooks/${id}/deliveries`);
    await call("DELETE", `/v1/webhooks/${id}`);
    await call("GET", "/v1/webhooks", undefined, mock.tokens.readOnly);
    expect(mock.state.audit.events.slice(-6).map((e) => [e.action, e.resource_type, e.outcome, e.status])).toEqual([
      ["webhook_create", "webhook", "success", 201],
      ["webhook_update", "webhook", "success", 200],
      ["webhook_test", "webhook", "success", 200],
      ["webhook_delivery_list", "webhook", "success", 200],
      ["webhook_delete", "webhook", "success", 200],
      ["webhook_list", "webhook", "denied", 403],
    ]);
  });
});

describe("POST /v1/webhooks/{id}/test and GET …/deliveries", () => {
  it("sends a test event: delivery_id, status, response_code, duration_ms", async () => {
    const { id } = await create();
    const { status, body } = await call("POST", `/v1/webhooks/${id}/test`);
    expect(status).toBe(200);
    expect(body).toEqual({
      delivery_id: expect.stringMatching(/^del_/),
      status: "success",
      response_code: 200,
      duration_ms: 0,
    });
    const { body: list } = await call("GET", `/v1/webhooks/${id}/deliveries`);
    expect(list.deliveries).toEqual([
      expect.objectContaining({
        id: body.delivery_id,
        event_id: expect.stringMatching(/^evt_/),
        event_type: "webhook.test",
        timestamp: mock.clock.iso(),
        status: "success",
        response_code: 200,
        attempts: 1,
        simulated: true,
      }),
    ]);
  });

  it("lists deliveries newest first, filtered by status, paged by limit and cursor", async () => {
    const { id } = await create("https://hooks.example.test/a", { events: ["secret.*"] });
    const broken = await create("https://hooks.example.invalid/a", { events: ["secret.*"] });
    for (const n of [1, 2, 3]) await call("PUT", "/v1/secrets/apps/webhook-demo", { data: { n: String(n) } });
    const first = await call("GET", `/v1/webhooks/${id}/deliveries?limit=2`);
    expect(first.body.deliveries.map((d: { event_type: string }) => d.event_type)).toEqual([
      "secret.updated",
      "secret.updated",
    ]);
    expect(first.body).toMatchObject({ has_more: true, cursor: expect.any(String) });
    const rest = await call("GET", `/v1/webhooks/${id}/deliveries?limit=2&cursor=${first.body.cursor}`);
    expect(rest.body).toMatchObject({ has_more: false, cursor: null });
    expect(rest.body.deliveries.map((d: { event_type: string }) => d.event_type)).toEqual(["secret.created"]);
    expect((await call("GET", `/v1/webhooks/${id}/deliveries?status=failed`)).body.deliveries).toEqual([]);
    const failed = (await call("GET", `/v1/webhooks/${broken.id}/deliveries?status=failed`)).body.deliveries;
    expect(failed).toHaveLength(3);
    expect(failed[0]).toMatchObject({
      status: "failed",
      response_code: null,
      error: expect.stringContaining("resolve"),
    });
    expect((await call("GET", `/v1/webhooks/${broken.id}/deliveries?status=success`)).body.deliveries).toEqual([]);
    expect((await call("GET", `/v1/webhooks/${broken.id}`)).body.status).toBe("failing");
    const bad = await call("GET", `/v1/webhooks/${id}/deliveries?status=done`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_request");
    expect((await call("GET", `/v1/webhooks/${id}/deliveries?cursor=nope`)).body.error.code).toBe("invalid_cursor");
  });
});

describe("which events a webhook gets", () => {
  const types = async (id: string) =>
    (await call("GET", `/v1/webhooks/${id}/deliveries`)).body.deliveries.map(
      (d: { event_type: string; path: string }) => [d.event_type, d.path].join(" "),
    );

  it("its event types, from every source: writes, deletes, clock moves; never while disabled", async () => {
    const hook = await create("https://hooks.example.test/a", { events: ["secret.created", "secret.expiring"] });
    const off = await create("https://hooks.example.test/b", { events: ["*"], enabled: false });
    await call("PUT", "/v1/secrets/apps/new-one", { data: { a: "1" } });
    await call("PUT", "/v1/secrets/apps/new-one", { data: { a: "2" } });
    mock.clock.advance("3d"); // integrations/stripe/api-key expires at +10d: its 7d threshold
    expect(await types(hook.id)).toEqual([
      "secret.expiring integrations/stripe/api-key",
      "secret.created apps/new-one",
    ]);
    expect(await types(off.id)).toEqual([]);
  });

  it("filters: path_prefix on a segment boundary, secret_type and every tag; path-less events pass none", async () => {
    const byPrefix = await create("https://h.example/1", {
      events: ["secret.*", "policy.*"],
      filters: { path_prefix: "apps" },
    });
    const byType = await create("https://h.example/2", { events: ["secret.*"], filters: { secret_type: "api_key" } });
    const byTags = await create("https://h.example/3", { events: ["secret.*"], filters: { tags: ["stripe", "prod"] } });
    await call("PUT", "/v1/secrets/apps/x", {
      data: { a: "1" },
      secret_type: "api_key",
      metadata: { tags: ["stripe"] },
    });
    await call("PUT", "/v1/secrets/appsx/y", { data: { a: "1" }, metadata: { tags: ["stripe", "prod"] } });
    await call("POST", "/v1/policies", { name: "p", rules: [{ path_pattern: "apps/**", permissions: ["read"] }] });
    await call("DELETE", "/v1/secrets/apps/x?permanent=true");
    expect(await types(byPrefix.id)).toEqual(["secret.deleted apps/x", "secret.created apps/x"]);
    expect(await types(byType.id)).toEqual(["secret.deleted apps/x", "secret.created apps/x"]);
    expect(await types(byTags.id)).toEqual(["secret.created appsx/y"]);
  });

  it("events of other tenants never arrive", async () => {
    const hook = await create("https://h.example/1", { events: ["*"] });
    const globex = await call("PUT", "/v1/secrets/apps/x", { data: { a: "1" } }, mock.tokens.otherTenantAdmin);
    expect(globex.status).toBe(201);
    expect(await types(hook.id)).toEqual([]);
  });
});

/** A receiver on a loopback port: records what it gets, answers what the test says. */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}
let receiver: { server: Server; url: string; got: Received[]; answer: number; location?: string } | undefined;

async function listen(): Promise<NonNullable<typeof receiver>> {
  const got: Received[] = [];
  const state = { got, answer: 200 } as NonNullable<typeof receiver>;
  state.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(state.answer, state.location ? { Location: state.location } : {});
      res.end();
    });
  });
  await new Promise<void>((resolve) => state.server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/scaivault/webhook`;
  receiver = state;
  return state;
}

afterEach(async () => {
  await mock.settle();
  if (receiver) {
    receiver.server.closeAllConnections();
    await new Promise((resolve) => receiver?.server.close(resolve));
    receiver = undefined;
  }
});

/** The verification advanced/webhook-signatures shows: HMAC(secret, "{timestamp}.{raw_body}"), hex, "sha256=". */
function verify(secret: string, { headers, body }: Received): boolean {
  const timestamp = headers["x-scaivault-timestamp"];
  const signature = String(headers["x-scaivault-signature"] ?? "");
  if (typeof timestamp !== "string" || !signature.startsWith("sha256=")) return false;
  const expected = createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");
  const received = signature.slice("sha256=".length);
  return received.length === expected.length && timingSafeEqual(Buffer.from(expected), Buffer.from(received));
}

describe("a loopback receiver gets the signed POST", () => {
  it("with the documented headers, the envelope as body and a signature that verifies", async () => {
    const r = await listen();
    const secret = "whsec_mock_0123456789abcdef0123456789abcdef";
    const hook = await create(r.url, { events: ["secret.created"] });
    const write = await call("PUT", "/v1/secrets/apps/signed", { data: { password: "never-sent" } });
    await mock.settle();
    expect(r.got).toHaveLength(1);
    const [delivery] = r.got as [Received];
    const envelope = JSON.parse(delivery.body);
    expect(delivery.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "ScaiVault-Webhook/1.0",
      "x-scaivault-event-id": envelope.event_id,
      "x-scaivault-event-type": "secret.created",
      "x-scaivault-timestamp": expect.stringMatching(/^\d{10}$/),
      "x-scaivault-signature": expect.stringMatching(/^sha256=[0-9a-f]{64}$/),
    });
    // "Unix seconds at dispatch": the receiver's freshness check compares it with its own clock.
    expect(Math.abs(Date.now() / 1000 - Number(delivery.headers["x-scaivault-timestamp"]))).toBeLessThan(300);
    expect(verify(secret, delivery)).toBe(true);
    expect(verify("some-other-secret", delivery)).toBe(false);
    expect(verify(secret, { ...delivery, body: delivery.body.replace("apps/signed", "apps/forged") })).toBe(false);
    expect(envelope).toEqual({
      event_id: expect.stringMatching(/^evt_/),
      event_type: "secret.created",
      timestamp: "2026-05-17T15:00:00.000000Z",
      tenant_id: "tnt_acme_prod",
      partner_id: "ptn_acme",
      identity_id: "user:ops@acme.example",
      path: "apps/signed",
      data: { version: 1, secret_type: "kv", created_by: "user:ops@acme.example", tags: [], expires_at: null },
      request_id: write.requestId,
    });
    expect(delivery.body).not.toContain("never-sent");
    const [recorded] = (await call("GET", `/v1/webhooks/${hook.id}/deliveries`)).body.deliveries;
    expect(recorded).toMatchObject({
      event_id: envelope.event_id,
      status: "success",
      response_code: 200,
      simulated: false,
      signature: delivery.headers["x-scaivault-signature"],
      signature_timestamp: Number(delivery.headers["x-scaivault-timestamp"]),
    });
  });

  it("after a secret rotation, deliveries are signed with the new secret", async () => {
    const r = await listen();
    const hook = await create(r.url);
    await call("PATCH", `/v1/webhooks/${hook.id}`, { secret: "new-secret-here", previous_secret_ttl: "24h" });
    await call("POST", `/v1/webhooks/${hook.id}/test`);
    expect(verify("new-secret-here", r.got[0] as Received)).toBe(true);
    expect(verify("whsec_mock_0123456789abcdef0123456789abcdef", r.got[0] as Received)).toBe(false);
  });

  it("the test endpoint waits for the receiver's answer", async () => {
    const r = await listen();
    const hook = await create(r.url);
    r.answer = 503;
    const { body } = await call("POST", `/v1/webhooks/${hook.id}/test`);
    expect(body).toMatchObject({ status: "failed", response_code: 503, duration_ms: expect.any(Number) });
    expect(JSON.parse((r.got[0] as Received).body)).toMatchObject({
      event_type: "webhook.test",
      data: { webhook_id: hook.id },
    });
    expect((r.got[0] as Received).headers["x-scaivault-event-type"]).toBe("webhook.test");
    // A test delivery is not retried.
    mock.clock.advance("1d");
    await mock.settle();
    expect(r.got).toHaveLength(1);
  });

  it("a failed delivery is retried with backoff as the mock clock moves, then stays failed", async () => {
    const r = await listen();
    const hook = await create(r.url, { events: ["secret.created"] });
    r.answer = 500;
    await call("PUT", "/v1/secrets/apps/retried", { data: { a: "1" } });
    await mock.settle();
    const latest = async () => (await call("GET", `/v1/webhooks/${hook.id}/deliveries`)).body.deliveries[0];
    expect(await latest()).toMatchObject({
      status: "failed",
      response_code: 500,
      attempts: 1,
      next_retry_at: mock.clock.iso(60_000),
    });
    mock.clock.advance("30s");
    await mock.settle();
    expect(r.got).toHaveLength(1);
    for (const [wait, attempts] of [
      ["30s", 2],
      ["5m", 3],
      ["30m", 4],
      ["2h", 5],
    ] as const) {
      mock.clock.advance(wait);
      await mock.settle();
      expect(r.got, wait).toHaveLength(attempts);
    }
    expect(await latest()).toMatchObject({ status: "failed", attempts: 5, next_retry_at: null });
    mock.clock.advance("30d");
    await mock.settle();
    expect(r.got).toHaveLength(5);
    // The same event each time: same id and body.
    expect(new Set(r.got.map((g) => g.headers["x-scaivault-event-id"])).size).toBe(1);
    expect(new Set(r.got.map((g) => g.body)).size).toBe(1);
  });

  it("a retry that succeeds ends the retries", async () => {
    const r = await listen();
    const hook = await create(r.url, { events: ["secret.created"] });
    r.answer = 500;
    await call("PUT", "/v1/secrets/apps/retried", { data: { a: "1" } });
    await mock.settle();
    r.answer = 204;
    mock.clock.advance("1m");
    await mock.settle();
    mock.clock.advance("1d");
    await mock.settle();
    expect(r.got).toHaveLength(2);
    const { body } = await call("GET", `/v1/webhooks/${hook.id}`);
    expect(body).toMatchObject({ status: "healthy", last_delivery: { status: "success", response_code: 204 } });
  });

  it("never follows a redirect away from the loopback receiver", async () => {
    const r = await listen();
    r.answer = 307;
    r.location = "https://example.com/elsewhere";
    const hook = await create(r.url);
    const { body } = await call("POST", `/v1/webhooks/${hook.id}/test`);
    expect(body).toMatchObject({ status: "failed", response_code: 307 });
    expect(r.got).toHaveLength(1);
  });

  it("a receiver that is not listening fails the delivery with the connection's error", async () => {
    const r = await listen();
    const url = r.url;
    r.server.close();
    receiver = undefined;
    const hook = await create(url);
    const { body } = await call("POST", `/v1/webhooks/${hook.id}/test`);
    expect(body).toMatchObject({ status: "failed", response_code: null });
    const [d] = (await call("GET", `/v1/webhooks/${hook.id}/deliveries`)).body.deliveries;
    expect(d.error).toMatch(/ECONNREFUSED|connect/);
  });
});
