/**
 * The write body's shortcut (domains/secrets/write-body.ts) against zod's own parse of the same
 * schema: for bodies of the common shape and for every near miss (a wrong type in any field,
 * options, an unknown key, a "__proto__" key, arrays, null), the answer is zod's: the same
 * parsed value, or the same issues.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WriteBody, writeBodySchema } from "../../mock-vault/domains/secrets/write-body.js";

const record = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.constant(JSON.parse('{"__proto__": {"x": 1}, "a": 1}')),
  fc.constant({ 2: "b", 1: "a", z: "c" }),
);
const notRecord = fc.oneof(fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.string(), fc.integer());
const field = <T>(valid: fc.Arbitrary<T>) =>
  fc.option(fc.oneof({ weight: 4, arbitrary: valid }, notRecord), { nil: undefined });
const body = fc
  .record(
    {
      data: field(record),
      secret_type: fc.option(fc.constantFrom("kv", "json", "certificate", "ssh_key", "api_key", "KV", "other", 3), {
        nil: undefined,
      }),
      metadata: field(record),
      options: fc.option(fc.record({ max_versions: fc.integer({ min: -1, max: 101 }) }), { nil: undefined }),
      extra: fc.option(fc.jsonValue({ maxDepth: 1 }), { nil: undefined }),
    },
    { requiredKeys: [] },
  )
  // As JSON.parse makes a body: absent fields absent, never undefined.
  .map((b) => JSON.parse(JSON.stringify(b)) as unknown);

const answer = (r: ReturnType<typeof writeBodySchema.safeParse>) =>
  r.success ? { data: r.data } : { issues: r.error.issues };

describe("the write body's shortcut", () => {
  it("answers every body as zod does", () => {
    fc.assert(
      fc.property(fc.oneof({ weight: 9, arbitrary: body }, notRecord), (b) => {
        expect(answer(WriteBody.safeParse(b))).toStrictEqual(answer(writeBodySchema.safeParse(b)));
      }),
      { numRuns: 2000 },
    );
  });

  it("takes the common shape without zod, and leaves the rest to it", () => {
    const common = JSON.parse('{"metadata": {"tags": ["x"]}, "data": {"v": "x"}, "secret_type": "json"}');
    const parsed = WriteBody.safeParse(common);
    expect(parsed).toStrictEqual({
      success: true,
      data: { data: { v: "x" }, secret_type: "json", metadata: { tags: ["x"] } },
    });
    // zod's object lists the schema's keys in its own order.
    expect(Object.keys(parsed.data ?? {})).toEqual(["data", "secret_type", "metadata"]);
    const withProto = JSON.parse('{"data": {"__proto__": {"polluted": true}, "v": 1}}');
    expect(WriteBody.safeParse(withProto)).toStrictEqual(writeBodySchema.safeParse(withProto));
    expect(Object.keys(WriteBody.safeParse(withProto).data?.data ?? {})).toEqual(["v"]);
  });
});
