/**
 * RFC 8414 §3.3: the issuer named in the metadata, and the `iss` of its tokens, are compared with
 * MCP_OAUTH_ISSUER exactly. Issuers whose identifier ends in a slash (Auth0's) must work, and be
 * advertised as they are.
 */
import type { IncomingMessage } from "node:http";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { OAuthResourceServer } from "../../src/auth/resource-server.js";
import { VaultTokens } from "../../src/auth/vault-tokens.js";
import { silentLogger } from "../../src/log.js";

const ISSUER = "https://tenant.example.test/";
const RESOURCE = "https://mcp.example.test/mcp";

async function issuer() {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256" };
  const fetch = (async (input: string | URL | Request) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url === "https://tenant.example.test/.well-known/oauth-authorization-server")
      return Response.json({ issuer: ISSUER, jwks_uri: "https://tenant.example.test/.well-known/jwks.json" });
    if (url === "https://tenant.example.test/.well-known/jwks.json") return Response.json({ keys: [jwk] });
    return new Response("not found", { status: 404 });
  }) as typeof globalThis.fetch;
  const sign = () =>
    new SignJWT({ scope: "scaivault:read" })
      .setProtectedHeader({ alg: "ES256", kid: "k1" })
      .setIssuer(ISSUER)
      .setSubject("auth0|user-1")
      .setAudience(RESOURCE)
      .setExpirationTime("5m")
      .sign(privateKey);
  return { fetch, sign };
}

describe("an issuer identifier with a trailing slash", () => {
  it("is advertised as configured and its tokens are accepted", async () => {
    const { fetch, sign } = await issuer();
    const oauth = new OAuthResourceServer({
      issuer: ISSUER,
      audience: RESOURCE,
      log: silentLogger,
      fetch,
      vaultTokens: new VaultTokens({ baseUrl: "https://vault.example.test", fetch }),
    });
    expect(oauth.metadataAt("/.well-known/oauth-protected-resource")).toMatchObject({
      authorization_servers: [ISSUER],
    });
    const req = { headers: { authorization: `Bearer ${await sign()}` } } as IncomingMessage;
    const auth = await oauth.authenticate(req);
    expect("status" in auth ? auth : undefined).toBeUndefined();
  });
});
