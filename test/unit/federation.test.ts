/** FederationStore on a bare MockVault: path-mapping matching (both directions), specificity, sync bookkeeping. */
import { describe, expect, it } from "vitest";
import { compileMapping } from "../../mock-vault/domains/federation/store.js";
import { MockVault } from "../../mock-vault/index.js";

function setup() {
  const vault = new MockVault({ seed: 3 });
  const tenant = vault.tenant("tnt_unit");
  const federation = tenant.federation;
  federation.create(
    {
      name: "broad",
      type: "hashicorp-vault",
      mode: "proxy",
      config: { endpoint: "https://v.internal", auth_method: "token", token: "t" },
      path_mapping: { "ext/**": "kv/**" },
    },
    null,
    { "kv/a/b": { v: "broad" }, "kv/team/x": { v: "broad-team" } },
  );
  federation.create(
    {
      name: "narrow",
      type: "aws-secrets-manager",
      mode: "sync",
      sync_interval: "15m",
      config: { region: "us-east-1" },
      path_mapping: { "ext/team/*": "teams/*/current", "ext/flat/**": "flat/**" },
    },
    null,
    {
      "teams/x/current": { v: "narrow" },
      "teams/y/old": { v: "unmapped" },
      "flat/UPPER": { v: "invalid local" },
      "flat/ok/deep": { v: 1 },
    },
  );
  return { vault, tenant, federation };
}

describe("path mappings", () => {
  it("'**' captures the rest (1+ segments), '*' exactly one segment", () => {
    const deep = compileMapping("external/hv/**");
    expect(deep.regex.exec("external/hv/a/b/c")?.[1]).toBe("a/b/c");
    expect(deep.regex.test("external/hv")).toBe(false);
    expect(deep.regex.test("external/hv-other/a")).toBe(false);
    const one = compileMapping("external/*/key");
    expect(one.regex.exec("external/app/key")?.[1]).toBe("app");
    expect(one.regex.test("external/a/b/key")).toBe(false);
    expect(() => compileMapping("external/**/key")).toThrow(/last segment/);
    expect(() => compileMapping("external/app-*")).toThrow(/Partial wildcards/);
  });

  it("the most specific mapping wins, whatever the backend order", () => {
    const { federation } = setup();
    expect(federation.resolve("ext/team/x")).toMatchObject({
      backend: { name: "narrow" },
      external_path: "teams/x/current",
    });
    expect(federation.resolve("ext/team/x/y")).toMatchObject({
      backend: { name: "broad" },
      external_path: "kv/team/x/y",
    });
    expect(federation.resolve("ext/a/b")).toMatchObject({ backend: { name: "broad" }, external_path: "kv/a/b" });
    expect(federation.resolve("other/a")).toBeUndefined();
    expect(federation.resolve("ext/team/x", { mode: "proxy" })).toMatchObject({
      backend: { name: "broad" },
      external_path: "kv/team/x",
    });
    // writes: refused where a proxy mapping is the most specific, allowed where a sync mapping is
    expect(() => federation.assertWritable("ext/a/b")).toThrow(
      expect.objectContaining({ code: "proxied_path_read_only", status: 409 }),
    );
    expect(() => federation.assertWritable("ext/team/x")).not.toThrow();
    expect(() => federation.assertWritable("apps/x")).not.toThrow();
    expect(federation.proxiedSecret("ext/team/x")).toBeUndefined();
    expect(federation.proxiedSecret("ext/a/b")).toMatchObject({
      data: { v: "broad" },
      metadata: { federation: { backend: "broad" } },
    });
  });

  it("sync maps external paths back, skipping unmapped and invalid local paths", () => {
    const { federation, tenant } = setup();
    const result = federation.sync("narrow");
    expect(result).toMatchObject({ created: 2, skipped: 2 });
    expect(tenant.secrets.peek("ext/team/x")?.versions[0]?.data).toEqual({ v: "narrow" });
    expect(tenant.secrets.peek("ext/flat/ok/deep")).toBeDefined();
  });

  it("a secret deleted locally (in retention) is a conflict, not an error", () => {
    const { federation, tenant } = setup();
    federation.sync("narrow");
    tenant.secrets.remove("ext/team/x", false);
    const result = federation.sync("narrow");
    expect(result.conflicts).toMatchObject([{ path: "ext/team/x", reason: "deleted_locally" }]);
    expect(result.unchanged).toBe(1);
  });

  it("state is plain data that survives structuredClone", () => {
    const { federation } = setup();
    federation.sync("narrow");
    const copy = structuredClone(federation.state);
    expect(copy.external.size).toBe(2);
    expect(Object.keys(copy.synced.get([...copy.backends.keys()][1] as string) ?? {})).toHaveLength(2);
  });
});
