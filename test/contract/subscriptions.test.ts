import { beforeEach, describe, expect, it } from "vitest";
import { globMatch } from "../../mock-vault/domains/subscriptions/store.js";
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

describe("globMatch", () => {
  it("follows the policy glob rules", () => {
    expect(globMatch("app/db", "app/db")).toBe(true);
    expect(globMatch("app/db/*", "app/db/password")).toBe(true);
    expect(globMatch("app/db/*", "app/db/primary/password")).toBe(false);
    expect(globMatch("app/**", "app/db")).toBe(true);
    expect(globMatch("app/**", "app")).toBe(true);
    expect(globMatch("app/**", "other/app/db")).toBe(false);
    expect(globMatch("**/ssl/*", "app/ssl/cert")).toBe(true);
    expect(globMatch("**/ssl/*", "ssl/cert")).toBe(true);
    expect(globMatch("secrets/*.key", "secrets/a.key")).toBe(true);
    expect(globMatch("a?c", "abc")).toBe(true);
    expect(globMatch("a?c", "a/c")).toBe(false);
  });
});
