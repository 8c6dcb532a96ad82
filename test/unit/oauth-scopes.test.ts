/** The OAuth scopes a request needs (src/auth/scopes.ts): read for everything but the handshake, write for writing tools. */
import { describe, expect, it } from "vitest";
import { scopesNeeded, unheldOAuthScopes } from "../../src/auth/scopes.js";
import { catalog } from "../../src/tools/index.js";

const call = (name: string, args: Record<string, unknown> = {}, id = 1) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name, arguments: args },
});

describe("scopesNeeded", () => {
  it("asks nothing of the handshake, pings, notifications and responses", () => {
    expect(scopesNeeded({ jsonrpc: "2.0", id: 1, method: "initialize", params: {} })).toEqual([]);
    expect(scopesNeeded({ jsonrpc: "2.0", id: 2, method: "ping" })).toEqual([]);
    expect(scopesNeeded({ jsonrpc: "2.0", method: "notifications/initialized" })).toEqual([]);
    expect(scopesNeeded({ jsonrpc: "2.0", id: 3, result: {} })).toEqual([]);
  });

  it("asks scaivault:read of listings, reads, prompts and completions", () => {
    for (const method of ["tools/list", "resources/read", "prompts/get", "completion/complete", "resources/list"])
      expect(scopesNeeded({ jsonrpc: "2.0", id: 1, method })).toEqual(["scaivault:read"]);
  });

  it("asks scaivault:write as well of every tool that writes or deletes, and of nothing else", () => {
    for (const tool of catalog)
      expect(scopesNeeded(call(tool.name)), tool.name).toEqual(
        tool.access === "read" ? ["scaivault:read"] : ["scaivault:read", "scaivault:write"],
      );
  });

  it("in search mode, judges the tool scaivault_call_tool names", () => {
    expect(scopesNeeded(call("scaivault_call_tool", { name: "scaivault_delete_secret" }))).toEqual([
      "scaivault:read",
      "scaivault:write",
    ]);
    expect(scopesNeeded(call("scaivault_call_tool", { name: "scaivault_read_secret" }))).toEqual(["scaivault:read"]);
    expect(scopesNeeded(call("scaivault_search_tools", { query: "delete" }))).toEqual(["scaivault:read"]);
  });

  it("takes a batch as the union of its messages", () => {
    expect(scopesNeeded([call("scaivault_read_secret"), call("scaivault_write_secret", {}, 2)])).toEqual([
      "scaivault:read",
      "scaivault:write",
    ]);
  });

  it("names what the token lacks", () => {
    expect(unheldOAuthScopes(["scaivault:read", "scaivault:write"], ["scaivault:read"])).toEqual(["scaivault:write"]);
    expect(unheldOAuthScopes(["scaivault:read"], ["scaivault:read", "openid"])).toEqual([]);
  });
});
