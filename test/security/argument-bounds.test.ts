/**
 * Arguments nested or sized past what any tool needs are answered with `invalid_arguments` and
 * one sentence, before validation: nested 50,000 levels deep they would otherwise throw a
 * RangeError out of schema parsing or cloning, and the agent would read "Maximum call stack size
 * exceeded" with no code. Nothing reaches the vault, and the session keeps serving.
 */
import { afterEach, describe, expect, it } from "vitest";
import { exceedsBounds, MAX_PARAM_DEPTH, MAX_PARAM_SIZE } from "../../src/guard/bounds.js";
import { connect, expectRefused, type Harness, requestsSeen, textOf } from "../helpers/harness.js";

/** `{"x": {"x": ... {"leaf": 1}}}`, `levels` objects deep, built without recursion. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < levels; i++) value = { x: value };
  return value;
}

describe("exceedsBounds", () => {
  it("takes nesting up to MAX_PARAM_DEPTH levels and refuses one more", () => {
    expect(exceedsBounds(nested(MAX_PARAM_DEPTH))).toBeUndefined();
    expect(exceedsBounds(nested(MAX_PARAM_DEPTH + 1))).toBe(
      `the arguments are nested deeper than ${MAX_PARAM_DEPTH} levels.`,
    );
    expect(exceedsBounds([[[[1]]]], 4)).toBeUndefined();
    expect(exceedsBounds([[[[[1]]]]], 4)).toMatch(/deeper than 4/);
  });

  it("measures 50,000 levels without overflowing the stack (which cloning does not survive)", () => {
    const deep = nested(50_000);
    expect(() => structuredClone(deep)).toThrow(RangeError);
    expect(exceedsBounds(deep)).toMatch(/nested deeper/);
  });

  it("counts strings, keys and members against MAX_PARAM_SIZE, and refuses a huge array before walking it", () => {
    expect(exceedsBounds({ blob: "x".repeat(MAX_PARAM_SIZE - 100) })).toBeUndefined();
    expect(exceedsBounds({ blob: "x".repeat(MAX_PARAM_SIZE) })).toBe(
      `the arguments are larger than ${MAX_PARAM_SIZE} characters.`,
    );
    expect(exceedsBounds({ ["k".repeat(MAX_PARAM_SIZE)]: 1 })).toMatch(/larger than/);
    expect(exceedsBounds(new Array(MAX_PARAM_SIZE + 1).fill(0))).toMatch(/larger than/);
  });
});

describe("out-of-bounds arguments through the MCP server", () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it("a tool call with data nested 50,000 levels deep gets invalid_arguments, reaches no vault, and the session goes on", async () => {
    h = await connect();
    const before = requestsSeen(h.mock);
    const result = await h.call("scaivault_write_secret", { path: "apps/deep", data: nested(50_000) });
    expectRefused(result, "invalid_arguments");
    expect(textOf(result)).toBe(`invalid_arguments: the arguments are nested deeper than ${MAX_PARAM_DEPTH} levels.`);
    expect(textOf(result)).not.toMatch(/stack/i);
    expect(requestsSeen(h.mock)).toBe(before);
    const after = await h.call("scaivault_read_secret", { path: "integrations/stripe/api-key" });
    expect(after.isError).toBeFalsy();
  });

  it("a tool call with a 2 MB value gets invalid_arguments", async () => {
    h = await connect();
    const result = await h.call("scaivault_write_secret", {
      path: "apps/big",
      data: { blob: "x".repeat(2 * 1024 * 1024) },
    });
    expectRefused(result, "invalid_arguments");
    expect(textOf(result)).toMatch(/larger than/);
  });

  it("other requests (a prompt, a completion, a resource read) get a JSON-RPC error with the code", async () => {
    h = await connect();
    const attempts = [
      h.client.getPrompt({ name: "audit-investigation", arguments: nested(100) as never }),
      h.client.complete({
        ref: { type: "ref/prompt", name: "audit-investigation" },
        argument: { name: "path", value: "apps/" },
        context: { arguments: nested(100) as never },
      }),
      h.client.readResource({ uri: "scaivault://secrets/tnt_acme_prod/apps/x", _meta: nested(100) } as never),
    ];
    for (const attempt of attempts) {
      const error = (await attempt.catch((e: unknown) => e)) as { code: number; message: string; data: unknown };
      expect(error.code).toBe(-32602);
      expect(error.message).toContain("invalid_arguments: the arguments are nested deeper than");
      expect(error.data).toEqual({ "scaivault/code": "invalid_arguments" });
    }
    expect(await h.ok("scaivault_list_secrets", { prefix: "apps" })).toHaveProperty("data");
  });

  it("arguments a tool legitimately takes (a JSON secret a dozen levels deep, a 200 kB certificate bundle) pass", async () => {
    h = await connect();
    await h.ok("scaivault_write_secret", { path: "apps/nested-json", data: nested(12) });
    await h.ok("scaivault_write_secret", { path: "apps/bundle", data: { pem: "A".repeat(200_000) } });
  });
});
