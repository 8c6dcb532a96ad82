/**
 * The catalog fitted to the vault token's scopes (SCAIVAULT_TOOLS_FOR_SCOPES): tokens of different
 * scopes minted in the mock vault, a real MCP client; what is listed, what the instructions say,
 * how a hidden tool is refused (directly and through discovery alike, before the vault), and that
 * each tool's declared scopes are the ones the mock vault asks for.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { SCOPES } from "../../mock-vault/core/tokens.js";
import { createMockVault } from "../../mock-vault/index.js";
import { silentLogger } from "../../src/log.js";
import { buildServer } from "../../src/server.js";
import { catalog } from "../../src/tools/index.js";
import { callTool } from "../../src/tools/register.js";
import { expectRefused, textOf } from "../helpers/harness.js";
import { sampleArgs } from "../helpers/sample-args.js";
import { mintToken, type ScopedServer, serveWithScopes } from "../helpers/scoped-server.js";

const READER = ["secrets:read", "secrets:list", "audit:read", "policies:read"];
const open: ScopedServer[] = [];
const serve = async (...args: Parameters<typeof serveWithScopes>) => {
  const s = await serveWithScopes(...args);
  open.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** The catalog tools whose every declared scope is among `held` (written out here, not with the server's rule). */
const usable = (held: string[]) =>
  catalog.filter((def) => def.scopes.every((s) => held.includes(s))).map((d) => d.name);

describe("the listing", () => {
  it("lists all 67 tools for a token with every scope (the mock's admin), with no line about left-out tools", async () => {
    const s = await serve([...SCOPES]);
    expect(await s.listed()).toHaveLength(67);
    expect(s.instructions()).not.toContain("Not listed because");
  });

  it("lists only the tools a reader's scopes can use, and says which groups and tools were left out and why", async () => {
    const s = await serve(READER);
    const listed = await s.listed();
    expect(listed).toEqual(usable(READER));
    expect(listed).toContain("scaivault_read_secret");
    expect(listed).not.toContain("scaivault_write_secret");
    expect(listed).not.toContain("scaivault_list_cas");
    const line = s.instructions();
    expect(line).toMatch(/Not listed because the vault token lacks the scopes .*secrets:write/);
    expect(line).toMatch(/the groups [^;]*\bpki\b/);
    expect(line).toMatch(/the groups [^;]*\bdynamic\b/);
    expect(line).toContain("insufficient_scope");
    // secrets is partly served: its hidden tools are named, not the group.
    expect(line).toMatch(/the tools [^.]*scaivault_write_secret/);
    expect(line).not.toMatch(/the groups [^;]*\bsecrets\b/);
  });

  it.each([
    ["admin", ["admin"], 67],
    ["an area wildcard", ["pki:*"], usable(["pki:read", "pki:issue", "pki:admin"]).length],
    ["*", ["*"], 67],
  ])("treats %s as covering the scopes it stands for", async (_what, held, count) => {
    const s = await serve(held);
    const listed = await s.listed();
    expect(listed).toHaveLength(count);
    if (held[0] === "pki:*") {
      expect(listed).toContain("scaivault_create_root_ca");
      expect(listed).toContain("scaivault_request_certificate");
      expect(listed).not.toContain("scaivault_read_secret");
    }
  });

  it("fits the catalog to an OAuth caller's scopes, not to the configured token's", async () => {
    const s = await serve([...SCOPES], { caller: { subject: "user-7", scopes: ["audit:read"] } });
    expect(await s.listed()).toEqual(usable(["audit:read"]));
    const write = await s.call("scaivault_write_secret", { path: "apps/x", data: { a: "1" } });
    expectRefused(write, "insufficient_scope");
    expect(textOf(write)).toContain("secrets:write");
  });

  it("lists every tool for a caller whose scopes are unknown", async () => {
    const s = await serve(["audit:read"], { caller: { subject: "user-8" } });
    expect(await s.listed()).toHaveLength(67);
  });

  it("lists every tool with SCAIVAULT_TOOLS_FOR_SCOPES=false, and the vault then refuses what the token cannot do", async () => {
    const s = await serve(READER, { profile: { toolsForScopes: false } });
    expect(await s.listed()).toHaveLength(67);
    const before = s.vaultRequests();
    const write = await s.call("scaivault_write_secret", { path: "apps/x", data: { a: "1" } });
    expectRefused(write, "insufficient_scope");
    expect(textOf(write)).toContain("HTTP 403");
    expect(s.vaultRequests()).toBe(before + 1);
  });
});

describe("a call of a hidden tool", () => {
  it("is refused with insufficient_scope before the vault, naming the scope", async () => {
    const s = await serve(READER);
    const before = s.vaultRequests();
    const write = await s.call("scaivault_write_secret", { path: "apps/x", data: { a: "1" } });
    expectRefused(write, "insufficient_scope");
    expect(textOf(write)).toContain("needs the vault scope secrets:write");
    expect(s.vaultRequests()).toBe(before);
    // A listed tool still runs.
    expect((await s.call("scaivault_read_secret", { path: "integrations/stripe/api-key" })).isError).toBeFalsy();
  });

  it("with store_at, is refused before anything is minted when the token cannot write the secret", async () => {
    const s = await serve(["identity:read", "identity:admin"]);
    const before = s.vaultRequests();
    const minted = await s.call("scaivault_create_service_account", { name: "etl", store_at: "apps/etl/credentials" });
    expectRefused(minted, "insufficient_scope");
    expect(textOf(minted)).toContain(
      "scaivault_create_service_account with store_at needs the vault scope secrets:write",
    );
    expect(s.vaultRequests()).toBe(before);
    expect((await s.call("scaivault_create_service_account", { name: "etl" })).isError).toBeFalsy();
  });

  it("gets the same answer through scaivault_call_tool, and discovery neither finds nor describes it", async () => {
    const direct = await serve(READER);
    const search = await serve(READER, { profile: { toolDiscovery: "search" } });
    const args = { path: "apps/x", data: { a: "1" } };
    const byName = await direct.call("scaivault_write_secret", args);
    const before = search.vaultRequests();
    const viaCall = await search.call("scaivault_call_tool", { name: "scaivault_write_secret", arguments: args });
    expect(viaCall).toEqual(byName);
    expect(search.vaultRequests()).toBe(before);
    const described = await search.call("scaivault_describe_tool", { name: "scaivault_write_secret" });
    expectRefused(described, "insufficient_scope");
    const found = (await search.call("scaivault_search_tools", { limit: 100 })).structuredContent as {
      tools: { name: string }[];
      refused?: unknown[];
    };
    expect(found.tools.map((t) => t.name).sort()).toEqual([...(await direct.listed())].sort());
    expect(found.refused).toBeUndefined();
  });

  it("is refused with tool_not_served when SCAIVAULT_TOOLSETS leaves its group out, directly as through discovery", async () => {
    const direct = await serve([...SCOPES], { profile: { toolsets: ["audit"] } });
    const search = await serve([...SCOPES], { profile: { toolsets: ["audit"], toolDiscovery: "search" } });
    const args = { path: "integrations/stripe/api-key" };
    const before = direct.vaultRequests();
    const byName = await direct.call("scaivault_read_secret", args);
    expectRefused(byName, "tool_not_served");
    expect(await search.call("scaivault_call_tool", { name: "scaivault_read_secret", arguments: args })).toEqual(
      byName,
    );
    expect(direct.vaultRequests()).toBe(before);
    expect(await direct.listed()).toEqual(catalog.filter((d) => d.group === "audit").map((d) => d.name));
  });
});

describe("resources and prompts", () => {
  it("refuse a read or a prompt that needs a scope the token lacks, before the vault; listings show nothing", async () => {
    const s = await serve(["audit:read"]);
    const before = s.vaultRequests();
    const read = s.client.readResource({ uri: "scaivault://secrets/tnt_acme_prod/integrations/stripe/api-key" });
    await expect(read).rejects.toThrow(/insufficient_scope: .*secrets:read/);
    await expect(
      s.client.getPrompt({ name: "rotate-credential", arguments: { path: "integrations/stripe/api-key" } }),
    ).rejects.toThrow(/insufficient_scope: .*secrets:rotate/);
    const listed = await s.client.listResources();
    expect(listed.resources.filter((r) => r.uri.startsWith("scaivault://secrets/"))).toEqual([]);
    // Only whoami (any token may ask it: the listing learns the token's tenant) reached the vault.
    expect(s.mock.state.journal.slice(before).map((e) => e.path)).toEqual(["/v1/auth/whoami"]);
    // What the token can do still works.
    const prompt = await s.client.getPrompt({
      name: "audit-investigation",
      arguments: { path: "integrations/stripe/api-key" },
    });
    expect(prompt.messages.length).toBeGreaterThan(0);
  });
});

describe("each tool's declared scopes", () => {
  /** Arguments the mock vault takes past its body checks, where the sampled ones do not (the scope is checked after the body). */
  const VALID: Record<string, Record<string, unknown>> = {
    scaivault_update_service_account: { service_account_id: "sa_x", description: "web" },
    scaivault_create_acme_account: { email: "ops@acme.example" },
    scaivault_create_subscription: { events: ["secret.created"] },
  };

  /** Calls `def` with sample arguments as a token of `held`; the scopes the mock vault said it lacked. */
  async function vaultAsked(def: (typeof catalog)[number], held: readonly string[]): Promise<string[]> {
    const mock = createMockVault();
    const token = mintToken(mock, held);
    const lacking: string[] = [];
    const parts = buildServer({
      config: { mock: true, token, maxRetries: 0, confirm: "off", toolsForScopes: false },
      fetch: async (request) => {
        const response = await mock.fetch(request);
        if (response.status === 403) {
          const body = (await response.clone().json()) as {
            error?: { code?: string; details?: Record<string, unknown> };
          };
          const needed = body.error?.details?.required_scope;
          if (body.error?.code === "insufficient_scope" && typeof needed === "string") lacking.push(needed);
        }
        return response;
      },
    });
    const deps = { client: parts.client, guard: parts.guard, log: silentLogger, canAsk: false };
    const args = { ...sampleArgs(def), ...VALID[def.name] };
    const result: CallToolResult = await callTool(def, args, { signal: new AbortController().signal }, deps);
    expect(result.content.length).toBeGreaterThan(0);
    return lacking;
  }

  it("suffice for the mock vault: a token holding exactly them is never refused a scope", async () => {
    for (const def of catalog) {
      // store_at writes the one-time value: secrets:write, needed only when it is given.
      const held = def.oneTime ? [...def.scopes, "secrets:write"] : def.scopes;
      expect(await vaultAsked(def, held), def.name).toEqual([]);
    }
  });

  it("are needed: without any scope the mock vault refuses the first call for one of them", async () => {
    for (const def of catalog.filter((d) => d.scopes.length)) {
      const lacking = await vaultAsked(def, []);
      expect(lacking.length, def.name).toBeGreaterThan(0);
      expect(def.scopes, def.name).toContain(lacking[0]);
    }
  });
});
