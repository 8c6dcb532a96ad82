import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../src/cli/argv.js";
import { ConfigError, loadConfig } from "../../src/config.js";

const run = (env: Record<string, string>, argv: string[] = []) => {
  const action = parseCommandLine(env, argv);
  if (action.kind !== "run") throw new Error(`expected run, got ${action.kind}`);
  return action.config;
};
const base = { SCAIVAULT_URL: "https://vault.example", SCAIVAULT_TOKEN: "skt_test_token" };

describe("settings from the environment and the command line", () => {
  it("reads the documented environment variables", () => {
    const c = run({
      ...base,
      SCAIVAULT_READ_ONLY: "true",
      SCAIVAULT_MASK_VALUES: "1",
      SCAIVAULT_ALLOWED_PATHS: "integrations, infra/db ,",
      SCAIVAULT_DENIED_PATHS: "infra/db/primary",
      SCAIVAULT_TENANT_ID: "tnt_acme_prod",
      SCAIVAULT_PARTNER_ID: "ptn_acme",
      MCP_TRANSPORT: "sse",
      PORT: "9000",
    });
    expect(c).toMatchObject({
      url: "https://vault.example",
      readOnly: true,
      maskValues: true,
      allowedPaths: ["integrations", "infra/db"],
      deniedPaths: ["infra/db/primary"],
      tenantId: "tnt_acme_prod",
      partnerId: "ptn_acme",
      transport: "sse",
      port: 9000,
    });
  });

  it("has safe defaults", () => {
    const c = run(base);
    expect(c).toMatchObject({
      readOnly: false,
      maskValues: false,
      allowedPaths: [],
      deniedPaths: [],
      transport: "stdio",
      port: 8765,
      host: "127.0.0.1",
      outputSchemas: false,
    });
  });

  it("lists output schemas only when asked to, by environment or flag", () => {
    expect(run({ ...base, SCAIVAULT_OUTPUT_SCHEMAS: "true" }).outputSchemas).toBe(true);
    expect(run(base, ["--output-schemas"]).outputSchemas).toBe(true);
    expect(run({ ...base, SCAIVAULT_OUTPUT_SCHEMAS: "on" }, ["--output-schemas=false"]).outputSchemas).toBe(false);
    expect(() => run({ ...base, SCAIVAULT_OUTPUT_SCHEMAS: "full" })).toThrow(/SCAIVAULT_OUTPUT_SCHEMAS/);
  });

  it("lets flags win over the environment", () => {
    const c = run({ ...base, SCAIVAULT_READ_ONLY: "false", PORT: "1" }, [
      "--read-only",
      "--port",
      "8000",
      "--allowed-paths=apps",
    ]);
    expect(c.readOnly).toBe(true);
    expect(c.port).toBe(8000);
    expect(c.allowedPaths).toEqual(["apps"]);
  });

  it.each([
    [{ ...base, SCAIVAULT_READ_ONLY: "ture" }, /SCAIVAULT_READ_ONLY.*"ture"/],
    [{ ...base, SCAIVAULT_MASK_VALUES: "maybe" }, /SCAIVAULT_MASK_VALUES/],
    [{ SCAIVAULT_URL: "https://vault.example" }, /SCAIVAULT_TOKEN is required/],
    [{ SCAIVAULT_TOKEN: "x" }, /SCAIVAULT_URL is required/],
    [{ ...base, SCAIVAULT_URL: "not a url" }, /SCAIVAULT_URL/],
    [{ ...base, MCP_TRANSPORT: "websocket" }, /transport must be stdio, http or sse/],
    [{ ...base, PORT: "99999" }, /PORT/],
    [{ ...base, SCAIVAULT_TENANT_ID: "tnt acme" }, /SCAIVAULT_TENANT_ID/],
    [{ ...base, SCAIVAULT_TOOLSETS: "secrets,nope" }, /toolsets must be among/],
    [{ ...base, PORT: "abc" }, /invalid PORT \/ --port: expected a port number from 0 to 65535$/],
    [{ ...base, PORT: " " }, /PORT/],
    [{ ...base, PORT: "0x1F91" }, /PORT/],
    [{ ...base, PORT: "1e3" }, /PORT/],
    [{ ...base, PORT: "80.5" }, /PORT/],
    [{ ...base, SCAIVAULT_TIMEOUT_MS: "abc" }, /SCAIVAULT_TIMEOUT_MS: expected milliseconds/],
    [{ ...base, SCAIVAULT_MAX_RETRIES: "11" }, /SCAIVAULT_MAX_RETRIES/],
    [{ ...base, SCAIVAULT_ALLOWED_PATHS: "," }, /^SCAIVAULT_ALLOWED_PATHS \/ --allowed-paths is set but names nothing/],
    [{ ...base, SCAIVAULT_ALLOWED_PATHS: "" }, /SCAIVAULT_ALLOWED_PATHS .* is set but names nothing/],
    [{ ...base, SCAIVAULT_DENIED_PATHS: " , " }, /SCAIVAULT_DENIED_PATHS .* is set but names nothing/],
    [{ ...base, SCAIVAULT_TOOLSETS: "" }, /SCAIVAULT_TOOLSETS .* is set but names nothing/],
    [{ ...base, SCAIVAULT_MOCK_NOW: "2026-05-17T15:00:00Z" }, /--mock-now needs --mock/],
    [{ SCAIVAULT_MOCK: "true", SCAIVAULT_MOCK_NOW: "yesterday" }, /SCAIVAULT_MOCK_NOW/],
    [{ SCAIVAULT_MOCK: "true", SCAIVAULT_DEMO: "list", SCAIVAULT_MOCK_NOW: "now" }, /does not apply to --demo/],
    [{ SCAIVAULT_MOCK: "true", SCAIVAULT_MOCK_NOW: "2026-05-17T15:00:00" }, /with offset/],
  ])("rejects bad settings with one clear line (%#)", (env, message) => {
    expect(() => parseCommandLine(env, [])).toThrow(ConfigError);
    expect(() => parseCommandLine(env, [])).toThrow(message);
  });

  it("refuses a path list flag that names nothing, even over a good environment value", () => {
    const env = { ...base, SCAIVAULT_ALLOWED_PATHS: "integrations" };
    for (const flag of [["--allowed-paths="], ["--allowed-paths", ","], ["--denied-paths", " "]])
      expect(() => parseCommandLine(env, flag)).toThrow(/is set but names nothing/);
    expect(run(env).allowedPaths).toEqual(["integrations"]);
  });

  it("reads the mock clock start and the wall-clock choice", () => {
    expect(run({}, ["--mock", "--mock-now", "2026-12-01T09:00:00+01:00"]).mockNow).toBe("2026-12-01T09:00:00+01:00");
    expect(run({ SCAIVAULT_MOCK_NOW: "now" }, ["--mock"]).mockNow).toBe("now");
  });

  it("needs no URL or token with --mock", () => {
    expect(run({}, ["--mock"]).mock).toBe(true);
  });

  it("rejects unknown flags and flags without values", () => {
    expect(() => parseCommandLine({}, ["--mock", "--nope"])).toThrow(/unknown option --nope/);
    expect(() => parseCommandLine({}, ["--mock", "--port"])).toThrow(/--port needs a value/);
  });

  it("answers --help and --version without validating anything else", () => {
    expect(parseCommandLine({}, ["--help"]).kind).toBe("help");
    expect(parseCommandLine({}, ["--version"]).kind).toBe("version");
  });

  it("reads the environment alone without the command line, naming only the variable at fault", () => {
    expect(loadConfig({ ...base, SCAIVAULT_READ_ONLY: "1" })).toMatchObject({ readOnly: true, mock: false });
    expect(() => loadConfig({ ...base, PORT: "abc" })).toThrow(/^invalid PORT: expected a port number/);
  });

  it("never puts the token into an error message", () => {
    try {
      parseCommandLine({ ...base, SCAIVAULT_TOKEN: "skt_super_secret_value", SCAIVAULT_READ_ONLY: "ture" }, []);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("skt_super_secret_value");
      return;
    }
    throw new Error("expected a ConfigError");
  });

  describe("HTTP deployment settings", () => {
    const http = { ...base, MCP_TRANSPORT: "http" };
    const KEY = "0123456789abcdef".repeat(4); // 32 bytes

    it("reads stateless mode, session bounds and the cursor key", () => {
      const c = run(
        { ...http, MCP_MAX_SESSIONS: "50", MCP_SESSION_IDLE_S: "90", SCAIVAULT_CURSOR_KEY: ` ${KEY.toUpperCase()} ` },
        ["--stateless"],
      );
      expect(c).toMatchObject({ stateless: true, maxSessions: 50, sessionIdleS: 90, cursorKey: KEY.toUpperCase() });
      expect(run({ ...http, MCP_HTTP_STATELESS: "true" }).stateless).toBe(true);
      expect(run(http)).toMatchObject({ stateless: false, maxSessions: 1000, sessionIdleS: 300 });
      expect(run(http).cursorKey).toBeUndefined();
    });

    it("refuses a cursor key that is short, odd-length or not hex, in one line that never shows the key", () => {
      for (const bad of [KEY.slice(0, 62), `${KEY}a`, `${KEY.slice(0, 63)}g`, "not-a-key", `0x${KEY}`]) {
        const error = (() => {
          try {
            run({ ...http, SCAIVAULT_CURSOR_KEY: bad });
          } catch (e) {
            return e as Error;
          }
          throw new Error(`accepted ${bad}`);
        })();
        expect(error).toBeInstanceOf(ConfigError);
        expect(error.message).toMatch(/^invalid SCAIVAULT_CURSOR_KEY: must be hex, at least 32 bytes/);
        expect(error.message).not.toContain(bad);
        expect(error.message).not.toContain("\n");
      }
      expect(run({ ...http, SCAIVAULT_CURSOR_KEY: KEY + KEY }).cursorKey).toBe(KEY + KEY);
    });

    it("refuses stateless mode off Streamable HTTP, and session bounds out of range", () => {
      expect(() => run(base, ["--stateless"])).toThrow(/MCP_HTTP_STATELESS \/ --stateless: needs MCP_TRANSPORT=http/);
      expect(() => run({ ...base, MCP_TRANSPORT: "sse", MCP_HTTP_STATELESS: "1" })).toThrow(/needs MCP_TRANSPORT=http/);
      expect(() => run({ ...http, MCP_MAX_SESSIONS: "0" })).toThrow(/MCP_MAX_SESSIONS/);
      expect(() => run({ ...http, MCP_SESSION_IDLE_S: "1e3" })).toThrow(/MCP_SESSION_IDLE_S/);
      expect(() => run({ ...http, MCP_SESSION_IDLE_S: "86401" })).toThrow(/MCP_SESSION_IDLE_S/);
    });

    it("keeps allowed Host names apart from allowed Origins", () => {
      const c = run({
        ...http,
        MCP_ALLOWED_ORIGINS: "https://console.acme.example",
        MCP_ALLOWED_HOSTS: "mcp.acme.example,[::1]",
      });
      expect(c.allowedHosts).toEqual(["mcp.acme.example", "[::1]"]);
      expect(c.allowedOrigins).toEqual(["https://console.acme.example"]);
      expect(run(http).allowedHosts).toEqual([]);
      for (const bad of ["https://mcp.acme.example", "mcp.acme.example:443", "mcp acme", "*.acme.example"])
        expect(() => run({ ...http, MCP_ALLOWED_HOSTS: bad }), bad).toThrow(/MCP_ALLOWED_HOSTS: expected host names/);
      expect(() => run({ ...http, MCP_ALLOWED_HOSTS: "," })).toThrow(/MCP_ALLOWED_HOSTS is set but names nothing/);
    });
  });
});
