// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${...}` placeholders are what this file tests
/**
 * Settings whose value is a `${...}` placeholder: what a host passes when it had nothing to fill in.
 * An MCPB bundle's optional field left blank counts as not set; anything else is refused.
 */
import { expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

const base = { SCAIVAULT_URL: "https://vault.example", SCAIVAULT_TOKEN: "skt_test_token" };
const config = (env: Record<string, string>) => loadConfig({ ...base, ...env });

it("reads a blank MCPB field (`${user_config.x}` left as is) as not set", () => {
  const c = config({
    SCAIVAULT_ALLOWED_PATHS: "${user_config.allowed_paths}",
    SCAIVAULT_DENIED_PATHS: " ${user_config.denied_paths} ",
    SCAIVAULT_TENANT_ID: "${user_config.tenant_id}",
    SCAIVAULT_READ_ONLY: "${user_config.read_only}",
  });
  expect(c).toMatchObject({ allowedPaths: [], deniedPaths: [], readOnly: false });
  expect(c.tenantId).toBeUndefined();
  // A required setting left as a placeholder is still missing.
  expect(() => loadConfig({ SCAIVAULT_URL: "${user_config.url}", SCAIVAULT_TOKEN: "t" })).toThrow(
    /SCAIVAULT_URL is required/,
  );
});

it.each([
  ["SCAIVAULT_TOKEN", "${SCAIVAULT_TOKEN}"],
  ["SCAIVAULT_ALLOWED_PATHS", "${ALLOWED}"],
  ["SCAIVAULT_TOKEN", "${input:scaivault-token}"],
])("refuses %s=%s, a placeholder no host filled in, with one line naming it", (name, value) => {
  expect(() => config({ [name]: value })).toThrow(ConfigError);
  expect(() => config({ [name]: value })).toThrow(`${name} is "${value}", a placeholder nothing filled in`);
});

it("keeps values that only contain a dollar sign or braces", () => {
  expect(config({ SCAIVAULT_TOKEN: "skt_${abc" }).token).toBe("skt_${abc");
});
