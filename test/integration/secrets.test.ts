/** The 7 Secrets tools end to end: MCP client -> server -> guard -> client -> mock vault. */
import { afterEach, describe, expect, it } from "vitest";
import { MASK } from "../../src/guard/mask.js";
import { connect, expectRefused, type Harness, requestsSeen, textOf } from "../helpers/harness.js";

let h: Harness;
afterEach(async () => h?.close());

describe("secrets tools (no guardrails)", () => {
  it("lists, reads, writes, versions, rotates, checks expiry and deletes", async () => {
    h = await connect();
    const listed = await h.ok("scaivault_list_secrets", { prefix: "integrations/" });
    expect(listed.data.map((s: { path: string; version: number }) => `${s.path} v${s.version}`)).toEqual([
      "integrations/salesforce/oauth v3",
      "integrations/stripe/api-key v1",
    ]);
    const read = await h.ok("scaivault_read_secret", { path: "integrations/stripe/api-key" });
    expect(String(read.data.key)).toMatch(/^sk_test_mock_/);

    const written = await h.ok("scaivault_write_secret", {
      path: "apps/reports/db",
      data: { password: "first" },
      expires_in: "30d",
      metadata: { owner: "team:data" },
    });
    expect(written).toMatchObject({ path: "apps/reports/db", version: 1, metadata: { owner: "team:data" } });
    await h.ok("scaivault_write_secret", { path: "apps/reports/db", data: { password: "second" } });
    const versions = await h.ok("scaivault_get_secret_versions", { path: "apps/reports/db", include_data: true });
    expect(
      versions.versions.map((v: { version: number; data: { password: string } }) => [v.version, v.data.password]),
    ).toEqual([
      [2, "second"],
      [1, "first"],
    ]);
    const rotated = await h.ok("scaivault_rotate_secret", { path: "apps/reports/db" });
    expect(rotated).toMatchObject({ old_version: 2, new_version: 3, auto_generated: true });
    expect(rotated.data.password).not.toBe("second");

    const expiring = await h.ok("scaivault_check_expiration", { prefix: "apps", within: "31d" });
    expect(expiring.data.map((s: { path: string }) => s.path)).toContain("apps/reports/db");

    const deleted = await h.ok("scaivault_delete_secret", { path: "apps/reports/db" });
    expect(deleted).toMatchObject({ deleted: true, permanent: false });
    const gone = await h.call("scaivault_read_secret", { path: "apps/reports/db" });
    expect(gone.isError).toBe(true);
    expect(textOf(gone)).toMatch(/^secret_not_found: .*\(HTTP 404, request req_/);
    expect(gone.structuredContent).toBeUndefined();
  });

  it("returns text that mirrors structuredContent for hosts that ignore it", async () => {
    h = await connect();
    const result = await h.call("scaivault_read_secret", { path: "integrations/stripe/api-key" });
    expect(JSON.parse(textOf(result))).toEqual(result.structuredContent);
  });

  it("reports bad arguments as an error result, not a crash", async () => {
    h = await connect();
    const result = await h.call("scaivault_write_secret", { path: "apps/x" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/data/);
  });

  it("sends the canonical path the guard approved", async () => {
    h = await connect();
    const read = await h.ok("scaivault_read_secret", { path: "//integrations//stripe/api-key/" });
    expect(read.path).toBe("integrations/stripe/api-key");
    expect(h.mock.state.audit.events.at(-1)?.path).toBe("integrations/stripe/api-key");
  });
});

describe("READ_ONLY", () => {
  it("refuses write, rotate and delete without calling the vault; reads still work", async () => {
    h = await connect({ readOnly: true });
    const before = requestsSeen(h.mock);
    for (const [name, args] of [
      ["scaivault_write_secret", { path: "apps/x", data: { a: "b" } }],
      ["scaivault_rotate_secret", { path: "apps/web/session-key" }],
      ["scaivault_delete_secret", { path: "apps/web/session-key" }],
    ] as const)
      expectRefused(await h.call(name, args), "read_only");
    expect(requestsSeen(h.mock)).toBe(before);
    expect((await h.ok("scaivault_read_secret", { path: "apps/web/session-key" })).version).toBe(1);
  });
});

describe("MASK_VALUES", () => {
  it("masks values but keeps keys, versions and metadata", async () => {
    h = await connect({ maskValues: true });
    const read = await h.ok("scaivault_read_secret", { path: "integrations/salesforce/oauth" });
    expect(read.data).toEqual({ client_id: MASK, client_secret: MASK });
    expect(read).toMatchObject({ version: 3, path: "integrations/salesforce/oauth" });
    expect(read.metadata.description).toBeTruthy();
    const rotated = await h.ok("scaivault_rotate_secret", { path: "apps/web/session-key" });
    expect(rotated.data).toEqual({ key: MASK });
    const versions = await h.ok("scaivault_get_secret_versions", {
      path: "integrations/salesforce/oauth",
      include_data: true,
    });
    for (const v of versions.versions) expect(Object.values(v.data)).toEqual([MASK, MASK]);
  });

  it("leaves no raw value in the text content either", async () => {
    h = await connect({ maskValues: true });
    const raw = (await h.mock
      .fetch(
        new Request(`${h.mock.baseUrl}/v1/secrets/integrations/stripe/api-key`, {
          headers: { Authorization: `Bearer ${h.mock.tokens.admin}` },
        }),
      )
      .then((r) => r.json())) as { data: { key: string } };
    const result = await h.call("scaivault_read_secret", { path: "integrations/stripe/api-key" });
    expect(JSON.stringify(result)).not.toContain(raw.data.key);
  });
});

describe("ALLOWED_PATHS / DENIED_PATHS", () => {
  it("refuses paths outside the window and filters listings", async () => {
    h = await connect({ allowedPaths: ["integrations"], deniedPaths: ["integrations/stripe"] });
    const before = requestsSeen(h.mock);
    expectRefused(await h.call("scaivault_read_secret", { path: "infra/db/primary/credentials" }), "path_not_allowed");
    expectRefused(await h.call("scaivault_read_secret", { path: "integrations-old/x" }), "path_not_allowed");
    expectRefused(await h.call("scaivault_read_secret", { path: "integrations/stripe/api-key" }), "path_denied");
    expectRefused(
      await h.call("scaivault_write_secret", { path: "integrations/../infra/x", data: {} }),
      "invalid_path",
    );
    expectRefused(await h.call("scaivault_list_secrets", { prefix: "infra" }), "path_not_allowed");
    expect(requestsSeen(h.mock)).toBe(before);

    const all = await h.ok("scaivault_list_secrets", {});
    expect(all.data.map((s: { path: string }) => s.path)).toEqual(["integrations/salesforce/oauth"]);
    const expiring = await h.ok("scaivault_check_expiration", { within: "3650d" });
    expect(expiring.data.every((s: { path: string }) => s.path.startsWith("integrations/salesforce"))).toBe(true);
  });
});

describe("tenant lock", () => {
  it("refuses a tool argument naming another tenant and sends the locked tenant", async () => {
    h = await connect({ tenantId: "tnt_acme_prod" });
    const before = requestsSeen(h.mock);
    expectRefused(
      await h.call("scaivault_read_secret", { path: "integrations/salesforce/oauth", tenant_id: "tnt_globex" }),
      "tenant_locked",
    );
    expect(requestsSeen(h.mock)).toBe(before);
    const read = await h.ok("scaivault_read_secret", {
      path: "integrations/salesforce/oauth",
      tenant_id: "tnt_acme_prod",
    });
    expect(read.version).toBe(3);
    expect(h.mock.state.audit.events.at(-1)?.tenant_id).toBe("tnt_acme_prod");
  });

  it("lets the vault decide cross-tenant access when no lock is set (scopes on top)", async () => {
    h = await connect();
    const result = await h.call("scaivault_read_secret", {
      path: "integrations/salesforce/oauth",
      tenant_id: "tnt_globex",
    });
    expect(textOf(result)).toMatch(/^tenant_access_denied:/);
  });
});
