/**
 * The mock vault's own core: tenants of a partner, snapshot restore that is all or nothing, and
 * request paths a real router would refuse, in-process and over real HTTP alike.
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMockVault, type ServedVault } from "../../mock-vault/index.js";
import { createClient } from "../../src/client/index.js";

const mock = createMockVault({ seed: 42 });
let served: ServedVault;
beforeAll(async () => {
  served = await mock.serve({ port: 0 });
});
afterAll(async () => served.close());
beforeEach(() => mock.reset());

const as = (token: string, tenantId?: string) =>
  createClient({ baseUrl: mock.baseUrl, token, tenantId, fetch: mock.fetch, maxRetries: 0 });

describe("tenants of a partner", () => {
  it("a partner admin reaches its partner's other tenants, and nothing else", async () => {
    const staging = await as(mock.tokens.partnerAdmin, "tnt_acme_staging").secrets.list();
    expect(staging.data).toEqual([]);
    await expect(as(mock.tokens.partnerAdmin, "tnt_globex").secrets.list()).rejects.toMatchObject({
      status: 403,
      code: "tenant_access_denied",
    });
    // core-concepts/multi-tenancy: a tenant that does not exist is 404, and is not created.
    await expect(as(mock.tokens.partnerAdmin, "tnt_made_up").secrets.list()).rejects.toMatchObject({
      status: 404,
      code: "tenant_not_found",
    });
    await expect(as(mock.tokens.admin, "tnt_made_up").secrets.list()).rejects.toMatchObject({
      status: 403,
      code: "tenant_access_denied",
    });
    expect(mock.state.tenants.has("tnt_made_up")).toBe(false);
  });

  it("a token that reaches no other tenant gets the same answer for a foreign tenant and a missing one", async () => {
    const messages = [];
    for (const tenant of ["tnt_globex", "tnt_made_up"])
      messages.push(
        await as(mock.tokens.admin, tenant)
          .secrets.list()
          .catch((e: Error) => e.message.replace(tenant, "<t>")),
      );
    expect(messages[0]).toBe(messages[1]);
  });
});

describe("the tenant path prefix /v1/t/{tenant_id}/ (core-concepts/multi-tenancy)", () => {
  const call = (base: string, method: string, path: string, token: string, init: RequestInit = {}) =>
    (base === mock.baseUrl ? mock.fetch : fetch)(
      new Request(`${base}${path}`, {
        ...init,
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...init.headers },
      }),
    );

  it("is the request in that tenant, as X-Tenant-ID is: a partner admin writes and reads there", async () => {
    for (const base of [mock.baseUrl, served.url]) {
      mock.reset();
      const body = JSON.stringify({ data: { url: "https://staging.acme.example" } });
      const put = await call(base, "PUT", "/v1/t/tnt_acme_staging/secrets/apps/web/config", mock.tokens.partnerAdmin, {
        body,
      });
      expect(put.status, base).toBe(201);
      const staged = await as(mock.tokens.partnerAdmin, "tnt_acme_staging").secrets.read("apps/web/config");
      expect(staged.data).toEqual({ url: "https://staging.acme.example" });
      await expect(as(mock.tokens.partnerAdmin).secrets.read("apps/web/config")).rejects.toMatchObject({
        code: "secret_not_found",
      });
      const read = await call(base, "GET", "/v1/t/tnt_acme_staging/secrets/apps/web/config", mock.tokens.partnerAdmin);
      expect(await read.json()).toMatchObject({ path: "apps/web/config", version: 1 });
      const entry = mock.state.audit.events.find((e) => e.request_id === read.headers.get("x-request-id"));
      expect(entry).toMatchObject({ tenant_id: "tnt_acme_staging", action: "read", path: "apps/web/config" });
    }
  });

  it("comes first: the prefix wins over an X-Tenant-ID header", async () => {
    const listed = await call(mock.baseUrl, "GET", "/v1/t/tnt_acme_staging/secrets", mock.tokens.partnerAdmin, {
      headers: { "X-Tenant-ID": "tnt_acme_prod" },
    });
    expect(await listed.json()).toMatchObject({ data: [] });
  });

  it("needs what the header needs: a partner admin for another tenant, a tenant of the caller's partner", async () => {
    const own = await call(mock.baseUrl, "GET", "/v1/t/tnt_acme_prod/secrets?limit=1", mock.tokens.admin);
    expect(own.status).toBe(200);
    for (const [token, tenant, status, code] of [
      [mock.tokens.admin, "tnt_acme_staging", 403, "tenant_access_denied"],
      [mock.tokens.partnerAdmin, "tnt_globex", 403, "tenant_access_denied"],
      [mock.tokens.partnerAdmin, "tnt_made_up", 404, "tenant_not_found"],
    ] as const) {
      const res = await call(mock.baseUrl, "GET", `/v1/t/${tenant}/secrets`, token);
      expect(res.status, tenant).toBe(status);
      expect(await res.json()).toMatchObject({ error: { code } });
    }
    const bare = await call(mock.baseUrl, "GET", "/v1/t/tnt_acme_staging", mock.tokens.partnerAdmin);
    expect(bare.status).toBe(404);
  });
});

describe("snapshot restore", () => {
  it("refuses a partial snapshot in-process and leaves the vault as it was", async () => {
    await as(mock.tokens.admin).secrets.write("apps/kept", { data: { a: "1" } });
    const journal = mock.state.journal.length;
    for (const partial of [
      { formatVersion: 1, clock: "2030-01-01T00:00:00Z" },
      { formatVersion: 1, seed: 42, clock: "2030-01-01T00:00:00Z", ids: {}, tokens: [] },
      { ...mock.snapshot(), formatVersion: 2 },
      "not a snapshot",
    ])
      expect(() => mock.restore(partial as never)).toThrow(/not a snapshot of this mock/);
    expect(mock.clock.iso()).toBe("2026-05-17T15:00:00.000Z");
    expect((await as(mock.tokens.admin).secrets.read("apps/kept")).data).toEqual({ a: "1" });
    expect(mock.state.journal.length).toBe(journal + 1);
  });

  it("over HTTP: a 400 in the mock's own words, then the API works on", async () => {
    for (const body of ['{"formatVersion":1,"clock":"2030-01-01T00:00:00Z"}', "{nope"]) {
      const res = await fetch(`${served.url}/_mock/snapshot`, { method: "PUT", body });
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text).toMatch(/cannot restore: (not a snapshot of this mock: seed: missing|the body is not JSON)/);
      expect(text).not.toMatch(/Cannot read|undefined|is not iterable/);
    }
    expect(await (await fetch(`${served.url}/_mock/clock`)).json()).toEqual({ now: "2026-05-17T15:00:00.000Z" });
    const overHttp = createClient({ baseUrl: served.url, token: mock.tokens.admin, maxRetries: 0 });
    expect((await overHttp.secrets.list({ prefix: "integrations" })).data).toHaveLength(2);
  });

  it("does not run the clock's time-driven work on restore: the snapshot already holds its results", async () => {
    mock.clock.advance("400d");
    const later = mock.snapshot();
    mock.reset();
    const moves: number[] = [];
    const stop = mock.clock.onChange((_from, to) => moves.push(to));
    try {
      mock.restore(later);
      expect(mock.clock.iso()).toBe(later.clock);
      expect(moves).toEqual([]);
      expect(mock.snapshot()).toEqual(later);
    } finally {
      stop();
    }
  });

  it("restores a good snapshot after a refused one", async () => {
    const snap = mock.snapshot();
    await as(mock.tokens.admin).secrets.write("apps/later", { data: { a: "1" } });
    expect(() => mock.restore({ formatVersion: 1 } as never)).toThrow();
    mock.restore(snap);
    await expect(as(mock.tokens.admin).secrets.read("apps/later")).rejects.toMatchObject({ code: "secret_not_found" });
  });
});

describe("paths a router refuses", () => {
  const auth = { Authorization: `Bearer ${mock.tokens.admin}` };
  const cases: [string, number, string][] = [
    ["/v1/secrets/%c0%ae", 400, "invalid_path"],
    ["/v1/secrets/apps/%E0%A4%A", 400, "invalid_path"],
    ["/v1/nope/%", 400, "invalid_path"],
    ["/V1/secrets/integrations/stripe/api-key", 404, "not_found"],
    ["/v1/SECRETS/integrations/stripe/api-key", 404, "not_found"],
  ];

  it.each(cases)("in-process %s answers %i %s with a request id", async (path, status, code) => {
    const res = await mock.fetch(new Request(`${mock.baseUrl}${path}`, { headers: auth }));
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; request_id: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.request_id).toMatch(/^req_/);
    expect(mock.state.journal.at(-1)).toMatchObject({ path, status });
  });

  it.each(cases)("over HTTP %s answers %i %s", async (path, status, code) => {
    const res = await fetch(`${served.url}${path}`, { headers: auth });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it("static segments match case-sensitively below the area too", async () => {
    const res = await mock.fetch(
      new Request(`${mock.baseUrl}/v1/policies/pol_vault_admins/Bindings`, { headers: auth }),
    );
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});

describe("mock.handlers in a user's own setupServer", () => {
  const own = createMockVault({ seed: 42, baseUrl: "https://vault-own-server.mock" });
  const server = setupServer(...own.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: "bypass" }));
  afterAll(() => server.close());
  const auth = { Authorization: `Bearer ${own.tokens.admin}` };

  it("is one handler for the vault's origin that answers the API, its 404s and its refusals", async () => {
    expect(own.handlers).toHaveLength(1);
    const read = await fetch(`${own.baseUrl}/v1/secrets/integrations/stripe/api-key`, { headers: auth });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { path: string }).path).toBe("integrations/stripe/api-key");
    const unknown = await fetch(`${own.baseUrl}/v1/nope`, { headers: auth });
    expect([unknown.status, ((await unknown.json()) as { error: { code: string } }).error.code]).toEqual([
      404,
      "not_found",
    ]);
    const malformed = await fetch(`${own.baseUrl}/v1/secrets/%c0%ae`, { headers: auth });
    expect([malformed.status, ((await malformed.json()) as { error: { code: string } }).error.code]).toEqual([
      400,
      "invalid_path",
    ]);
  });

  it("leaves other origins alone", async () => {
    // Nothing listens there: an unhandled request passes by MSW to the network and fails to connect.
    await expect(fetch("http://127.0.0.1:9/v1/health")).rejects.toThrow();
    expect(own.state.journal.some((j) => j.path === "/v1/health")).toBe(false);
  });
});

describe("the outage example on other clocks", () => {
  const denied = (m: ReturnType<typeof createMockVault>) =>
    m.state.audit.events.filter((e) => e.outcome === "denied").map((e) => e.timestamp);

  it("lies on the clock's own day when the clock is past 14:33", () => {
    expect(denied(createMockVault({ now: "2026-12-01T18:00:00Z" }))).toEqual([
      "2026-12-01T14:31:14.000Z",
      "2026-12-01T14:31:45.000Z",
      "2026-12-01T14:32:16.000Z",
    ]);
  });

  it("lies on the day before for a clock started in the morning, and never in the mock's future", () => {
    const early = createMockVault({ now: "2026-12-01T09:00:00Z" });
    expect(denied(early)).toEqual(["2026-11-30T14:31:14.000Z", "2026-11-30T14:31:45.000Z", "2026-11-30T14:32:16.000Z"]);
    expect(early.state.audit.events.every((e) => e.timestamp <= early.clock.iso())).toBe(true);
  });
});
