import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMockVault } from "../../mock-vault/index.js";
import { VaultError } from "../../src/client/errors.js";
import { type FetchLike, Http, parseRetryAfter, SIGNAL_APART, URL_INIT } from "../../src/client/http.js";

const TOKEN = "skt_unit_test_token_value";

function scripted(responses: (() => Response | Promise<Response>)[]) {
  const seen: Request[] = [];
  const fetch = async (request: Request) => {
    seen.push(request);
    const next = responses.shift();
    if (!next) throw new Error("no more responses");
    return next();
  };
  return { seen, fetch };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

function http(fetch: FetchLike, waits: number[] = [], extra: Partial<ConstructorParameters<typeof Http>[0]> = {}) {
  return new Http({
    baseUrl: "https://vault.test/",
    token: TOKEN,
    tenantId: "tnt_a",
    fetch,
    maxRetries: 2,
    sleep: async (ms) => void waits.push(ms),
    ...extra,
  });
}

describe("Http", () => {
  it("sends bearer auth, tenant context and JSON", async () => {
    const { seen, fetch } = scripted([json(200, { ok: true })]);
    await http(fetch).request("PUT", "/v1/secrets/a", { body: { data: { k: "v" } }, query: { x: 1, y: undefined } });
    const r = seen[0]!;
    expect(r.url).toBe("https://vault.test/v1/secrets/a?x=1");
    expect(r.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(r.headers.get("x-tenant-id")).toBe("tnt_a");
    expect(await r.json()).toEqual({ data: { k: "v" } });
  });

  it("maps the error envelope to a VaultError with code, status and request id", async () => {
    const { fetch } = scripted([
      json(404, { error: { code: "secret_not_found", message: "Secret 'a' not found", request_id: "req_1" } }),
    ]);
    const error = await http(fetch)
      .request("GET", "/v1/secrets/a")
      .catch((e) => e);
    expect(error).toBeInstanceOf(VaultError);
    expect(error).toMatchObject({ code: "secret_not_found", status: 404, requestId: "req_1" });
  });

  it("falls back to a code per status when the body is not an envelope", async () => {
    const { fetch } = scripted([() => new Response("<html>bad gateway</html>", { status: 403 })]);
    await expect(http(fetch).request("GET", "/v1/x")).rejects.toMatchObject({ code: "access_denied", status: 403 });
  });

  it("retries idempotent requests on 429, honouring Retry-After", async () => {
    const waits: number[] = [];
    const { seen, fetch } = scripted([
      json(429, { error: { code: "rate_limited", message: "slow down" } }, { "Retry-After": "3" }),
      json(200, { ok: 1 }),
    ]);
    expect(await http(fetch, waits).request("GET", "/v1/x")).toEqual({ ok: 1 });
    expect(seen).toHaveLength(2);
    expect(waits).toEqual([3000]);
  });

  it("backs off exponentially on 503 without Retry-After and gives up after maxRetries", async () => {
    const waits: number[] = [];
    const { seen, fetch } = scripted([json(503, {}), json(503, {}), json(503, {})]);
    await expect(http(fetch, waits).request("GET", "/v1/x")).rejects.toMatchObject({ code: "service_unavailable" });
    expect(seen).toHaveLength(3);
    expect(waits[0]).toBeGreaterThanOrEqual(250);
    expect(waits[1]).toBeGreaterThanOrEqual(500);
  });

  it.each(["POST", "PUT", "PATCH", "DELETE"] as const)(
    "never retries a %s (a write must not be applied twice)",
    async (method) => {
      const { seen, fetch } = scripted([json(503, {}), json(200, {})]);
      await expect(http(fetch).request(method, "/v1/x", { body: {} })).rejects.toMatchObject({ status: 503 });
      expect(seen).toHaveLength(1);
    },
  );

  it("does not retry client errors", async () => {
    const { seen, fetch } = scripted([json(400, { error: { code: "invalid_path", message: "bad" } }), json(200, {})]);
    await expect(http(fetch).request("GET", "/v1/x")).rejects.toMatchObject({ code: "invalid_path" });
    expect(seen).toHaveLength(1);
  });

  it("turns network failures into network_error and retries them for GET", async () => {
    const { seen, fetch } = scripted([
      () => Promise.reject(new TypeError("fetch failed", { cause: { code: "ECONNRESET" } })),
      json(200, { ok: 1 }),
    ]);
    expect(await http(fetch).request("GET", "/v1/x")).toEqual({ ok: 1 });
    expect(seen).toHaveLength(2);
  });

  it("reports malformed JSON as invalid_response", async () => {
    const { fetch } = scripted([() => new Response('{"data": {"trunc', { status: 200 })]);
    await expect(http(fetch).request("GET", "/v1/x")).rejects.toMatchObject({ code: "invalid_response" });
  });

  it("times out a request that never answers", async () => {
    const fetch = (r: Request) =>
      new Promise<Response>((_, reject) => r.signal.addEventListener("abort", () => reject(r.signal.reason)));
    await expect(http(fetch, [], { timeoutMs: 50, maxRetries: 0 }).request("GET", "/v1/x")).rejects.toMatchObject({
      code: "timeout",
    });
  });

  it("never puts the token into an error", async () => {
    const { fetch } = scripted([() => Promise.reject(new Error(`connect failed for Bearer ${TOKEN}`))]);
    const error = (await http(fetch, [], { maxRetries: 0 })
      .request("GET", "/v1/x")
      .catch((e: unknown) => e)) as VaultError;
    expect(JSON.stringify({ ...error, text: error.message })).not.toContain(TOKEN);
  });

  it("puts neither the token nor any Authorization value a vault echoes back into the error", async () => {
    const echo = `rejected credential Bearer ${TOKEN}; also saw Basic dXNlcjpwYXNz and ${TOKEN}`;
    const { fetch } = scripted([
      json(401, { error: { code: "token_invalid", message: echo, details: { header: `Bearer ${TOKEN}` } } }),
    ]);
    const error = (await http(fetch)
      .request("GET", "/v1/x")
      .catch((e: unknown) => e)) as VaultError;
    expect(error.code).toBe("token_invalid");
    const seen = JSON.stringify({ message: error.message, details: error.details });
    expect(seen).not.toContain(TOKEN);
    expect(seen).not.toContain("dXNlcjpwYXNz");
    expect(error.message).toBe("rejected credential Bearer [redacted]; also saw Basic [redacted] and [redacted]");
  });

  it("does not wait out a Retry-After longer than the host would wait for the call", async () => {
    const waits: number[] = [];
    const { seen, fetch } = scripted([
      json(429, { error: { code: "rate_limited", message: "slow down" } }, { "Retry-After": "120" }),
      json(200, { ok: 1 }),
    ]);
    await expect(http(fetch, waits).request("GET", "/v1/x")).rejects.toMatchObject({
      code: "rate_limited",
      retryAfter: 120,
    });
    expect(seen).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("keeps the total wait of one call bounded across retries", async () => {
    const waits: number[] = [];
    const slow = json(503, { error: { code: "service_unavailable", message: "busy" } }, { "Retry-After": "9" });
    const { seen, fetch } = scripted([slow, slow, slow, json(200, {})]);
    await expect(http(fetch, waits, { maxRetries: 5 }).request("GET", "/v1/x")).rejects.toMatchObject({
      status: 503,
    });
    expect(waits).toEqual([9000]);
    expect(seen).toHaveLength(2);
  });

  it("stops waiting between retries as soon as the call is cancelled", async () => {
    const controller = new AbortController();
    const { seen, fetch } = scripted([json(503, {}), json(200, { ok: 1 })]);
    const never = () => new Promise<void>(() => controller.abort());
    await expect(
      http(fetch, [], { sleep: never }).request("GET", "/v1/x", { signal: controller.signal }),
    ).rejects.toMatchObject({ code: "cancelled" });
    expect(seen).toHaveLength(1);
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-05-17T15:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7);
    expect(parseRetryAfter("Sun, 17 May 2026 15:00:10 GMT", now)).toBe(10);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  describe("per-call timer and abort signal", () => {
    // The timers the code under test starts and has not yet cleared or seen fire. Counting every
    // active timer of the process instead would read a foreign timer ending mid-test as a release.
    const pending = new Set<unknown>();
    beforeEach(() => {
      const realSet = globalThis.setTimeout;
      const realClear = globalThis.clearTimeout;
      vi.spyOn(globalThis, "setTimeout").mockImplementation(((fn: () => void, ms?: number) => {
        const timer = realSet(() => {
          pending.delete(timer);
          fn();
        }, ms);
        pending.add(timer);
        return timer;
      }) as typeof setTimeout);
      vi.spyOn(globalThis, "clearTimeout").mockImplementation(((timer: Parameters<typeof clearTimeout>[0]) => {
        pending.delete(timer);
        realClear(timer);
      }) as typeof clearTimeout);
    });
    afterEach(() => {
      vi.restoreAllMocks();
      pending.clear();
    });

    it("holds one timer and one listener on the caller's signal while a request runs, none once it ends", async () => {
      const caller = new AbortController();
      let during: { timers: number; listeners: number } | undefined;
      const fetch = async () => {
        during = { timers: pending.size, listeners: getEventListeners(caller.signal, "abort").length };
        return json(200, { ok: 1 })();
      };
      await http(fetch).request("GET", "/v1/x", { signal: caller.signal });
      expect(during).toEqual({ timers: 1, listeners: 1 });
      expect(pending.size).toBe(0);
      expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
    });

    it("releases them when the request fails, times out or is cancelled", async () => {
      const caller = new AbortController();
      const hang = (r: Request) =>
        new Promise<Response>((_, reject) => r.signal.addEventListener("abort", () => reject(r.signal.reason)));
      const failing = async () => Promise.reject(new TypeError("fetch failed", { cause: { code: "ECONNRESET" } }));
      await expect(
        http(failing, [], { maxRetries: 0 }).request("GET", "/v1/x", { signal: caller.signal }),
      ).rejects.toMatchObject({ code: "network_error" });
      expect(pending.size).toBe(0);
      await expect(
        http(hang, [], { timeoutMs: 20, maxRetries: 0 }).request("GET", "/v1/x", { signal: caller.signal }),
      ).rejects.toMatchObject({ code: "timeout" });
      expect(pending.size).toBe(0);
      const cancelled = http(hang, [], { maxRetries: 0 }).request("GET", "/v1/x", { signal: caller.signal });
      expect(pending.size).toBe(1);
      caller.abort();
      await expect(cancelled).rejects.toMatchObject({ code: "cancelled" });
      expect(pending.size).toBe(0);
      expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
    });

    it("does not call the vault for a request cancelled before it starts", async () => {
      const { seen, fetch } = scripted([json(200, { ok: 1 })]);
      const caller = new AbortController();
      caller.abort();
      await expect(http(fetch).request("GET", "/v1/x", { signal: caller.signal })).rejects.toMatchObject({
        code: "cancelled",
      });
      expect(seen).toHaveLength(0);
    });
  });

  describe("a fetch that takes its signal apart (SIGNAL_APART)", () => {
    const apart = (answer: (r: Request, signal: AbortSignal) => Promise<Response>) => {
      const seen: { request: Request; signal: AbortSignal }[] = [];
      const fetch = Object.assign(
        (request: Request, init?: { signal: AbortSignal }) => {
          seen.push({ request, signal: init!.signal });
          return answer(request, init!.signal);
        },
        { [SIGNAL_APART]: true as const },
      );
      return { seen, fetch };
    };
    const hang = (_: Request, signal: AbortSignal) =>
      new Promise<Response>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));

    it("gets the signal as init.signal, and the caller's cancel and the timeout abort it", async () => {
      const cancelled = apart(hang);
      const caller = new AbortController();
      const pendingCall = http(cancelled.fetch, [], { maxRetries: 0 }).request("GET", "/v1/x", {
        signal: caller.signal,
      });
      caller.abort();
      await expect(pendingCall).rejects.toMatchObject({ code: "cancelled" });
      expect(cancelled.seen[0]!.signal.aborted).toBe(true);
      // The Request itself carries no signal of the call: only init.signal stops it.
      expect(cancelled.seen[0]!.request.signal.aborted).toBe(false);

      const timedOut = apart(hang);
      await expect(
        http(timedOut.fetch, [], { timeoutMs: 20, maxRetries: 0 }).request("GET", "/v1/x"),
      ).rejects.toMatchObject({ code: "timeout" });
      expect(timedOut.seen[0]!.signal.aborted).toBe(true);
    });

    it("with URL_INIT as well, gets the URL and init as the platform fetch does, no Request", async () => {
      const seen: unknown[][] = [];
      const fetch = Object.assign(
        (...args: unknown[]) => {
          seen.push(args);
          return Promise.resolve(new Response('{"ok":true}', { status: 200 }));
        },
        { [SIGNAL_APART]: true as const, [URL_INIT]: true as const },
      ) as unknown as FetchLike;
      await http(fetch).request("PUT", "/v1/secrets/a", { body: { data: { k: "v" } }, query: { x: 1 } });
      const [url, init] = seen[0] as [unknown, RequestInit];
      expect(url).toBe("https://vault.test/v1/secrets/a?x=1");
      expect(init).toMatchObject({ method: "PUT", body: '{"data":{"k":"v"}}' });
      expect(init.headers).toMatchObject({ Authorization: `Bearer ${TOKEN}`, "X-Tenant-ID": "tnt_a" });
      expect(init.signal).toBeInstanceOf(AbortSignal);
    });

    it("is how the mock vault's fetch is called, and a signal given that way aborts its answer", async () => {
      const mock = createMockVault();
      expect((mock.fetch as FetchLike)[SIGNAL_APART]).toBe(true);
      expect((mock.fetch as FetchLike)[URL_INIT]).toBe(true);
      const read = new Http({ baseUrl: mock.baseUrl, token: mock.tokens.admin, fetch: mock.fetch });
      expect(await read.request("GET", "/v1/secrets/integrations/stripe/api-key")).toMatchObject({
        path: "integrations/stripe/api-key",
      });
      const gone = new AbortController();
      gone.abort(new Error("gone"));
      const request = new Request(`${mock.baseUrl}/v1/secrets/integrations/stripe/api-key`, {
        headers: { Authorization: `Bearer ${mock.tokens.admin}` },
      });
      await expect(mock.fetch(request, { signal: gone.signal })).rejects.toThrow("gone");
    });
  });
});
