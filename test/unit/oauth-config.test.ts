/** The OAuth settings (src/config.ts): what turns OAuth mode on, and what it cannot be combined with. */
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { assertSafeBinding } from "../../src/transports/gate.js";

const HTTP = { MCP_TRANSPORT: "http", SCAIVAULT_URL: "https://vault.example.com" };
const ISSUER = "https://auth.example.com";
const AUDIENCE = "https://mcp.example.com/mcp";

describe("OAuth settings", () => {
  it("an issuer and an audience turn it on, without a vault token of the server's own", () => {
    const config = loadConfig({ ...HTTP, MCP_OAUTH_ISSUER: ISSUER, MCP_OAUTH_AUDIENCE: AUDIENCE });
    expect(config).toMatchObject({ oauthIssuer: ISSUER, oauthAudience: AUDIENCE });
    expect(config.token).toBeUndefined();
    expect(loadConfig({ ...HTTP, MCP_OAUTH_ISSUER: "mock", SCAIVAULT_MOCK: "true" }).oauthIssuer).toBe("mock");
  });

  it.each([
    [{ MCP_OAUTH_ISSUER: ISSUER }, "invalid MCP_OAUTH_AUDIENCE: is required with MCP_OAUTH_ISSUER"],
    [
      { MCP_OAUTH_ISSUER: ISSUER, MCP_OAUTH_AUDIENCE: AUDIENCE, MCP_HTTP_TOKEN: "0123456789abcdef0123" },
      "invalid MCP_OAUTH_ISSUER: cannot be used with MCP_HTTP_TOKEN",
    ],
    [
      { MCP_OAUTH_ISSUER: ISSUER, MCP_OAUTH_AUDIENCE: AUDIENCE, MCP_TRANSPORT: "sse" },
      "invalid MCP_OAUTH_ISSUER: needs MCP_TRANSPORT=http",
    ],
    [{ MCP_OAUTH_ISSUER: "mock" }, 'invalid MCP_OAUTH_ISSUER: "mock" needs --mock'],
    [{ MCP_OAUTH_ISSUER: "http://auth.example.com", MCP_OAUTH_AUDIENCE: AUDIENCE }, "must be an https URL"],
    [{ MCP_OAUTH_ISSUER: ISSUER, MCP_OAUTH_AUDIENCE: "http://mcp.example.com/mcp" }, "must be an https URL"],
    [{ MCP_OAUTH_AUDIENCE: AUDIENCE }, "invalid MCP_OAUTH_AUDIENCE: needs MCP_OAUTH_ISSUER"],
    [{ MCP_OAUTH_JWKS_URL: `${ISSUER}/jwks` }, "invalid MCP_OAUTH_JWKS_URL: needs MCP_OAUTH_ISSUER"],
  ])("refuses %o", (env, message) => {
    expect(() => loadConfig({ ...HTTP, SCAIVAULT_TOKEN: "skt_test_token", ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...HTTP, SCAIVAULT_TOKEN: "skt_test_token", ...env })).toThrow(message);
  });

  it("http is accepted for an issuer on this machine only", () => {
    const config = loadConfig({
      ...HTTP,
      MCP_OAUTH_ISSUER: "http://127.0.0.1:9000",
      MCP_OAUTH_AUDIENCE: "http://localhost:8765/mcp",
    });
    expect(config.oauthIssuer).toBe("http://127.0.0.1:9000");
  });

  it("still needs a vault token without OAuth", () => {
    expect(() => loadConfig(HTTP)).toThrow("SCAIVAULT_TOKEN is required");
  });

  it("OAuth, like the bearer token, allows binding a non-loopback address", () => {
    const base = { host: "0.0.0.0", port: 0, allowedOrigins: [], httpToken: undefined };
    expect(() => assertSafeBinding(base)).toThrow(/without MCP_HTTP_TOKEN or MCP_OAUTH_ISSUER/);
    expect(() => assertSafeBinding({ ...base, oauthIssuer: ISSUER })).not.toThrow();
  });
});
