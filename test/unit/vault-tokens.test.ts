/**
 * Each caller's vault token (src/auth/vault-tokens.ts): one exchange per access token while both
 * live, a refusal never remembered, the tenant lock checked on the exchanged token, the cache bounded.
 */
import { describe, expect, it } from "vitest";
import { createMockVault } from "../../mock-vault/index.js";
import { TenantMismatch, VaultTokens } from "../../src/auth/vault-tokens.js";
import { VaultError } from "../../src/client/errors.js";

async function accessToken(
  mock: ReturnType<typeof createMockVault>,
  client = "ops-agent",
  secret = "mock-client-secret-ops",
) {
  const response = await mock.fetch(
    new Request(`${mock.baseUrl}/oauth/token`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: `Basic ${Buffer.from(`${client}:${secret}`).toString("base64")}`,
      },
      body: "grant_type=client_credentials",
    }),
  );
  return ((await response.json()) as { access_token: string }).access_token;
}

const exchanges = (mock: ReturnType<typeof createMockVault>) =>
  mock.state.audit.events.filter((e) => e.action === "auth_exchange").length;

describe("VaultTokens", () => {
  it("exchanges once per access token while both live, then again", async () => {
    const mock = createMockVault();
    const clock = { now: Date.now() };
    const tokens = new VaultTokens({ baseUrl: mock.baseUrl, fetch: mock.fetch, now: () => clock.now });
    const jwt = await accessToken(mock);
    const expires = clock.now + 900_000;
    const [a, b] = await Promise.all([tokens.identityFor(jwt, expires), tokens.identityFor(jwt, expires)]);
    expect(a).toBe(b);
    expect(a).toMatchObject({ scopes: ["admin"], tenantId: "tnt_acme_prod", partnerId: "ptn_acme" });
    expect(a.token).toMatch(/^skt_mock_exch_/);
    // Cached until the access token's expiry, less a minute.
    clock.now += 830_000;
    expect(await tokens.identityFor(jwt, expires)).toBe(a);
    expect(exchanges(mock)).toBe(1);
    clock.now += 20_000;
    const renewed = await tokens.identityFor(jwt, expires);
    expect(renewed.token).not.toBe(a.token);
    expect(exchanges(mock)).toBe(2);
  });

  it("does not remember a refusal", async () => {
    const mock = createMockVault();
    const tokens = new VaultTokens({ baseUrl: mock.baseUrl, fetch: mock.fetch });
    const jwt = await accessToken(mock, "former-agent", "mock-client-secret-former");
    const until = Date.now() + 900_000;
    await expect(tokens.identityFor(jwt, until)).rejects.toBeInstanceOf(VaultError);
    await expect(tokens.identityFor(jwt, until)).rejects.toMatchObject({ status: 403 });
    expect(tokens.size).toBe(0);
    expect(exchanges(mock)).toBe(2);
  });

  it("refuses a vault token of another tenant than the server is locked to", async () => {
    const mock = createMockVault();
    const tokens = new VaultTokens({ baseUrl: mock.baseUrl, fetch: mock.fetch, tenantId: "tnt_globex" });
    await expect(tokens.identityFor(await accessToken(mock), Date.now() + 900_000)).rejects.toBeInstanceOf(
      TenantMismatch,
    );
  });

  it("keeps at most maxEntries exchanges, the oldest going first", async () => {
    const mock = createMockVault();
    const tokens = new VaultTokens({ baseUrl: mock.baseUrl, fetch: mock.fetch, maxEntries: 2 });
    const until = Date.now() + 900_000;
    const jwts = [await accessToken(mock), await accessToken(mock), await accessToken(mock)];
    for (const jwt of jwts) await tokens.identityFor(jwt, until);
    expect(tokens.size).toBe(2);
    await tokens.identityFor(jwts[2] as string, until);
    expect(exchanges(mock)).toBe(3);
    await tokens.identityFor(jwts[0] as string, until);
    expect(exchanges(mock)).toBe(4);
  });
});
