/**
 * The sorted path index (core/sorted-keys.ts) against a plain model: runs of adds long enough to
 * fill its batch of waiting keys several times over, deletes of keys waiting or already in the
 * tree, and reads (size, every key, a prefix with a cursor) between them at any point. Every
 * read must see every key added and not deleted, in code-unit order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SortedKeys } from "../../mock-vault/core/sorted-keys.js";

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const keyOf = (n: number) => `p/${["a", "a-b", "a/b", "b"][n % 4]}/k-${n}`;
const under = (key: string, prefix: string) => prefix === "" || key === prefix || key.startsWith(`${prefix}/`);

type Op =
  | { kind: "add"; from: number; count: number }
  | { kind: "delete"; key: number }
  | { kind: "read"; prefix: string; after: number | undefined };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), from: fc.nat(5000), count: fc.integer({ min: 1, max: 1500 }) }),
  fc.record({ kind: fc.constant("delete" as const), key: fc.nat(6500) }),
  fc.record({
    kind: fc.constant("read" as const),
    prefix: fc.constantFrom("", "p", "p/a", "p/a-b", "p/a/b", "p/b"),
    after: fc.option(fc.nat(6500), { nil: undefined }),
  }),
);

describe("the sorted path index", () => {
  it("reads back what was added and not deleted, in order, whether keys wait or not", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 12 }), fc.nat(2000), (ops, initial) => {
        const model = new Set(Array.from({ length: initial }, (_, i) => keyOf(i * 3)));
        const keys = new SortedKeys(model);
        for (const step of ops) {
          if (step.kind === "add")
            for (let n = step.from; n < step.from + step.count; n++) {
              // As the secrets store does: only keys it does not hold.
              if (model.has(keyOf(n))) continue;
              model.add(keyOf(n));
              keys.add(keyOf(n));
            }
          else if (step.kind === "delete") {
            model.delete(keyOf(step.key));
            keys.delete(keyOf(step.key));
          } else {
            const after = step.after === undefined ? undefined : keyOf(step.after);
            const expected = [...model]
              .filter((k) => under(k, step.prefix) && (after === undefined || k > after))
              .sort(byCodeUnit);
            expect([...keys.under(step.prefix, after)]).toEqual(expected);
          }
        }
        expect(keys.size).toBe(model.size);
        expect([...keys.keys()]).toEqual([...model].sort(byCodeUnit));
      }),
      { numRuns: 60 },
    );
  });
});
