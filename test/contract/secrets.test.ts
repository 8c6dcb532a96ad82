/**
 * Contract: the typed client against the mock vault, endpoint by endpoint. Every response must
 * parse with the client's wire schemas (src/client/schemas), so the two cannot drift apart.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMockVault } from "../../mock-vault/index.js";
import { createClient } from "../../src/client/index.js";
import {
  Secret,
  SecretDeleted,
  SecretList,
  SecretMeta,
  SecretRotated,
  SecretVersions,
  WhoAmI,
} from "../../src/client/schemas/secrets.js";

const mock = createMockVault({ seed: 42 });
const client = createClient({ baseUrl: mock.baseUrl, token: mock.tokens.admin, fetch: mock.fetch, maxRetries: 0 });
beforeEach(() => mock.reset());

describe("secrets API contract", () => {
  it("GET /v1/auth/whoami", async () => {
    const me = WhoAmI.parse(await client.whoami());
    expect(me).toMatchObject({ tenant_id: "tnt_acme_prod", identity_type: "user" });
  });

  it("GET /v1/secrets/{path} reads the latest and a given version", async () => {
    const latest = Secret.parse(await client.secrets.read("integrations/salesforce/oauth"));
    expect(latest.version).toBe(3);
    expect(Object.keys(latest.data).sort()).toEqual(["client_id", "client_secret"]);
    const v1 = Secret.parse(await client.secrets.read("integrations/salesforce/oauth", { version: 1 }));
    expect(v1.version).toBe(1);
    expect(v1.data.client_secret).not.toEqual(latest.data.client_secret);
  });

  it("last_accessed_at: when a value was last read (a read answers the read before it), batch reads included", async () => {
    await client.secrets.write("apps/demo/token", { data: { token: "t1" } });
    const meta = async () => (await client.secrets.list({ prefix: "apps/demo" })).data[0];
    expect((await meta())?.last_accessed_at).toBeNull();
    const first = Secret.parse(await client.secrets.read("apps/demo/token"));
    expect(first.last_accessed_at).toBeNull();
    const readAt = mock.clock.iso();
    expect((await meta())?.last_accessed_at).toBe(readAt);
    mock.clock.advance("2h");
    expect((await client.secrets.read("apps/demo/token")).last_accessed_at).toBe(readAt);
    mock.clock.advance("1h");
    await mock.fetch(
      new Request(`${mock.baseUrl}/v1/secrets/batch`, {
        method: "POST",
        headers: { Authorization: `Bearer ${mock.tokens.admin}`, "Content-Type": "application/json" },
        body: JSON.stringify({ paths: ["apps/demo/token"] }),
      }),
    );
    expect((await meta())?.last_accessed_at).toBe(mock.clock.iso());
    // Listing and writing are no reads of a value.
    await client.secrets.write("apps/demo/token", { data: { token: "t2" } });
    expect((await meta())?.last_accessed_at).toBe(mock.clock.iso());
    mock.clock.advance("1h");
    await meta();
    expect((await meta())?.last_accessed_at).not.toBe(mock.clock.iso());
  });

  it("404s with the documented codes", async () => {
    await expect(client.secrets.read("nope/nothing")).rejects.toMatchObject({ code: "secret_not_found", status: 404 });
    await expect(client.secrets.read("integrations/salesforce/oauth", { version: 9 })).rejects.toMatchObject({
      code: "version_not_found",
    });
  });

  it("PUT /v1/secrets/{path} creates v1 then adds versions", async () => {
    const created = SecretMeta.parse(
      await client.secrets.write("apps/new/key", {
        data: { k: "v1" },
        secret_type: "kv",
        metadata: { owner: "team:x" },
      }),
    );
    expect(created).toMatchObject({ path: "apps/new/key", version: 1, metadata: { owner: "team:x" } });
    const next = SecretMeta.parse(await client.secrets.write("apps/new/key", { data: { k: "v2" } }));
    expect(next.version).toBe(2);
    expect((await client.secrets.read("apps/new/key")).data).toEqual({ k: "v2" });
  });

  it("rejects invalid bodies, paths and durations", async () => {
    await expect(client.secrets.write("apps/x", { data: "nope" as never })).rejects.toMatchObject({
      code: "validation_error",
      status: 422,
    });
    // The error-code table gives secret_type its own 400; other fields stay a field-level 422.
    await expect(client.secrets.write("apps/x", { data: {}, secret_type: "yaml" as never })).rejects.toMatchObject({
      code: "invalid_secret_type",
      status: 400,
      details: { fields: [{ field: "secret_type", message: expect.any(String) }] },
    });
    await expect(client.secrets.write("Apps/X", { data: {} })).rejects.toMatchObject({
      code: "invalid_path",
      status: 400,
    });
    await expect(client.secrets.write("apps/x", { data: {}, options: { expires_in: "soon" } })).rejects.toMatchObject({
      code: "invalid_duration",
    });
    await expect(client.secrets.write("apps/x/versions", { data: {} })).rejects.toMatchObject({ code: "invalid_path" });
  });

  it("ages out versions beyond max_versions", async () => {
    for (let i = 1; i <= 4; i++) await client.secrets.write("apps/aged", { data: { i }, options: { max_versions: 2 } });
    const history = SecretVersions.parse(await client.secrets.versions("apps/aged"));
    expect(history.versions.map((v) => v.version)).toEqual([4, 3]);
    await expect(client.secrets.read("apps/aged", { version: 1 })).rejects.toMatchObject({ code: "version_not_found" });
  });

  it("GET /v1/secrets lists by prefix on a / boundary, with cursor paging", async () => {
    await client.secrets.write("integrations-old/x", { data: { a: 1 } });
    const page1 = SecretList.parse(await client.secrets.list({ prefix: "integrations", limit: 1 }));
    expect(page1.data.map((s) => s.path)).toEqual(["integrations/salesforce/oauth"]);
    expect(page1.has_more).toBe(true);
    const page2 = SecretList.parse(
      await client.secrets.list({ prefix: "integrations", limit: 1, cursor: page1.cursor ?? undefined }),
    );
    expect(page2.data.map((s) => s.path)).toEqual(["integrations/stripe/api-key"]);
    expect(page2.has_more).toBe(false);
    expect(JSON.stringify(page1)).not.toContain("client_secret");
    await expect(client.secrets.list({ cursor: "garbage!" })).rejects.toMatchObject({ code: "invalid_cursor" });
  });

  it("GET /v1/secrets/{path}/versions returns history, values only on request", async () => {
    const plain = SecretVersions.parse(await client.secrets.versions("integrations/salesforce/oauth"));
    expect(plain.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(plain.versions[0]).not.toHaveProperty("data");
    const full = SecretVersions.parse(
      await client.secrets.versions("integrations/salesforce/oauth", { include_data: true }),
    );
    expect(full.versions[0]?.data).toHaveProperty("client_secret");
  });

  it("POST /v1/secrets/{path}/rotate writes a generated version, keeping identifiers", async () => {
    const before = await client.secrets.read("infra/db/primary/credentials");
    const rotated = SecretRotated.parse(await client.secrets.rotate("infra/db/primary/credentials"));
    expect(rotated).toMatchObject({ old_version: 1, new_version: 2, auto_generated: true });
    expect(rotated.data.username).toBe(before.data.username);
    expect(rotated.data.password).not.toBe(before.data.password);
    const given = SecretRotated.parse(
      await client.secrets.rotate("infra/db/primary/credentials", { username: "u", password: "given" }),
    );
    expect(given).toMatchObject({ new_version: 3, auto_generated: false, data: { password: "given" } });
    expect((await client.secrets.versions("infra/db/primary/credentials")).versions[0]?.is_rotation).toBe(true);
  });

  it("rotates by the rotation policy's secret policy when the secret has none of its own", async () => {
    await client.secrets.write("apps/hooks/partner", { data: { secret: "initial" } });
    await client.rotation.attach("rot_weekly", "apps/hooks/partner");
    const rotated = SecretRotated.parse(await client.secrets.rotate("apps/hooks/partner"));
    expect(rotated.data.secret).toMatch(/^[0-9a-f]{64}$/);
  });

  it("lists secrets expiring within a window, on the mock clock", async () => {
    const soon = SecretList.parse(await client.secrets.list({ expiring_within: "7d" }));
    expect(soon.data.map((s) => s.path)).toEqual([
      "apps/billing/webhook-secret",
      "environments/production/smtp",
      "infra/cache/redis",
    ]);
    expect(soon.data[0]).toMatchObject({ expired: false, days_remaining: 5 });
    expect(soon.data[1]).toMatchObject({ expired: true });
    mock.clock.advance("6d");
    const later = SecretList.parse(await client.secrets.list({ expiring_within: "7d" }));
    expect(later.data.find((s) => s.path === "apps/billing/webhook-secret")).toMatchObject({ expired: true });
  });

  it("DELETE soft-deletes with retention, permanent=true purges", async () => {
    const soft = SecretDeleted.parse(await client.secrets.delete("apps/web/session-key"));
    expect(soft).toMatchObject({ permanent: false, version_count: 1 });
    expect(soft.recoverable_until).not.toBeNull();
    await expect(client.secrets.read("apps/web/session-key")).rejects.toMatchObject({ code: "secret_not_found" });
    await expect(client.secrets.write("apps/web/session-key", { data: { key: "x" } })).rejects.toMatchObject({
      code: "secret_exists",
      status: 409,
    });
    mock.clock.advance("31d");
    expect((await client.secrets.write("apps/web/session-key", { data: { key: "x" } })).version).toBe(1);
    const hard = SecretDeleted.parse(await client.secrets.delete("apps/web/session-key", { permanent: true }));
    expect(hard).toMatchObject({ permanent: true, recoverable_until: null });
    await client.secrets.write("apps/web/session-key", { data: { key: "y" } });
  });
});

describe("mock vault auth and isolation", () => {
  const as = (token: string, tenantId?: string) =>
    createClient({ baseUrl: mock.baseUrl, token, tenantId, fetch: mock.fetch, maxRetries: 0 });

  it("answers 401 with the documented codes", async () => {
    await expect(as("skt_unknown").secrets.read("a/b")).rejects.toMatchObject({ code: "token_invalid", status: 401 });
    await expect(as(mock.tokens.expired).secrets.read("a/b")).rejects.toMatchObject({
      code: "token_expired",
      status: 401,
    });
  });

  it("answers 403 insufficient_scope for a token without the scope", async () => {
    await expect(as(mock.tokens.readOnly).secrets.write("apps/x", { data: {} })).rejects.toMatchObject({
      code: "insufficient_scope",
      status: 403,
    });
  });

  it("keeps tenants apart: same path, different secrets; cross-tenant needs a partner admin", async () => {
    const globex = await as(mock.tokens.otherTenantAdmin).secrets.read("integrations/salesforce/oauth");
    expect(globex.data.client_id).toBe("globex-client");
    await expect(as(mock.tokens.otherTenantAdmin).secrets.read("infra/db/primary/credentials")).rejects.toMatchObject({
      code: "secret_not_found",
    });
    await expect(
      as(mock.tokens.admin, "tnt_globex").secrets.read("integrations/salesforce/oauth"),
    ).rejects.toMatchObject({ code: "tenant_access_denied" });
  });

  it("audits every request, denials included", async () => {
    const before = mock.state.audit.events.length;
    await as("skt_unknown")
      .secrets.read("a/b")
      .catch(() => undefined);
    await client.secrets.read("integrations/stripe/api-key");
    const [denied, ok] = mock.state.audit.events.slice(before);
    expect(denied).toMatchObject({ outcome: "denied", status: 401, error_code: "token_invalid" });
    expect(ok).toMatchObject({
      outcome: "success",
      action: "read",
      path: "integrations/stripe/api-key",
      actor: "user:ops@acme.example",
    });
  });

  it("never leaks a stack trace when a handler throws", async () => {
    const original = mock.state.tenant("tnt_acme_prod").secrets.read;
    mock.state.tenant("tnt_acme_prod").secrets.read = () => {
      throw new Error("boom canary-stack-1234");
    };
    try {
      const res = await mock.fetch(
        new Request(`${mock.baseUrl}/v1/secrets/a/b`, { headers: { Authorization: `Bearer ${mock.tokens.admin}` } }),
      );
      const text = await res.text();
      expect(res.status).toBe(500);
      expect(text).not.toContain("canary-stack-1234");
      expect(text).not.toContain("at ");
      expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe("internal_error");
    } finally {
      mock.state.tenant("tnt_acme_prod").secrets.read = original;
    }
  });

  it("gives unknown routes an API-shaped 404", async () => {
    const res = await mock.fetch(new Request(`${mock.baseUrl}/v1/nothing/here`));
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it("is deterministic: same seed, same data and ids", async () => {
    const a = createMockVault({ seed: 7 });
    const b = createMockVault({ seed: 7 });
    const read = (m: typeof a) =>
      createClient({ baseUrl: m.baseUrl, token: m.tokens.admin, fetch: m.fetch }).secrets.read(
        "infra/db/primary/credentials",
      );
    expect(await read(a)).toEqual(await read(b));
    expect(a.state.audit.events.map((e) => e.id)).toEqual(b.state.audit.events.map((e) => e.id));
    const c = createMockVault({ seed: 8 });
    expect((await read(c)).data.password).not.toEqual((await read(a)).data.password);
  });

  it("starts empty with demo: false: the demo tokens and the admins' policy, nothing else", async () => {
    const empty = createMockVault({ demo: false });
    expect(empty.state.audit.events).toHaveLength(0);
    expect([...empty.state.tokens.keys()].sort()).toEqual(Object.values(empty.tokens).sort());
    const c = createClient({ baseUrl: empty.baseUrl, token: empty.tokens.admin, fetch: empty.fetch });
    // The demo admins' vault-admins policy is there: the admin token manages every path.
    expect((await c.accessPolicies.list()).policies.map((p) => p.id)).toEqual(["pol_vault_admins"]);
    expect((await c.secrets.list()).data).toEqual([]);
    await c.secrets.write("apps/first", { data: { a: "1" } });
  });

  it("decides even a fresh vault's first request by policy (no bypass before the tenant exists)", async () => {
    const empty = createMockVault({ demo: false });
    const runner = createClient({ baseUrl: empty.baseUrl, token: empty.tokens.reportRunner, fetch: empty.fetch });
    await expect(runner.secrets.list({ prefix: "integrations" })).rejects.toMatchObject({ code: "access_denied" });
  });

  it("snapshots and restores the whole state", async () => {
    const snap = mock.snapshot();
    await client.secrets.write("apps/snap", { data: { a: 1 } });
    mock.clock.advance("1d");
    mock.restore(snap);
    await expect(client.secrets.read("apps/snap")).rejects.toMatchObject({ code: "secret_not_found" });
    expect(mock.clock.iso()).toBe(snap.clock);
  });
});

describe("fault injection", () => {
  it("injects status, Retry-After, network resets and malformed bodies per route", async () => {
    const waits: number[] = [];
    const retrying = createClient({
      baseUrl: mock.baseUrl,
      token: mock.tokens.admin,
      fetch: mock.fetch,
      maxRetries: 2,
      sleep: async (ms) => void waits.push(ms),
    });
    mock.state.faults.add({ route: "/v1/secrets/", status: 429, retryAfter: 2, times: 1 });
    expect((await retrying.secrets.read("integrations/stripe/api-key")).version).toBe(1);
    expect(waits).toEqual([2000]);
    mock.state.faults.add({ route: "/v1/secrets/", network: "reset", times: 1 });
    await expect(client.secrets.read("integrations/stripe/api-key")).rejects.toMatchObject({ code: "network_error" });
    mock.state.faults.add({ route: "/v1/secrets/", network: "malformed", times: 1 });
    await expect(client.secrets.read("integrations/stripe/api-key")).rejects.toMatchObject({
      code: "invalid_response",
    });
    mock.state.faults.add({ method: "PUT", route: "/v1/secrets/", status: 503, times: 1 });
    await expect(retrying.secrets.write("apps/once", { data: { a: 1 } })).rejects.toMatchObject({ status: 503 });
    await expect(client.secrets.read("apps/once")).rejects.toMatchObject({ code: "secret_not_found" });
  });

  it("times out a hanging route", async () => {
    const quick = createClient({
      baseUrl: mock.baseUrl,
      token: mock.tokens.admin,
      fetch: mock.fetch,
      maxRetries: 0,
      timeoutMs: 100,
    });
    mock.state.faults.add({ route: "/v1/secrets/", network: "hang", times: 1 });
    await expect(quick.secrets.read("integrations/stripe/api-key")).rejects.toMatchObject({ code: "timeout" });
  });
});

describe("served through MSW setupServer (global fetch interception)", () => {
  const intercepted = createMockVault({ seed: 42, baseUrl: "https://vault-intercepted.mock" });
  beforeAll(() => void intercepted.listen());
  afterAll(() => intercepted.close());

  it("answers the real fetch path", async () => {
    const viaGlobal = createClient({ baseUrl: intercepted.baseUrl, token: intercepted.tokens.admin, maxRetries: 0 });
    expect((await viaGlobal.secrets.read("integrations/stripe/api-key")).path).toBe("integrations/stripe/api-key");
  });
});

describe("served over real HTTP", () => {
  it("answers on a port with the same handlers", async () => {
    const served = await mock.serve({ port: 0 });
    try {
      const overHttp = createClient({ baseUrl: served.url, token: mock.tokens.admin, maxRetries: 0 });
      expect((await overHttp.secrets.list({ prefix: "integrations" })).data).toHaveLength(2);
      await expect(overHttp.secrets.read("nope/x")).rejects.toMatchObject({ code: "secret_not_found" });
      mock.state.faults.add({ route: "/v1/secrets/", network: "reset", times: 1 });
      await expect(overHttp.secrets.read("integrations/stripe/api-key")).rejects.toMatchObject({
        code: "network_error",
      });
    } finally {
      await served.close();
    }
  });
});

describe("control routes of a served vault (/_mock/)", () => {
  it("resets, moves the clock, injects faults and restores snapshots over HTTP", async () => {
    const served = await mock.serve({ port: 0 });
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${served.url}/_mock/${path}`, {
        method,
        headers: { "Content-Type": "application/json" },
        body: body === undefined ? null : JSON.stringify(body),
      });
    try {
      const overHttp = createClient({ baseUrl: served.url, token: mock.tokens.admin, maxRetries: 0 });
      expect(await (await call("POST", "clock", { advance: "1d" })).json()).toEqual({
        now: "2026-05-18T15:00:00.000Z",
      });
      expect((await call("POST", "clock", { advance: "soon" })).status).toBe(400);
      const snapshot = await (await call("GET", "snapshot")).text();
      await overHttp.secrets.write("apps/over-http", { data: { a: 1 } });
      expect((await call("POST", "faults", { route: "/v1/secrets/", status: 503, times: 1 })).status).toBe(201);
      await expect(overHttp.secrets.read("apps/over-http")).rejects.toMatchObject({ status: 503 });
      const restored = await fetch(`${served.url}/_mock/snapshot`, { method: "PUT", body: snapshot });
      expect(restored.status).toBe(200);
      await expect(overHttp.secrets.read("apps/over-http")).rejects.toMatchObject({ code: "secret_not_found" });
      expect((await call("POST", "reset")).status).toBe(200);
      expect(mock.clock.iso()).toBe("2026-05-17T15:00:00.000Z");
    } finally {
      await served.close();
    }
  });

  it("is not reachable through the in-process handlers --mock uses", async () => {
    const res = await mock.fetch(new Request(`${mock.baseUrl}/_mock/reset`, { method: "POST" }));
    expect(res.status).toBe(404);
  });
});
