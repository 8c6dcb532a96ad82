/**
 * The audit line of each surface and each way a request ends: written before the answer is read,
 * naming the client and the user, the vault's request ids, and never a secret.
 */
import { describe, expect, it } from "vitest";
import { MOCK_ADMIN_TOKEN } from "../../src/config.js";
import { SECRET_URI_TEMPLATE } from "../../src/resources.js";
import { audited } from "../helpers/audited.js";

describe("audit lines", () => {
  it("are on disk when the client reads the answer, one per call, in order", async () => {
    const h = await audited();
    try {
      for (let n = 1; n <= 5; n++) {
        await h.call("scaivault_read_secret", { path: "apps/web/session-key" });
        // The answer was read: its line must be there already, and only one line per call.
        expect(h.lines()).toHaveLength(n);
      }
      await h.client.listTools();
      await h.client.ping();
      expect(h.lines()).toHaveLength(5);
    } finally {
      await h.close();
    }
  });

  it("name the client (from initialize) and the user: the OAuth subject, else token", async () => {
    const asToken = await audited();
    const asUser = await audited({}, { caller: { subject: "user-7f3a", scopes: ["secrets:read"] } });
    try {
      await asToken.call("scaivault_list_secrets", { prefix: "apps" });
      await asUser.call("scaivault_list_secrets", { prefix: "apps" });
      expect(asToken.lines()[0]).toMatchObject({
        client: { name: "audit-test-agent", version: "2.3.4" },
        user: "token",
      });
      expect(asUser.lines()[0]).toMatchObject({
        client: { name: "audit-test-agent", version: "2.3.4" },
        user: "user-7f3a",
      });
    } finally {
      await asToken.close();
      await asUser.close();
    }
  });

  it("carry the X-Request-ID of every vault answer the call was given, in order", async () => {
    const h = await audited();
    try {
      // A paged listing under a path window is refilled: several vault requests for one call.
      await h.call("scaivault_list_secrets", { prefix: "" });
      await h.call("scaivault_read_secret", { path: "apps/does-not-exist" });
      const [listing, missing] = h.lines();
      expect(listing.vault_request_ids.length).toBeGreaterThan(0);
      expect([...listing.vault_request_ids, ...missing.vault_request_ids]).toEqual(h.vaultIds);
      expect(missing).toMatchObject({ outcome: "error", code: "secret_not_found", decision: "allowed" });
    } finally {
      await h.close();
    }
  });

  it("record completions with the argument being completed", async () => {
    const h = await audited();
    try {
      await h.client.complete({
        ref: { type: "ref/resource", uri: SECRET_URI_TEMPLATE },
        argument: { name: "path", value: "integrations/" },
      });
      expect(h.lines()).toEqual([
        expect.objectContaining({
          method: "completion/complete",
          name: SECRET_URI_TEMPLATE,
          arguments: { path: "integrations/" },
          decision: "allowed",
          outcome: "ok",
        }),
      ]);
    } finally {
      await h.close();
    }
  });

  it("record a call refused before the SDK (arguments out of bounds) and one refused by the tool's schema", async () => {
    const h = await audited();
    try {
      let deep: Record<string, unknown> = { leaf: 1 };
      for (let i = 0; i < 80; i++) deep = { d: deep };
      const bounded = await h.call("scaivault_read_secret", { path: "apps/web/session-key", metadata: deep });
      const unknown = await h.call("scaivault_read_secret", { path: "apps/web/session-key", colour: "blue" });
      expect([bounded.isError, unknown.isError]).toEqual([true, true]);
      expect(h.lines()).toEqual([
        expect.objectContaining({
          decision: "refused",
          outcome: "refused",
          code: "invalid_arguments",
          vault_request_ids: [],
        }),
        expect.objectContaining({
          arguments: { path: "apps/web/session-key" },
          withheld: ["colour"],
          outcome: "refused",
          code: "invalid_arguments",
        }),
      ]);
    } finally {
      await h.close();
    }
  });

  it("through tool discovery, record call_tool with the named tool's arguments filtered", async () => {
    const h = await audited({ toolDiscovery: "search" });
    try {
      const value = "discovery-secret-value-41";
      await h.call("scaivault_call_tool", {
        name: "scaivault_write_secret",
        arguments: { path: "apps/audit/one", data: { token: value } },
      });
      expect(h.lines()[0]).toMatchObject({
        name: "scaivault_call_tool",
        arguments: { name: "scaivault_write_secret", arguments: { path: "apps/audit/one" } },
        withheld: ["arguments.data"],
        outcome: "ok",
      });
      expect(h.text()).not.toContain(value);
    } finally {
      await h.close();
    }
  });

  it("never hold a secret: not the values written or read, not the server's token in any argument", async () => {
    const h = await audited();
    try {
      const value = "written-value-9c1e77";
      await h.call("scaivault_write_secret", { path: "apps/audit/two", data: { password: value } });
      const read = await h.call("scaivault_read_secret", { path: "apps/audit/two" });
      expect(JSON.stringify(read)).toContain(value);
      await h.call("scaivault_list_secrets", { prefix: `apps/${MOCK_ADMIN_TOKEN}` });
      await h.call("scaivault_create_secret_policy", {
        name: "p",
        policy_type: "password",
        fields: {},
        description: `Bearer ${"x".repeat(24)}`,
      });
      const text = h.text();
      expect(h.lines()).toHaveLength(4);
      expect(text).not.toContain(value);
      expect(text).not.toContain(MOCK_ADMIN_TOKEN);
      expect(text).not.toContain("x".repeat(24));
      expect(text).toContain("[redacted]");
    } finally {
      await h.close();
    }
  });

  it("append to an existing file, never rewriting it", async () => {
    const first = await audited();
    await first.call("scaivault_read_secret", { path: "apps/web/session-key" });
    await first.close();
    const before = first.text();
    const second = await audited({}, { file: first.file });
    try {
      await second.call("scaivault_list_secrets", { prefix: "apps" });
      expect(second.text().startsWith(before)).toBe(true);
      expect(second.lines().map((l) => l.name)).toEqual(["scaivault_read_secret", "scaivault_list_secrets"]);
    } finally {
      await second.close();
    }
  });

  it("record the refusals of the remote-sharing settings as refused, with their codes", async () => {
    // Over the rate limit, a tool outside the token's scopes, a tool outside SCAIVAULT_TOOLSETS.
    const limited = await audited({ rateLimit: "1/min,burst=1" });
    const scoped = await audited({}, { caller: { subject: "user-1", scopes: ["secrets:list"] } });
    const narrowed = await audited({ toolsets: ["secrets"] });
    try {
      await limited.call("scaivault_list_secrets", { prefix: "apps" });
      await limited.call("scaivault_list_secrets", { prefix: "apps" });
      await scoped.call("scaivault_read_secret", { path: "apps/web/session-key" });
      await narrowed.call("scaivault_list_cas", {});
      expect(limited.lines().map((l) => [l.outcome, l.code])).toEqual([
        ["ok", undefined],
        ["refused", "rate_limited"],
      ]);
      expect(scoped.lines()).toMatchObject([{ outcome: "refused", code: "insufficient_scope", user: "user-1" }]);
      expect(narrowed.lines()).toMatchObject([{ outcome: "refused", code: "tool_not_served" }]);
      for (const h of [limited, scoped, narrowed]) expect(h.lines().at(-1)?.vault_request_ids).toEqual([]);
    } finally {
      await Promise.all([limited.close(), scoped.close(), narrowed.close()]);
    }
  });
});
