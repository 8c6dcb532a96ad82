/**
 * mock.fetch(url, init) reads the URL and init directly (a light request, no undici Request);
 * mock.fetch(new Request(url, init)) goes through the Request. Two vaults with the same seed are
 * asked the same thing both ways and must give the same answer: status, headers, body, audit
 * entries and events. Over real HTTP, mock.serve() reads node's request directly too: its 413 and
 * dropped connections stay.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VaultEvent } from "../../mock-vault/core/events.js";
import { createMockVault, type MockVaultHandle, type ServedVault } from "../../mock-vault/index.js";

interface Seen {
  status: number;
  headers: [string, string][];
  body: string;
  audit: unknown[];
  events: VaultEvent[];
}

/** One request, sent to a fresh vault as a Request and to a twin as (url, init); both answers. */
async function bothWays(path: string, init: RequestInit = {}, setUp?: (mock: MockVaultHandle) => void) {
  const ask = async (how: "request" | "init"): Promise<Seen> => {
    const mock = createMockVault({ seed: 5 });
    setUp?.(mock);
    const events: VaultEvent[] = [];
    mock.state.bus.on((event) => events.push(event));
    const url = `${mock.baseUrl}${path}`;
    const withToken = { ...init, headers: { Authorization: `Bearer ${mock.tokens.admin}`, ...init.headers } };
    const response = await (how === "request" ? mock.fetch(new Request(url, withToken)) : mock.fetch(url, withToken));
    const audit = mock.state.audit.events.map(({ duration_ms: _, ...entry }) => entry);
    return { status: response.status, headers: [...response.headers], body: await response.text(), audit, events };
  };
  const viaRequest = await ask("request");
  const viaInit = await ask("init");
  expect(viaInit).toEqual(viaRequest);
  return viaInit;
}

const put = (body: string): RequestInit => ({ method: "PUT", headers: { "Content-Type": "application/json" }, body });

describe("mock.fetch(url, init) answers as mock.fetch(new Request(url, init))", () => {
  it("a read", async () => {
    const seen = await bothWays("/v1/secrets/integrations/stripe/api-key");
    expect(seen.status).toBe(200);
    expect(seen.events.map((e) => e.request_id)).toEqual([expect.stringMatching(/^req_/)]);
  });

  it("a write of a new path, with its events and audit entry", async () => {
    const seen = await bothWays("/v1/secrets/light/new", put(JSON.stringify({ data: { v: "1" } })));
    expect(seen.status).toBe(201);
    expect(seen.audit.at(-1)).toMatchObject({ action: "write", path: "light/new", status: 201 });
    expect(seen.events.length).toBeGreaterThan(0);
  });

  it("a body that is not JSON", async () => {
    const seen = await bothWays("/v1/secrets/light/bad", put("{not json"));
    expect(seen.status).toBe(400);
    expect(JSON.parse(seen.body)).toMatchObject({ error: { code: "invalid_request" } });
  });

  it("a body over 1 MiB", async () => {
    const big = JSON.stringify({ data: { v: "x".repeat(1024 * 1024) } });
    const seen = await bothWays("/v1/secrets/light/big", put(big));
    expect(seen.status).toBe(413);
    expect(JSON.parse(seen.body)).toMatchObject({ error: { code: "payload_too_large" } });
  });

  it("a string body without Content-Type, with a BOM and a lone surrogate, and bytes", async () => {
    await bothWays("/v1/secrets/light/odd", { method: "PUT", body: '\uFEFF{"data":{"v":"\uD800"}}' });
    const bytes = new TextEncoder().encode('{"data":{"v":"é"}}');
    const seen = await bothWays("/v1/secrets/light/bytes", { ...put(""), body: bytes });
    expect(seen.status).toBe(201);
    await bothWays("/v1/secrets/light/buffer", { ...put(""), body: bytes.buffer as ArrayBuffer });
  });

  it("a tenant-prefixed path, read and write", async () => {
    const headers = { "X-Tenant-ID": "tnt_acme" };
    const read = await bothWays("/v1/t/tnt_acme_staging/secrets", { headers });
    expect(read.status).toBe(403);
    const partner = (mock: MockVaultHandle) => {
      // The partner admin's token for the admin's, so the prefix reaches another tenant.
      mock.state.tokens.set(mock.tokens.admin, { ...mock.state.tokens.get(mock.tokens.partnerAdmin)! });
    };
    const listed = await bothWays("/v1/t/tnt_acme_staging/secrets", { headers }, partner);
    expect(listed.status).toBe(200);
    const wrote = await bothWays("/v1/t/tnt_acme_staging/secrets/light/x", put('{"data":{"v":"1"}}'), partner);
    expect(wrote.status).toBe(201);
    expect(wrote.audit.at(-1)).toMatchObject({ tenant_id: "tnt_acme_staging", path: "light/x" });
    await bothWays("/v1/t/%20tnt_acme_staging/secrets", {}, partner);
  });

  it("a body of another kind goes through a Request", async () => {
    const form = new URLSearchParams({ grant_type: "client_credentials" });
    await bothWays("/oauth/token", { method: "POST", body: form });
    const blob = new Blob(['{"data":{"v":"1"}}'], { type: "application/json" });
    const seen = await bothWays("/v1/secrets/light/blob", { method: "PUT", body: blob });
    expect(seen.status).toBe(201);
    await bothWays("/v1/secrets/light/lower", { ...put('{"data":{"v":"1"}}'), method: "put" });
  });

  it("refuses what a Request refuses", async () => {
    const mock = createMockVault();
    const url = `${mock.baseUrl}/v1/secrets/x`;
    await expect(mock.fetch(url, { method: "GET", body: "x" })).rejects.toThrow(TypeError);
    await expect(mock.fetch(url, { method: "CONNECT" })).rejects.toThrow(TypeError);
    await expect(mock.fetch(url, { headers: { "Bad Name": "x" } })).rejects.toThrow(TypeError);
    await expect(mock.fetch("/v1/secrets/x")).rejects.toThrow(TypeError);
    await expect(mock.fetch(url.replace("//", "//u:p@"))).rejects.toThrow(TypeError);
  });

  it("an abort through init.signal, before and during the request", async () => {
    const mock = createMockVault();
    const url = `${mock.baseUrl}/v1/secrets/integrations/stripe/api-key`;
    const headers = { Authorization: `Bearer ${mock.tokens.admin}` };
    const gone = new AbortController();
    gone.abort(new Error("gone"));
    await expect(mock.fetch(url, { headers, signal: gone.signal })).rejects.toThrow("gone");
    await expect(mock.fetch(new Request(url, { headers }), { signal: gone.signal })).rejects.toThrow("gone");

    mock.fault({ route: "/v1/secrets/", network: "hang" });
    for (const call of [
      (signal: AbortSignal) => mock.fetch(url, { headers, signal }),
      (signal: AbortSignal) => mock.fetch(new Request(url, { headers, signal })),
    ]) {
      const caller = new AbortController();
      const pending = call(caller.signal);
      caller.abort(new Error("given up"));
      await expect(pending).rejects.toThrow("given up");
    }
  });

  it("a dropped connection rejects as fetch does, both ways", async () => {
    const mock = createMockVault();
    const url = `${mock.baseUrl}/v1/secrets/integrations/stripe/api-key`;
    const headers = { Authorization: `Bearer ${mock.tokens.admin}` };
    mock.fault({ route: "/v1/secrets/", network: "reset", times: 2 });
    await expect(mock.fetch(url, { headers })).rejects.toMatchObject({ cause: { code: "ECONNRESET" } });
    await expect(mock.fetch(new Request(url, { headers }))).rejects.toMatchObject({ cause: { code: "ECONNRESET" } });
  });
});

describe("mock.serve() reads node's request directly", () => {
  const mock = createMockVault();
  let served: ServedVault;
  beforeAll(async () => {
    served = await mock.serve({ port: 0 });
  });
  afterAll(async () => served.close());
  const headers = () => ({ Authorization: `Bearer ${mock.tokens.admin}`, "Content-Type": "application/json" });

  it("answers a body over 1 MiB with 413, and a body under it", async () => {
    const big = JSON.stringify({ data: { v: "x".repeat(1024 * 1024) } });
    const refused = await fetch(`${served.url}/v1/secrets/http/big`, { method: "PUT", headers: headers(), body: big });
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ error: { code: "payload_too_large" } });
    const body = JSON.stringify({ data: { v: "é".repeat(1000) } });
    const written = await fetch(`${served.url}/v1/t/${mock.tenantId}/secrets/http/ok`, {
      method: "PUT",
      headers: headers(),
      body,
    });
    expect(written.status).toBe(201);
    const read = await fetch(`${served.url}/v1/secrets/http/ok`, { headers: headers() });
    expect(((await read.json()) as { data: { v: string } }).data.v).toBe("é".repeat(1000));
  });

  it("still drops the connection for a reset fault", async () => {
    mock.fault({ route: "/v1/secrets/", network: "reset", times: 1 });
    await expect(
      fetch(`${served.url}/v1/secrets/integrations/stripe/api-key`, { headers: headers() }),
    ).rejects.toThrow();
    expect((await fetch(`${served.url}/v1/secrets/integrations/stripe/api-key`, { headers: headers() })).status).toBe(
      200,
    );
  });
});
