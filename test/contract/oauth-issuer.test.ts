/**
 * Contract: the mock vault's OAuth issuer (mock-vault/domains/auth/issuer*.ts), playing ScaiKey:
 * RFC 8414 metadata, a JWKS its tokens verify against, the client_credentials token endpoint
 * (RFC 6749 §4.4 and §5.2 errors, RFC 8707 resource -> aud), and the seeded trust relationships
 * that turn its tokens into vault tokens, wherever the issuer is reached (in-process, served, after
 * a reset).
 */
import { createLocalJWKSet, decodeJwt, type JSONWebKeySet, jwtVerify } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import { createMockVault } from "../../mock-vault/index.js";

const mock = createMockVault({ seed: 42 });
beforeEach(() => mock.reset());

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
const OPS = basic("ops-agent", "mock-client-secret-ops");

async function token(form: Record<string, string>, authorization: string | undefined = OPS, vault = mock) {
  const response = await vault.fetch(
    new Request(`${vault.baseUrl}/oauth/token`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        ...(authorization ? { Authorization: authorization } : {}),
      },
      body: new URLSearchParams(form),
    }),
  );
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

async function exchange(subjectToken: string, vault = mock) {
  const response = await vault.fetch(
    new Request(`${vault.baseUrl}/v1/auth/exchange`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ subject_token: subjectToken }),
    }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("the mock issuer", () => {
  it("publishes RFC 8414 metadata at its origin", async () => {
    const response = await mock.fetch(new Request(`${mock.baseUrl}/.well-known/oauth-authorization-server`));
    expect(await response.json()).toEqual({
      issuer: mock.baseUrl,
      authorization_endpoint: `${mock.baseUrl}/oauth/authorize`,
      token_endpoint: `${mock.baseUrl}/oauth/token`,
      jwks_uri: `${mock.baseUrl}/oauth/jwks`,
      scopes_supported: ["scaivault:read", "scaivault:write"],
      response_types_supported: [],
      grant_types_supported: ["client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    });
  });

  it("issues an ES256 JWT that verifies against its JWKS, with the resource as audience", async () => {
    const issued = await token({ grant_type: "client_credentials", resource: "http://127.0.0.1:8765/mcp" });
    expect(issued.status).toBe(200);
    expect(issued.headers.get("cache-control")).toBe("no-store");
    expect(issued.body).toMatchObject({
      token_type: "Bearer",
      expires_in: 900,
      scope: "scaivault:read scaivault:write",
    });
    const jwks = (await (await mock.fetch(new Request(`${mock.baseUrl}/oauth/jwks`))).json()) as JSONWebKeySet;
    const { payload, protectedHeader } = await jwtVerify(issued.body.access_token as string, createLocalJWKSet(jwks), {
      issuer: mock.baseUrl,
      audience: "http://127.0.0.1:8765/mcp",
    });
    expect(protectedHeader.alg).toBe("ES256");
    expect(payload).toMatchObject({
      sub: "scaikey|usr_ops",
      client_id: "ops-agent",
      scope: "scaivault:read scaivault:write",
    });
    expect((payload.exp as number) - (payload.iat as number)).toBe(900);
  });

  it("grants no more than the client may have, and says what it granted", async () => {
    const auditor = basic("auditor-agent", "mock-client-secret-auditor");
    const issued = await token({ grant_type: "client_credentials", scope: "scaivault:read scaivault:write" }, auditor);
    expect(issued.body.scope).toBe("scaivault:read");
    expect(decodeJwt(issued.body.access_token as string).aud).toBe("scaivault");
    const none = await token({ grant_type: "client_credentials", scope: "scaivault:write" }, auditor);
    expect(none).toMatchObject({ status: 400, body: { error: "invalid_scope" } });
  });

  it("accepts client_secret_post, and answers RFC 6749's errors", async () => {
    const posted = await token(
      { grant_type: "client_credentials", client_id: "ops-agent", client_secret: "mock-client-secret-ops" },
      undefined,
    );
    expect(posted.status).toBe(200);
    const wrong = await token({ grant_type: "client_credentials" }, basic("ops-agent", "mock-client-secret-nope"));
    expect(wrong).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Basic/);
    // A Basic credential that is not form-urlencoded is a bad client, not a server error.
    const garbled = `Basic ${Buffer.from("%ZZ:x").toString("base64")}`;
    expect(await token({ grant_type: "client_credentials" }, garbled)).toMatchObject({
      status: 401,
      body: { error: "invalid_client" },
    });
    expect(await token({ grant_type: "password" })).toMatchObject({
      status: 400,
      body: { error: "unsupported_grant_type" },
    });
    expect(await token({ grant_type: "client_credentials", resource: "/relative" })).toMatchObject({
      status: 400,
      body: { error: "invalid_target" },
    });
    const authorize = await mock.fetch(new Request(`${mock.baseUrl}/oauth/authorize?response_type=code`));
    expect(authorize.status).toBe(400);
  });

  it("its tokens exchange into vault tokens of the trusted users; a suspended one is refused", async () => {
    const ops = await token({ grant_type: "client_credentials" });
    const exchanged = await exchange(ops.body.access_token as string);
    expect(exchanged.status).toBe(200);
    expect(mock.state.tokens.get(exchanged.body.access_token as string)).toMatchObject({
      identity_id: "user:ops@acme.example",
      scopes: ["admin"],
    });
    // The issuer's own tokens must carry its signature: the claims alone do not do.
    const [header, payload] = (ops.body.access_token as string).split(".");
    expect((await exchange(`${header}.${payload}.${"A".repeat(86)}`)).status).toBe(401);
    const former = await token(
      { grant_type: "client_credentials" },
      basic("former-agent", "mock-client-secret-former"),
    );
    expect((await exchange(former.body.access_token as string)).status).toBe(403);
  });

  it("follows the URL it is served at, through resets", async () => {
    const other = createMockVault({ seed: 42 });
    const site = await other.serve({ port: 0, control: false });
    try {
      expect(other.issuer.url).toBe(site.url);
      const metadata = (await (await fetch(`${site.url}/.well-known/oauth-authorization-server`)).json()) as {
        issuer: string;
      };
      expect(metadata.issuer).toBe(site.url);
      other.reset();
      const issued = await token({ grant_type: "client_credentials" }, OPS, other);
      expect(decodeJwt(issued.body.access_token as string).iss).toBe(site.url);
      expect((await exchange(issued.body.access_token as string, other)).status).toBe(200);
      // A token of the vault's in-process origin is no longer trusted there.
      const stale = await token({ grant_type: "client_credentials" });
      expect((await exchange(stale.body.access_token as string, other)).status).toBe(401);
    } finally {
      await site.close();
    }
  });
});
