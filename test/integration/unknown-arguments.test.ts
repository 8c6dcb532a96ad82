/**
 * An argument a tool does not take is refused before anything reaches the vault, naming it and
 * the ones the tool takes (a misspelled `permanant: true` must not let a soft delete through as
 * if it were the intended call). Keys MCP clients add on their own are dropped instead.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { catalog } from "../../src/tools/index.js";
import { connect, expectRefused, type Harness, requestsSeen, textOf } from "../helpers/harness.js";
import { sampleArgs } from "../helpers/sample-args.js";

let h: Harness;
afterEach(async () => h?.close());

describe("unknown arguments", () => {
  it("a misspelled permanant on delete_secret is refused, named with the known ones, and nothing is deleted", async () => {
    h = await connect();
    const before = requestsSeen(h.mock);
    const result = await h.call("scaivault_delete_secret", { path: "integrations/stripe/api-key", permanant: true });
    expectRefused(result, "invalid_arguments");
    expect(textOf(result)).toBe(
      "invalid_arguments: unknown argument 'permanant': this takes path, permanent, tenant_id",
    );
    expect(requestsSeen(h.mock)).toBe(before);
    expect((await h.ok("scaivault_read_secret", { path: "integrations/stripe/api-key" })).path).toBe(
      "integrations/stripe/api-key",
    );
  });

  it("is refused inside objects too: a misspelled effect would have turned a deny rule into an allow", async () => {
    h = await connect();
    const before = requestsSeen(h.mock);
    const result = await h.call("scaivault_create_policy", {
      name: "deny-stripe",
      rules: [{ path_pattern: "integrations/stripe/**", permissions: ["read"], efect: "deny" }],
    });
    expectRefused(result, "invalid_arguments");
    expect(textOf(result)).toBe(
      "invalid_arguments: unknown argument 'efect': this takes path_pattern, permissions, conditions, effect at rules[0]",
    );
    expect(requestsSeen(h.mock)).toBe(before);
  });

  it("drops the keys MCP clients add on their own, and sends none of them to the vault", async () => {
    h = await connect();
    const client = { toolCallId: "call_0BCIShth4lxZ", tool_call_description: "store it", _meta: { x: 1 }, _trace: "t" };
    const written = await h.ok("scaivault_write_secret", { path: "apps/web/probe", data: { v: "1" }, ...client });
    expect(written.path).toBe("apps/web/probe");
    const body = h.sent.find((r) => r.method === "PUT")?.body ?? "";
    for (const key of Object.keys(client)) expect(body).not.toContain(key);
    // Cursor sends random_string to tools that take no arguments.
    expect((await h.ok("scaivault_get_policy_types", { random_string: "x" })).types.length).toBeGreaterThan(0);
  });
});

describe("every tool", () => {
  let shared: Harness;
  beforeAll(async () => {
    shared = await connect({ readOnly: true });
  });
  afterAll(async () => shared.close());

  it.each(catalog.map((t) => [t.name, t] as const))("%s refuses an argument it does not take", async (name, def) => {
    const before = requestsSeen(shared.mock);
    const result = await shared.call(name, { ...sampleArgs(def), frobnicate: 1 });
    expectRefused(result, "invalid_arguments");
    const known = Object.keys(def.input);
    expect(textOf(result)).toBe(
      `invalid_arguments: unknown argument 'frobnicate': this takes ${known.join(", ") || "none"}`,
    );
    expect(requestsSeen(shared.mock)).toBe(before);
  });
});
