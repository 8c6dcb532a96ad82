/**
 * The mock vault's secret path rule (core/secret-paths.ts, one regular expression) against the
 * rule as the API states it, segment by segment: 1-10 segments of a-z, 0-9, '-' and '_', at most
 * 512 characters. Strings are drawn from the characters around the rule's edges ('/', capitals,
 * '.', spaces, newlines) and near its limits (10 and 11 segments, 512 and 513 characters).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validatePath } from "../../mock-vault/core/secret-paths.js";

const statedRule = (path: string) => {
  const segments = path.split("/");
  return (
    path.length >= 1 && path.length <= 512 && segments.length <= 10 && segments.every((s) => /^[a-z0-9_-]+$/.test(s))
  );
};
const accepted = (path: string) => {
  try {
    return validatePath(path) === path;
  } catch (error) {
    expect(error).toMatchObject({ status: 400, code: "invalid_path" });
    return false;
  }
};

const char = fc.constantFrom("a", "z", "0", "9", "-", "_", "/", "A", ".", " ", "\n", "%");
const segment = fc.constantFrom("a", "b-c", "x_1", "0", "", "A", "a.b");
const paths = fc.oneof(
  fc.string({ unit: char, maxLength: 24 }),
  fc.array(segment, { minLength: 0, maxLength: 12 }).map((s) => s.join("/")),
  fc.integer({ min: 500, max: 520 }).map((n) => "a".repeat(n)),
  fc.integer({ min: 250, max: 260 }).map((n) => `${"a/".repeat(9)}${"b".repeat(n * 2 - 18)}`),
);

describe("secret path rule", () => {
  it("accepts exactly what the stated rule does", () => {
    fc.assert(
      fc.property(paths, (path) => {
        expect(accepted(path)).toBe(statedRule(path));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ["a", true],
    ["a/b/c/d/e/f/g/h/i/j", true],
    ["a/b/c/d/e/f/g/h/i/j/k", false],
    ["a".repeat(512), true],
    ["a".repeat(513), false],
    ["", false],
    ["a/", false],
    ["/a", false],
    ["a//b", false],
    ["a\n", false],
  ])("%j: %s", (path, ok) => {
    expect(accepted(path)).toBe(ok);
  });
});
