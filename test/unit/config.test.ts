import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

const run = (env: Record<string, string>, argv: string[] = []) => {
  const action = loadConfig(env, argv);
  if (action.kind !== "run") throw new Error(`expected run, got ${action.kind}`);
  return action.config;
};
const base = { SCAIVAULT_URL: "https://vault.example", SCAIVAULT_TOKEN: "skt_test_token" };

describe("loadConfig", () => {
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
    });
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
  ])("rejects bad settings with one clear line (%#)", (env, message) => {
    expect(() => loadConfig(env, [])).toThrow(ConfigError);
    expect(() => loadConfig(env, [])).toThrow(message);
  });

  it("needs no URL or token with --mock", () => {
    expect(run({}, ["--mock"]).mock).toBe(true);
  });

  it("rejects unknown flags and flags without values", () => {
    expect(() => loadConfig({}, ["--mock", "--nope"])).toThrow(/unknown option --nope/);
    expect(() => loadConfig({}, ["--mock", "--port"])).toThrow(/--port needs a value/);
  });

  it("answers --help and --version without validating anything else", () => {
    expect(loadConfig({}, ["--help"]).kind).toBe("help");
    expect(loadConfig({}, ["--version"]).kind).toBe("version");
  });

  it("never puts the token into an error message", () => {
    try {
      loadConfig({ ...base, SCAIVAULT_TOKEN: "skt_super_secret_value", SCAIVAULT_READ_ONLY: "ture" }, []);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("skt_super_secret_value");
      return;
    }
    throw new Error("expected a ConfigError");
  });
});
