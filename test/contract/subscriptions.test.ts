import { beforeEach, describe, expect, it } from "vitest";
import { matchesPathGlob } from "../../mock-vault/core/glob.js";
import { createMockVault, type MockVaultHandle } from "../../mock-vault/index.js";
import { createClient, type VaultError } from "../../src/client/index.js";
import {
  DeliveryList,
  EventTypes,
  SubscriptionCreated,
  SubscriptionDeleted,
  SubscriptionDetail,
  SubscriptionList,
} from "../../src/client/schemas/subscriptions.js";
import { apiOf } from "../helpers/mock-api.js";

let mock: MockVaultHandle;
const client = (token: string) => createClient({ baseUrl: mock.baseUrl, token, fetch: mock.fetch, maxRetries: 0 });
const admin = () => client(mock.tokens.admin);
const fail = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail("expected an error"),
    (e: unknown) => e as VaultError,
  );

beforeEach(() => {
  mock = createMockVault();
});

describe("event types", () => {
  it("lists the documented catalog (21+ types) to any authenticated token", async () => {
    const { event_types } = EventTypes.parse(await client(mock.tokens.readOnly).subscriptions.eventTypes());
    const names = event_types.map((e) => e.type);
    expect(names.length).toBeGreaterThanOrEqual(21);
    for (const t of [
      "secret.created",
      "secret.updated",
      "secret.deleted",
      "secret.rotated",
      "secret.expiring",
      "secret.expired",
      "secret.accessed",
      "policy.binding.created",
      "policy.violation",
      "rotation.due",
      "rotation.overdue",
      "rotation.completed",
      "rotation.failed",
      "certificate.issued",
      "certificate.expiring",
    ])
      expect(names).toContain(t);
    expect(event_types.find((e) => e.type === "policy.binding.created")?.group).toBe("policy");
  });
});

describe("subscriptions API", () => {
  it("lists the seeded subscriptions", async () => {
    const list = SubscriptionList.parse(await admin().subscriptions.list());
    expect(list.data.map((s) => s.name)).toEqual(["secops-alerts", "integrations-changes"]);
    expect(list.data[0]?.delivery).toEqual({
      type: "webhook",
      url: "https://hooks.acme.example/scaivault",
      buffer_size: 1000,
    });
    expect(JSON.stringify(list)).not.toContain("whsec_");
  });

  it("creates a webhook subscription (201) with a one-time signing secret", async () => {
    const created = SubscriptionCreated.parse(
      await admin().subscriptions.create({
        name: "infra",
        events: ["secret.*"],
        paths: ["infra/**"],
        delivery: { type: "webhook", url: "https://hooks.example/x" },
      }),
    );
    expect(created).toMatchObject({
      name: "infra",
      status: "active",
      identity_id: "user:ops@acme.example",
      events: ["secret.*"],
      paths: ["infra/**"],
    });
    expect(created.signing_secret).toMatch(/^whsec_mock_/);
    const detail = SubscriptionDetail.parse(await admin().subscriptions.get(created.id));
    expect(JSON.stringify(detail)).not.toContain(created.signing_secret as string);
  });

  it("polling subscriptions have no signing secret; all paths by default", async () => {
    const created = await admin().subscriptions.create({
      name: "poll",
      events: ["rotation.due"],
      delivery: { type: "polling" },
    });
    expect(created).toMatchObject({ signing_secret: null, paths: ["**"], delivery: { type: "polling", url: null } });
  });

  it("validates bodies: unknown event types 422, webhook needs https", async () => {
    expect(await fail(admin().subscriptions.create({ name: "x", events: ["secret.exploded"] }))).toMatchObject({
      code: "validation_error",
      status: 422,
    });
    expect(await fail(admin().subscriptions.create({ name: "x", events: [] }))).toMatchObject({
      code: "validation_error",
    });
    expect(
      await fail(
        admin().subscriptions.create({
          name: "x",
          events: ["secret.*"],
          delivery: { type: "webhook", url: "http://plain.example" },
        }),
      ),
    ).toMatchObject({ code: "invalid_request", status: 400 });
  });

  it("needs subscriptions:read / subscriptions:write", async () => {
    expect(await fail(client(mock.tokens.readOnly).subscriptions.list())).toMatchObject({
      code: "insufficient_scope",
      status: 403,
    });
    expect(
      await fail(client(mock.tokens.reportRunner).subscriptions.create({ name: "x", events: ["*"] })),
    ).toMatchObject({ code: "insufficient_scope" });
  });

  it("a secret write lands in the delivery log of a matching subscription only", async () => {
    const infra = await admin().subscriptions.create({
      name: "infra",
      events: ["secret.created", "secret.updated"],
      paths: ["infra/**"],
    });
    const apps = await admin().subscriptions.create({ name: "apps", events: ["secret.*"], paths: ["apps/*"] });
    await admin().secrets.write("infra/db/primary/credentials", { data: { password: "mock-new" } });
    await admin().secrets.write("apps/web/deep/key", { data: { k: "v" } });
    const infraLog = DeliveryList.parse(await admin().subscriptions.deliveries(infra.id));
    expect(infraLog.deliveries).toHaveLength(1);
    expect(infraLog.deliveries[0]).toMatchObject({
      event_type: "secret.updated",
      path: "infra/db/primary/credentials",
      identity_id: "user:ops@acme.example",
      status: "pending",
      data: { old_version: 1, new_version: 2 },
    });
    expect(JSON.stringify(infraLog)).not.toContain("mock-new");
    expect((await admin().subscriptions.deliveries(apps.id)).deliveries).toEqual([]);
    const detail = await admin().subscriptions.get(infra.id);
    expect(detail).toMatchObject({ delivery_count: 1, last_delivery_at: mock.clock.iso() });
    expect(detail.recent_deliveries[0]?.event_type).toBe("secret.updated");
  });

  it("webhook deliveries are signed with the signing secret; other tenants' events never arrive", async () => {
    const sub = await admin().subscriptions.create({
      name: "all",
      events: ["*"],
      delivery: { type: "webhook", url: "https://hooks.example/all" },
    });
    await client(mock.tokens.otherTenantAdmin).secrets.write("apps/x", { data: { a: "b" } });
    expect((await admin().subscriptions.deliveries(sub.id)).deliveries).toEqual([]);
    await admin().secrets.delete("apps/web/session-key");
    const [d] = (await admin().subscriptions.deliveries(sub.id)).deliveries;
    expect(d).toMatchObject({ event_type: "secret.deleted", status: "success", response_code: 200 });
    expect(d?.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it("path-less events reach only subscriptions without a path filter", async () => {
    const all = await admin().subscriptions.create({ name: "sa-all", events: ["service_account.*"] });
    const scoped = await admin().subscriptions.create({
      name: "sa-infra",
      events: ["service_account.*"],
      paths: ["infra/**"],
    });
    await admin().serviceAccounts.create({ name: "newbie" });
    expect((await admin().subscriptions.deliveries(all.id)).deliveries.map((d) => d.event_type)).toEqual([
      "service_account.created",
    ]);
    expect((await admin().subscriptions.deliveries(scoped.id)).deliveries).toEqual([]);
  });

  it("deletes (owner or admin only); unknown ids are 404 subscription_not_found", async () => {
    mock.state.addToken({
      token: "skt_mock_sub_writer",
      identity_id: "user:dev@acme.example",
      identity_type: "user",
      tenant_id: mock.tenantId,
      partner_id: "ptn_acme",
      scopes: ["subscriptions:read", "subscriptions:write"],
    });
    const dev = client("skt_mock_sub_writer");
    const [seeded] = (await dev.subscriptions.list()).data;
    expect(await fail(dev.subscriptions.delete(seeded?.id as string))).toMatchObject({
      code: "forbidden",
      status: 403,
    });
    const own = await dev.subscriptions.create({ name: "mine", events: ["secret.rotated"] });
    expect(SubscriptionDeleted.parse(await dev.subscriptions.delete(own.id))).toEqual({ id: own.id, deleted: true });
    expect(await fail(dev.subscriptions.get(own.id))).toMatchObject({ code: "subscription_not_found", status: 404 });
    expect(await admin().subscriptions.delete(seeded?.id as string)).toMatchObject({ deleted: true });
  });

  it("keeps deliveries after snapshot/restore without duplicating them", async () => {
    const sub = await admin().subscriptions.create({ name: "s", events: ["secret.*"] });
    mock.restore(mock.snapshot());
    await admin().secrets.write("apps/new", { data: { a: "1" } });
    expect((await admin().subscriptions.deliveries(sub.id)).deliveries).toHaveLength(1);
  });
});

describe("time-driven events: moving the mock clock", () => {
  const TIMED = ["rotation.*", "secret.expiring", "secret.expired", "secret.rotated"];
  /** What each delivery announces, oldest first. */
  const announced = async (id: string) =>
    (await admin().subscriptions.deliveries(id)).deliveries
      .reverse()
      .map((d) => [
        d.event_type,
        d.path,
        d.data.threshold ?? d.data.warn_before ?? (d.data.due_now === true ? "due_now" : null),
      ]);

  it("emits expiry and rotation transitions once each, and runs auto_generate rotations", async () => {
    const sub = await admin().subscriptions.create({ name: "timed", events: TIMED });
    mock.clock.advance("1d");
    expect(await announced(sub.id)).toEqual([]);
    mock.clock.advance("2d"); // +3d
    expect(await announced(sub.id)).toEqual([
      // stripe expires at +10d: the 7d threshold
      ["secret.expiring", "integrations/stripe/api-key", "7d"],
      // stripe's manual rotation fell due at the demo now; its 48h grace is over
      ["rotation.overdue", "integrations/stripe/api-key", null],
    ]);
    mock.clock.advance("2d"); // +5d: webhook secret and redis expire (their 1d thresholds are passed over)
    mock.clock.advance("8d"); // +13d: salesforce's 7d warning; stripe expired at +10d
    mock.clock.advance("7d"); // +20d: salesforce (monthly, auto_generate) falls due and is rotated
    expect((await announced(sub.id)).slice(2)).toEqual([
      ["secret.expired", "apps/billing/webhook-secret", null],
      ["secret.expired", "infra/cache/redis", null],
      ["secret.expired", "integrations/stripe/api-key", null],
      ["rotation.due", "integrations/salesforce/oauth", "7d"],
      ["rotation.due", "integrations/salesforce/oauth", "due_now"],
      ["secret.rotated", "integrations/salesforce/oauth", null],
      ["rotation.completed", "integrations/salesforce/oauth", null],
    ]);
    const oauth = await admin().secrets.read("integrations/salesforce/oauth");
    expect(oauth).toMatchObject({ version: 4, last_rotated_at: mock.clock.iso() });
    const [run] = (await admin().rotation.history("rot_monthly")).data;
    expect(run).toMatchObject({
      secret_path: "integrations/salesforce/oauth",
      status: "success",
      triggered_by: "system:rotation-scheduler",
    });
    expect(mock.state.audit.events.filter((e) => e.actor === "system:rotation-scheduler")).toMatchObject([
      { action: "rotate", path: "integrations/salesforce/oauth", outcome: "success", timestamp: mock.clock.iso() },
    ]);
    // Once: going back and forward again over the same span announces nothing new.
    const count = (await announced(sub.id)).length;
    mock.clock.set(Date.parse(mock.clock.iso()) - 19 * 86_400_000);
    mock.clock.advance("19d");
    expect(await announced(sub.id)).toHaveLength(count);
    expect((await admin().secrets.read("integrations/salesforce/oauth")).version).toBe(4);
  });

  it("is deterministic: same seed and moves, same deliveries", async () => {
    const run = async () => {
      mock = createMockVault({ seed: 7 });
      const sub = await admin().subscriptions.create({ name: "timed", events: TIMED });
      mock.clock.advance("20d");
      mock.clock.advance("400d");
      return (await admin().subscriptions.deliveries(sub.id)).deliveries;
    };
    const first = await run();
    expect(first.length).toBeGreaterThan(5);
    expect(await run()).toEqual(first);
  });

  it("survives snapshot/restore without firing twice", async () => {
    const sub = await admin().subscriptions.create({ name: "timed", events: TIMED });
    const snap = mock.snapshot();
    mock.clock.advance("3d");
    expect(await announced(sub.id)).toHaveLength(2);
    mock.restore(snap);
    expect(await announced(sub.id)).toEqual([]);
    mock.clock.advance("3d");
    expect(await announced(sub.id)).toHaveLength(2);
  });
});

describe("secret.accessed", () => {
  it("is emitted for every read of a value, with the reader", async () => {
    const sub = await admin().subscriptions.create({
      name: "reads",
      events: ["secret.accessed"],
      paths: ["integrations/**"],
    });
    await admin().secrets.read("integrations/stripe/api-key");
    await client(mock.tokens.reportRunner).secrets.read("integrations/salesforce/oauth", { version: 2 });
    await admin().secrets.list({ prefix: "integrations" });
    await admin().secrets.read("apps/web/session-key");
    const reads = (await admin().subscriptions.deliveries(sub.id)).deliveries.reverse();
    expect(reads.map((d) => [d.path, d.identity_id, d.data.version])).toEqual([
      ["integrations/stripe/api-key", "user:ops@acme.example", 1],
      ["integrations/salesforce/oauth", "sa:report-runner", 2],
    ]);
  });
});

describe("matchesPathGlob", () => {
  it("follows the policy glob rules", () => {
    expect(matchesPathGlob("app/db", "app/db")).toBe(true);
    expect(matchesPathGlob("app/db/*", "app/db/password")).toBe(true);
    expect(matchesPathGlob("app/db/*", "app/db/primary/password")).toBe(false);
    expect(matchesPathGlob("app/**", "app/db")).toBe(true);
    expect(matchesPathGlob("app/**", "app")).toBe(true);
    expect(matchesPathGlob("app/**", "other/app/db")).toBe(false);
    expect(matchesPathGlob("**/ssl/*", "app/ssl/cert")).toBe(true);
    expect(matchesPathGlob("**/ssl/*", "ssl/cert")).toBe(true);
    expect(matchesPathGlob("secrets/*.key", "secrets/a.key")).toBe(true);
    expect(matchesPathGlob("a?c", "abc")).toBe(true);
    expect(matchesPathGlob("a?c", "a/c")).toBe(false);
  });
});

/** Raw requests, for the endpoints no tool uses (the client has no method for them). */
const call = apiOf(() => mock);

/** The reference's create body (reference/subscriptions, POST /v1/subscriptions) for polling delivery. */
const pollingBody = (extra: Record<string, unknown> = {}) => ({
  name: "rotation-watch",
  paths: ["integrations/**"],
  events: ["secret.rotated", "secret.updated"],
  delivery: { type: "polling", buffer_size: 1000 },
  ...extra,
});

const devToken = () =>
  mock.state.addToken({
    token: "skt_mock_sub_consumer",
    identity_id: "user:dev@acme.example",
    identity_type: "user",
    tenant_id: mock.tenantId,
    partner_id: "ptn_acme",
    scopes: ["subscriptions:read", "subscriptions:write", "secrets:write"],
  }).token;

describe("POST /v1/subscriptions: the required fields", () => {
  it("answers 201 with id, name, status, identity_id (the caller)", async () => {
    const { status, body } = await call("POST", "/v1/subscriptions", pollingBody());
    expect(status).toBe(201);
    expect(body).toMatchObject({
      id: expect.stringMatching(/^sub_/),
      name: "rotation-watch",
      status: "active",
      identity_id: "user:ops@acme.example",
    });
  });

  it("requires name, paths, events and delivery.type (422 validation_error)", async () => {
    for (const drop of ["name", "paths", "events", "delivery"]) {
      const body: Record<string, unknown> = pollingBody();
      delete body[drop];
      const answer = await call("POST", "/v1/subscriptions", body);
      expect(answer.status, drop).toBe(422);
      expect(answer.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(drop);
    }
    const untyped = await call("POST", "/v1/subscriptions", pollingBody({ delivery: { buffer_size: 10 } }));
    expect(untyped.status).toBe(422);
    expect(untyped.body.error.details.fields.map((f: { field: string }) => f.field)).toContain("delivery.type");
  });

  it("webhook delivery needs delivery.url: https, or http to a loopback receiver", async () => {
    const webhook = (url?: string) => pollingBody({ delivery: { type: "webhook", ...(url ? { url } : {}) } });
    expect((await call("POST", "/v1/subscriptions", webhook())).body.error).toMatchObject({
      code: "invalid_request",
      details: { field: "delivery.url" },
    });
    expect((await call("POST", "/v1/subscriptions", webhook("http://127.0.0.1:9/hook"))).status).toBe(201);
  });
});

describe("PATCH /v1/subscriptions/{id}", () => {
  it("updates paths, events and delivery; the owner or an admin only", async () => {
    const dev = devToken();
    const { body: sub } = await call("POST", "/v1/subscriptions", pollingBody(), dev);
    mock.clock.advance("1h");
    const { status, body } = await call(
      "PATCH",
      `/v1/subscriptions/${sub.id}`,
      { paths: ["apps/**"], events: ["secret.*"] },
      dev,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      paths: ["apps/**"],
      events: ["secret.*"],
      delivery: { type: "polling", url: null, buffer_size: 1000 },
      updated_at: mock.clock.iso(),
    });
    expect(body).not.toHaveProperty("signing_secret");
    const seeded = (await admin().subscriptions.list()).data[0]?.id as string;
    expect(await call("PATCH", `/v1/subscriptions/${seeded}`, { events: ["*"] }, dev)).toMatchObject({
      status: 403,
      body: { error: { code: "forbidden" } },
    });
    expect((await call("PATCH", `/v1/subscriptions/${sub.id}`, { name: "by-admin" })).status).toBe(200);
    expect((await call("PATCH", "/v1/subscriptions/sub_missing", { name: "x" })).body.error.code).toBe(
      "subscription_not_found",
    );
  });

  it("a switch to webhook delivery returns the new signing secret once; the new filters apply", async () => {
    const { body: sub } = await call("POST", "/v1/subscriptions", pollingBody({ paths: ["apps/**"], events: ["*"] }));
    const { body } = await call("PATCH", `/v1/subscriptions/${sub.id}`, {
      delivery: { type: "webhook", url: "https://hooks.example.test/patched" },
    });
    expect(body.delivery).toEqual({ type: "webhook", url: "https://hooks.example.test/patched", buffer_size: 1000 });
    expect(body.signing_secret).toMatch(/^whsec_mock_/);
    expect(JSON.stringify((await call("GET", `/v1/subscriptions/${sub.id}`)).body)).not.toContain(body.signing_secret);
    await call("PATCH", `/v1/subscriptions/${sub.id}`, { filters: { secret_type: "api_key" } });
    await admin().secrets.write("apps/kv-one", { data: { a: "1" } });
    await admin().secrets.write("apps/key-one", { data: { a: "1" }, secret_type: "api_key" });
    const log = DeliveryList.parse(await admin().subscriptions.deliveries(sub.id)).deliveries;
    expect(log.map((d) => d.path)).toEqual(["apps/key-one"]);
    expect(log[0]).toMatchObject({ status: "success", response_code: 200 });
  });

  it("validates: unknown event types and a webhook without url", async () => {
    const { body: sub } = await call("POST", "/v1/subscriptions", pollingBody());
    expect((await call("PATCH", `/v1/subscriptions/${sub.id}`, { events: ["secret.exploded"] })).status).toBe(422);
    expect(
      (await call("PATCH", `/v1/subscriptions/${sub.id}`, { delivery: { type: "webhook" } })).body.error.code,
    ).toBe("invalid_request");
  });
});

describe("GET /v1/subscriptions/{id}/poll and POST …/ack", () => {
  const poll = (id: string, query = "", token?: string) =>
    call("GET", `/v1/subscriptions/${id}/poll${query}`, undefined, token);

  it("returns queued events oldest first until acknowledged; ack takes them off the queue", async () => {
    const { body: sub } = await call(
      "POST",
      "/v1/subscriptions",
      pollingBody({ paths: ["apps/**"], events: ["secret.*"] }),
    );
    expect((await poll(sub.id)).body).toEqual({ events: [], has_more: false });
    for (const n of ["1", "2", "3"]) await admin().secrets.write("apps/polled", { data: { n } });
    const { status, body } = await poll(sub.id);
    expect(status).toBe(200);
    expect(body.has_more).toBe(false);
    expect(
      body.events.map((e: { event_type: string; data: { new_version?: number } }) => [
        e.event_type,
        e.data.new_version,
      ]),
    ).toEqual([
      ["secret.created", undefined],
      ["secret.updated", 2],
      ["secret.updated", 3],
    ]);
    for (const e of body.events)
      expect(Object.keys(e)).toEqual(expect.arrayContaining(["event_id", "event_type", "timestamp", "path", "data"]));
    // Without ack the same events come again ("re-deliver on reconnect").
    expect((await poll(sub.id)).body).toEqual(body);
    const [first, second] = body.events;
    const ack = await call("POST", `/v1/subscriptions/${sub.id}/ack`, {
      event_ids: [first.event_id, second.event_id, "evt_abc"],
    });
    expect(ack).toMatchObject({ status: 200, body: { acknowledged: 2 } });
    expect((await poll(sub.id)).body.events.map((e: { event_id: string }) => e.event_id)).toEqual([
      body.events[2].event_id,
    ]);
    // Acknowledged again: nothing changes.
    expect((await call("POST", `/v1/subscriptions/${sub.id}/ack`, { event_ids: [first.event_id] })).body).toEqual({
      acknowledged: 0,
    });
    const log = (await admin().subscriptions.deliveries(sub.id)).deliveries;
    expect(log.map((d) => d.status)).toEqual(["pending", "success", "success"]);
  });

  it("max_events caps a batch (has_more), since_event_id reads after an event", async () => {
    const { body: sub } = await call(
      "POST",
      "/v1/subscriptions",
      pollingBody({ paths: ["apps/**"], events: ["secret.*"] }),
    );
    for (const n of ["1", "2", "3"]) await admin().secrets.write("apps/polled", { data: { n } });
    const batch = (await poll(sub.id, "?max_events=2")).body;
    expect(batch.events).toHaveLength(2);
    expect(batch.has_more).toBe(true);
    const after = (await poll(sub.id, `?since_event_id=${batch.events[1].event_id}`)).body;
    expect(after.events.map((e: { data: { new_version: number } }) => e.data.new_version)).toEqual([3]);
    expect(after.has_more).toBe(false);
    // An id this subscription never had reads from the oldest queued event.
    expect((await poll(sub.id, "?since_event_id=evt_unknown")).body.events).toHaveLength(3);
  });

  it("checks timeout (0 to 60 seconds) and max_events", async () => {
    const { body: sub } = await call("POST", "/v1/subscriptions", pollingBody());
    for (const query of ["?timeout=61", "?timeout=-1", "?timeout=1.5", "?timeout=", "?max_events=0", "?max_events=x"]) {
      const { status, body } = await poll(sub.id, query);
      expect(status, query).toBe(400);
      expect(body.error.code).toBe("invalid_request");
    }
    expect((await poll(sub.id, "?timeout=60&max_events=1")).status).toBe(200);
  });

  it("is for the owner only, and only for polling delivery", async () => {
    const dev = devToken();
    const { body: mine } = await call("POST", "/v1/subscriptions", pollingBody(), dev);
    for (const answer of [
      await poll(mine.id),
      await call("POST", `/v1/subscriptions/${mine.id}/ack`, { event_ids: ["evt_x"] }),
    ])
      expect(answer).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    expect((await poll(mine.id, "", dev)).status).toBe(200);
    const webhook = (await admin().subscriptions.list()).data.find((s) => s.delivery.type === "webhook");
    const refused = await poll(webhook?.id as string);
    expect(refused).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
    expect((await poll("sub_missing")).body.error.code).toBe("subscription_not_found");
    expect((await call("POST", `/v1/subscriptions/${mine.id}/ack`, { event_ids: [] }, dev)).status).toBe(422);
  });

  it("in process, a poll that finds nothing answers at once, whatever its timeout", async () => {
    const { body: sub } = await call("POST", "/v1/subscriptions", pollingBody());
    expect((await poll(sub.id, "?timeout=60")).body).toEqual({ events: [], has_more: false });
  });

  it("with pollWaitMs it waits: the next matching event answers it", async () => {
    mock = createMockVault({ pollWaitMs: 60_000 });
    const { body: sub } = await call(
      "POST",
      "/v1/subscriptions",
      pollingBody({ paths: ["apps/**"], events: ["secret.*"] }),
    );
    const waiting = poll(sub.id, "?timeout=60");
    await admin().secrets.write("integrations/elsewhere", { data: { a: "1" } });
    await admin().secrets.write("apps/awaited", { data: { a: "1" } });
    const { body } = await waiting;
    expect(body.events.map((e: { path: string }) => e.path)).toEqual(["apps/awaited"]);
  });

  it("with pollWaitMs, the caller's abort and timeout=0 end the wait", async () => {
    mock = createMockVault({ pollWaitMs: 60_000 });
    const { body: sub } = await call("POST", "/v1/subscriptions", pollingBody());
    expect((await poll(sub.id, "?timeout=0")).body.events).toEqual([]);
    const controller = new AbortController();
    const waiting = mock.fetch(
      new Request(`${mock.baseUrl}/v1/subscriptions/${sub.id}/poll?timeout=60`, {
        headers: { Authorization: `Bearer ${mock.tokens.admin}` },
        signal: controller.signal,
      }),
    );
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    // The wait ended with the request: it is audited, and nothing is left waiting.
    await expect.poll(() => mock.state.audit.events.at(-1)?.action).toBe("subscription_poll");
  });

  it("a deleted subscription's waiting poll answers with no events", async () => {
    mock = createMockVault({ pollWaitMs: 60_000 });
    const { body: sub } = await call("POST", "/v1/subscriptions", pollingBody());
    const waiting = poll(sub.id, "?timeout=60");
    await call("DELETE", `/v1/subscriptions/${sub.id}`);
    expect((await waiting).body).toEqual({ events: [], has_more: false });
  });

  it("keeps buffer_size events, dropping acknowledged ones first", async () => {
    const { body: sub } = await call(
      "POST",
      "/v1/subscriptions",
      pollingBody({ paths: ["apps/**"], events: ["secret.*"], delivery: { type: "polling", buffer_size: 2 } }),
    );
    await admin().secrets.write("apps/buffered", { data: { n: "1" } });
    await admin().secrets.write("apps/buffered", { data: { n: "2" } });
    const [first] = (await poll(sub.id)).body.events;
    await call("POST", `/v1/subscriptions/${sub.id}/ack`, { event_ids: [first.event_id] });
    await admin().secrets.write("apps/buffered", { data: { n: "3" } });
    expect((await poll(sub.id)).body.events.map((e: { data: { new_version: number } }) => e.data.new_version)).toEqual([
      2, 3,
    ]);
    await admin().secrets.write("apps/buffered", { data: { n: "4" } });
    expect((await poll(sub.id)).body.events.map((e: { data: { new_version: number } }) => e.data.new_version)).toEqual([
      3, 4,
    ]);
  });

  it("audits poll and ack like every request", async () => {
    const { body: sub } = await call("POST", "/v1/subscriptions", pollingBody());
    const polled = await poll(sub.id);
    await call("POST", `/v1/subscriptions/${sub.id}/ack`, { event_ids: ["evt_x"] });
    expect(mock.state.audit.events.slice(-2).map((e) => [e.action, e.request_id === polled.requestId])).toEqual([
      ["subscription_poll", true],
      ["subscription_ack", false],
    ]);
  });
});

describe("a served mock's long poll", () => {
  it("waits over HTTP until another request's event answers it", async () => {
    mock = createMockVault({ pollWaitMs: 60_000 });
    const served = await mock.serve({ port: 0 });
    try {
      const headers = { Authorization: `Bearer ${mock.tokens.admin}`, "Content-Type": "application/json" };
      const created = await fetch(`${served.url}/v1/subscriptions`, {
        method: "POST",
        headers,
        body: JSON.stringify(pollingBody({ paths: ["apps/**"], events: ["secret.created"] })),
      });
      const { id } = (await created.json()) as { id: string };
      const waiting = fetch(`${served.url}/v1/subscriptions/${id}/poll?timeout=60`, { headers });
      const write = await fetch(`${served.url}/v1/secrets/apps/over-http`, {
        method: "PUT",
        headers,
        body: JSON.stringify({ data: { a: "1" } }),
      });
      expect(write.status).toBe(201);
      const polled = await waiting;
      expect(polled.status).toBe(200);
      const body = (await polled.json()) as { events: { path: string; request_id: string }[] };
      expect(body.events).toEqual([
        expect.objectContaining({ path: "apps/over-http", request_id: write.headers.get("x-request-id") }),
      ]);
    } finally {
      await served.close();
    }
  });
});
