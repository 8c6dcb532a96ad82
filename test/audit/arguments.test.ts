/**
 * What an audit line may say of arguments (src/audit/arguments.ts): deny by default. The catalog
 * test below fails when a tool gains an argument nobody classified, so a new secret-bearing
 * argument cannot reach the audit file by being new.
 */
import { describe, expect, it } from "vitest";
import { auditedArguments } from "../../src/audit/arguments.js";
import { MASK } from "../../src/guard/mask.js";
import { catalog } from "../../src/tools/index.js";

const PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";

describe("audited arguments", () => {
  it("withholds, across the whole catalog, exactly the arguments that carry values or credentials", () => {
    const withheld = catalog.flatMap((t) => {
      const given = Object.fromEntries(Object.keys(t.input ?? {}).map((name) => [name, "x"]));
      return (auditedArguments(given).withheld ?? []).map((name) => `${t.name}.${name}`);
    });
    expect(withheld.sort()).toEqual([
      "scaivault_create_dynamic_engine.config",
      "scaivault_create_dynamic_role.config",
      "scaivault_create_dynamic_role.creation_statements",
      "scaivault_create_dynamic_role.revocation_statements",
      "scaivault_create_federation_backend.config",
      "scaivault_rotate_secret.data",
      "scaivault_validate_certificate.certificate_pem",
      "scaivault_write_secret.data",
    ]);
  });

  it("never writes write_secret's data, whatever its shape", () => {
    for (const data of [
      { password: "hunter2-value" },
      "hunter2-value",
      ["hunter2-value"],
      { nested: { deep: "hunter2-value" } },
    ]) {
      const audited = auditedArguments({ path: "apps/web/db", data, secret_type: "kv" });
      expect(audited).toEqual({ arguments: { path: "apps/web/db", secret_type: "kv" }, withheld: ["data"] });
      expect(JSON.stringify(audited)).not.toContain("hunter2");
    }
  });

  it("withholds an argument it does not know (a name a new tool adds is not written until classified)", () => {
    expect(auditedArguments({ path: "a/b", seed_material: "s3cr3t-value" })).toEqual({
      arguments: { path: "a/b" },
      withheld: ["seed_material"],
    });
  });

  it("keeps a URL's scheme and host only: webhook URLs carry their secret in the path", () => {
    const slack = "https://hooks.slack.com/services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX";
    const audited = auditedArguments({ url: slack, directory_url: "https://acme.example.test", hostname: "db:5432" });
    expect(audited.arguments).toEqual({
      url: "https://hooks.slack.com/…",
      directory_url: "https://acme.example.test",
      hostname: "db:5432",
    });
  });

  it("inside recorded arguments, withholds fields named like credentials and masks keys and URL passwords", () => {
    const audited = auditedArguments({
      metadata: { owner: "team-a", api_key: "k-123456789", Password: "pw-123456789", note: PEM, tags: ["x"] },
      url: "https://user:hook-pass-123@hooks.example.test/in?token=tok-123456789&a=1",
      context: { ip: "10.0.0.1", session_token: "t-123456789" },
    });
    expect(audited.arguments).toEqual({
      metadata: { owner: "team-a", note: MASK, tags: ["x"] },
      url: "https://hooks.example.test/…",
      context: { ip: "10.0.0.1" },
    });
    expect(audited.withheld).toEqual(["context.session_token", "metadata.Password", "metadata.api_key"]);
    expect(JSON.stringify(audited)).not.toMatch(/123456789|hook-pass|MIIEvQ/);
  });

  it("filters scaivault_call_tool's inner arguments by the same rules", () => {
    const audited = auditedArguments(
      { name: "scaivault_write_secret", arguments: { path: "apps/x", data: { v: "inner-secret-1" } } },
      "arguments",
    );
    expect(audited).toEqual({
      arguments: { name: "scaivault_write_secret", arguments: { path: "apps/x" } },
      withheld: ["arguments.data"],
    });
  });

  it("cuts long text and deep or wide values", () => {
    const audited = auditedArguments({
      description: "d".repeat(10_000),
      rules: Array.from({ length: 500 }, (_, i) => ({ path: `p${i}` })),
      fields: { a: { b: { c: { d: { e: { f: { g: "deep" } } } } } } },
    });
    expect(String(audited.arguments.description).length).toBe(257);
    expect((audited.arguments.rules as unknown[]).length).toBe(50);
    expect(JSON.stringify(audited.arguments.fields)).not.toContain("deep");
  });

  it("keeps a __proto__ key as data, not as the prototype", () => {
    const given = JSON.parse('{"metadata":{"__proto__":{"polluted":"yes"}}}');
    const audited = auditedArguments(given);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(audited.arguments.metadata as object)).toEqual(["__proto__"]);
  });
});
