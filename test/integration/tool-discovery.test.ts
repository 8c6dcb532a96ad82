/**
 * SCAIVAULT_TOOL_DISCOVERY=search: tools/list names the three discovery tools and nothing else,
 * small; search leaves out what the guardrails refuse whatever the arguments and names it apart;
 * describe answers exactly the default listing's entry; an unknown name is refused with close
 * matches. That calls through scaivault_call_tool equal direct calls is tool-discovery-parity.test.ts.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfigInput } from "../../src/config.js";
import { catalog } from "../../src/tools/index.js";
import { connect, expectRefused, type Harness, requestsSeen, textOf } from "../helpers/harness.js";
import { hintsAsRead } from "../helpers/hints.js";

const DISCOVERY = ["scaivault_search_tools", "scaivault_describe_tool", "scaivault_call_tool"];

function served(profile: Partial<ConfigInput>) {
  const state: { h?: Harness } = {};
  beforeAll(async () => {
    state.h = await connect(profile);
  });
  afterAll(async () => state.h?.close());
  return () => state.h as Harness;
}

interface Found {
  tools: { name: string; summary: string; annotations: Record<string, boolean> }[];
  matched: number;
  refused?: { name: string; code: string; reason: string }[];
}

const search = async (h: Harness, args: Record<string, unknown>) =>
  (await h.ok("scaivault_search_tools", args)) as Found;

describe("tools/list in search mode", () => {
  for (const profile of [{}, { readOnly: true }, { outputSchemas: true }, { toolsets: ["secrets" as const] }]) {
    it(`lists the three discovery tools and nothing else, in under 3 kB (${JSON.stringify(profile)})`, async () => {
      const h = await connect({ ...profile, toolDiscovery: "search" });
      try {
        const listed = await h.client.listTools();
        expect(listed.tools.map((t) => t.name)).toEqual(DISCOVERY);
        expect(Buffer.byteLength(JSON.stringify(listed))).toBeLessThan(3000);
      } finally {
        await h.close();
      }
    });
  }

  it("the server instructions say how tools are reached", async () => {
    const h = await connect({ toolDiscovery: "search" });
    const plain = await connect();
    try {
      expect(h.client.getInstructions()).toContain("scaivault_search_tools finds the tool for a task");
      expect(plain.client.getInstructions()).not.toContain("scaivault_search_tools");
    } finally {
      await h.close();
      await plain.close();
    }
  });

  it("the default mode still lists the whole catalog and no discovery tool", async () => {
    const h = await connect();
    try {
      const names = (await h.client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(catalog.map((t) => t.name));
      expect(names.filter((n) => DISCOVERY.includes(n))).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it("annotates the lookups as read-only and closed-world, and the call tool as what it may call", async () => {
    const hints = async (profile: Partial<ConfigInput>) => {
      const h = await connect({ ...profile, toolDiscovery: "search" });
      try {
        return Object.fromEntries((await h.client.listTools()).tools.map((t) => [t.name, t.annotations]));
      } finally {
        await h.close();
      }
    };
    const open = await hints({});
    expect(open.scaivault_search_tools).toEqual({ readOnlyHint: true, openWorldHint: false });
    expect(open.scaivault_describe_tool).toEqual({ readOnlyHint: true, openWorldHint: false });
    // It can delete: no hint may say otherwise (destructiveHint true is also the spec's default).
    expect(open.scaivault_call_tool?.readOnlyHint).not.toBe(true);
    expect(open.scaivault_call_tool?.destructiveHint).not.toBe(false);
    // Under read-only the guard lets only read tools run, so the call tool cannot change the vault.
    expect((await hints({ readOnly: true })).scaivault_call_tool).toEqual({ readOnlyHint: true });
    expect((await hints({ toolsets: ["audit"] })).scaivault_call_tool).toEqual({ readOnlyHint: true });
  });
});

describe("scaivault_describe_tool", () => {
  for (const outputSchemas of [false, true]) {
    it(`answers each tool's entry of the default tools/list exactly (output schemas ${outputSchemas})`, async () => {
      const direct = await connect({ outputSchemas });
      const h = await connect({ outputSchemas, toolDiscovery: "search" });
      try {
        const listed = (await direct.client.listTools()).tools;
        expect(listed).toHaveLength(catalog.length);
        for (const entry of listed) {
          const described = (await h.ok("scaivault_describe_tool", { name: entry.name })) as { tool: Tool };
          expect(described.tool, entry.name).toEqual(entry);
          expect(described).not.toHaveProperty("refused");
        }
      } finally {
        await direct.close();
        await h.close();
      }
    });
  }

  describe("under read-only", () => {
    const h = served({ readOnly: true, toolDiscovery: "search" });
    it("still describes a write tool, with the refusal a call would get", async () => {
      const described = await h().ok("scaivault_describe_tool", { name: "scaivault_delete_secret" });
      expect(described.tool.name).toBe("scaivault_delete_secret");
      expect(described.refused).toMatchObject({ code: "read_only" });
      expectRefused(await h().call("scaivault_delete_secret", { path: "integrations/stripe/api-key" }), "read_only");
    });
  });
});

describe("scaivault_search_tools", () => {
  describe("with no guardrail", () => {
    const h = served({ toolDiscovery: "search" });

    it("finds tools by words of their names, titles and descriptions, best first", async () => {
      expect((await search(h(), { query: "rotate secret" })).tools[0]?.name).toBe("scaivault_rotate_secret");
      expect((await search(h(), { query: "expiring certificates" })).tools[0]?.name).toBe(
        "scaivault_check_expiring_certs",
      );
      expect((await search(h(), { query: "who was denied" })).tools.map((t) => t.name)).toContain(
        "scaivault_find_unauthorized_access",
      );
      expect((await search(h(), { query: "pki" })).tools.map((t) => t.name)).toContain("scaivault_create_root_ca");
      expect((await search(h(), { query: "zzzz qqqq" })).tools).toEqual([]);
    });

    it("answers names, one-line summaries and explicit hints", async () => {
      const found = await search(h(), { query: "delete secret" });
      const entry = found.tools.find((t) => t.name === "scaivault_delete_secret");
      expect(entry?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
      const read = (await search(h(), { query: "read secret" })).tools.find((t) => t.name === "scaivault_read_secret");
      expect(read?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
      for (const t of found.tools) {
        expect(t.summary).not.toMatch(/\n/);
        const def = catalog.find((d) => d.name === t.name);
        expect(def?.description.startsWith(t.summary), t.name).toBe(true);
      }
      expect(found).not.toHaveProperty("refused");
    });

    it("says of every tool what the full listing's hints say, read with the spec's defaults", async () => {
      const direct = await connect();
      try {
        const listed = new Map(
          (await direct.client.listTools()).tools.map((t) => [t.name, hintsAsRead(t.annotations)]),
        );
        for (const t of (await search(h(), { limit: 100 })).tools) {
          const read = listed.get(t.name);
          expect(t.annotations.readOnlyHint, t.name).toBe(read?.readOnlyHint);
          if (!read?.readOnlyHint) expect(t.annotations.destructiveHint, t.name).toBe(read?.destructiveHint);
          if (t.annotations.idempotentHint !== undefined)
            expect(t.annotations.idempotentHint).toBe(read?.idempotentHint);
        }
      } finally {
        await direct.close();
      }
    });

    it("lists every tool without a query, up to the limit, and says how many matched", async () => {
      const all = await search(h(), { limit: 100 });
      expect(all.tools.map((t) => t.name)).toEqual(catalog.map((t) => t.name));
      const first = await search(h(), {});
      expect(first.tools).toHaveLength(10);
      expect(first.matched).toBe(catalog.length);
    });

    it("refuses arguments it does not take, like any tool", async () => {
      expectRefused(await h().call("scaivault_search_tools", { q: "secret" }), "invalid_arguments");
      expectRefused(await h().call("scaivault_search_tools", { limit: 0 }), "invalid_arguments");
    });
  });

  describe("under read-only", () => {
    const h = served({ readOnly: true, toolDiscovery: "search" });
    it("finds only read tools, and names the matching write tools apart with their refusal", async () => {
      const all = await search(h(), { limit: 100 });
      const writers = catalog.filter((t) => t.access !== "read").map((t) => t.name);
      expect(all.tools.map((t) => t.name)).toEqual(catalog.filter((t) => t.access === "read").map((t) => t.name));
      expect(all.refused?.map((r) => r.name)).toEqual(writers);
      expect(new Set(all.refused?.map((r) => r.code))).toEqual(new Set(["read_only"]));
      const deletes = await search(h(), { query: "delete" });
      expect(deletes.tools.every((t) => t.annotations.readOnlyHint)).toBe(true);
      expect(deletes.refused?.map((r) => r.name)).toContain("scaivault_delete_secret");
    });
  });

  const windows: [Partial<ConfigInput>, string][] = [
    [{ allowedPaths: ["integrations"] }, "path_not_allowed"],
    [{ deniedPaths: ["infra"] }, "path_denied"],
  ];
  for (const [window, code] of windows) {
    describe(`under a path window (${JSON.stringify(window)})`, () => {
      const h = served({ ...window, toolDiscovery: "search" });
      it("names the tools a window refuses whatever their arguments apart, and finds the rest", async () => {
        const unseen = catalog.filter((t) => t.touchesUnseenPaths).map((t) => t.name);
        expect(unseen.length).toBeGreaterThan(0);
        const all = await search(h(), { limit: 100 });
        expect(all.refused?.map((r) => [r.name, r.code])).toEqual(unseen.map((n) => [n, code]));
        expect(all.tools.map((t) => t.name)).toEqual(catalog.map((t) => t.name).filter((n) => !unseen.includes(n)));
        // What search says is what a call gets.
        const sync = await h().call("scaivault_call_tool", {
          name: "scaivault_sync_federation_backend",
          arguments: { backend: "hashicorp-main" },
        });
        expectRefused(sync, code);
      });
    });
  }

  describe("with SCAIVAULT_TOOLSETS", () => {
    const h = served({ toolsets: ["audit"], toolDiscovery: "search" });
    it("searches only the tools this server serves", async () => {
      const all = await search(h(), { limit: 100 });
      expect(all.tools.map((t) => t.name)).toEqual(catalog.filter((t) => t.group === "audit").map((t) => t.name));
      const audit = new Set<string>(catalog.filter((t) => t.group === "audit").map((t) => t.name));
      const secretWords = await search(h(), { query: "secret" });
      expect(secretWords.tools.length).toBeGreaterThan(0);
      expect(secretWords.tools.filter((t) => !audit.has(t.name))).toEqual([]);
    });
    it("says a left-out tool is not served, by describe and by call, before the vault", async () => {
      const before = requestsSeen(h().mock);
      for (const [tool, args] of [
        ["scaivault_describe_tool", { name: "scaivault_read_secret" }],
        ["scaivault_call_tool", { name: "scaivault_read_secret", arguments: { path: "integrations/stripe/api-key" } }],
      ] as const) {
        const result = await h().call(tool, args);
        expectRefused(result, "tool_not_served");
        expect(textOf(result)).toContain("SCAIVAULT_TOOLSETS leaves its group (secrets) out");
      }
      expect(requestsSeen(h().mock)).toBe(before);
    });
  });
});

describe("an unknown tool name", () => {
  const h = served({ toolDiscovery: "search" });
  it.each([
    ["scaivault_read_secrt", "scaivault_read_secret"],
    ["read_secret", "scaivault_read_secret"],
    ["scaivault_get_secret", "scaivault_read_secret"],
    ["scaivault_list_certs", "scaivault_list_certificates"],
  ])("%s is refused with close matches (%s), before the vault", async (name, close) => {
    const before = requestsSeen(h().mock);
    for (const [tool, args] of [
      ["scaivault_describe_tool", { name }],
      ["scaivault_call_tool", { name, arguments: {} }],
    ] as const) {
      const result = await h().call(tool, args);
      expectRefused(result, "invalid_arguments");
      expect(textOf(result)).toContain(`no tool named '${name}'`);
      expect(textOf(result)).toMatch(new RegExp(`close matches: [^;]*\\b${close}\\b`));
    }
    expect(requestsSeen(h().mock)).toBe(before);
  });

  it("a discovery tool is not a tool the call tool calls", async () => {
    const result = await h().call("scaivault_call_tool", { name: "scaivault_call_tool", arguments: {} });
    expectRefused(result, "invalid_arguments");
  });

  it("tool arguments given beside name instead of under arguments are refused, naming what it takes", async () => {
    const result = await h().call("scaivault_call_tool", { name: "scaivault_read_secret", path: "x" });
    expectRefused(result, "invalid_arguments");
    expect(textOf(result)).toContain("unknown argument 'path': this takes name, arguments");
  });
});

describe("a catalog tool called by name directly in search mode", () => {
  const h = served({ toolDiscovery: "search", readOnly: true });
  it("is answered and guarded as in the default mode", async () => {
    const secret = await h().ok("scaivault_read_secret", { path: "integrations/stripe/api-key" });
    expect(secret.path).toBe("integrations/stripe/api-key");
    expectRefused(await h().call("scaivault_write_secret", { path: "x/y", data: { a: "b" } }), "read_only");
  });
});
