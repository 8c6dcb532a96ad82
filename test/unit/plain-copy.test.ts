/** plainCopy: what structuredClone gives for plain data, and structuredClone itself for anything else. */
import { describe, expect, it } from "vitest";
import { plainCopy } from "../../mock-vault/core/plain-copy.js";

describe("plainCopy", () => {
  it.each([
    ["a string", "x"],
    ["null", null],
    ["an object of values", { value: "x", n: 1, ok: true, none: null, missing: undefined }],
    ["nested objects and arrays", { tags: ["prod", "pci"], owner: { team: "payments", ids: [1, [2, 3]] } }],
    ["an empty object", {}],
  ])("copies %s as structuredClone does", (_name, value) => {
    const copied = plainCopy(value);
    expect(copied).toStrictEqual(structuredClone(value));
    if (value !== null && typeof value === "object") expect(copied).not.toBe(value);
  });

  it("shares nothing with the original", () => {
    const original = { tags: ["prod"], owner: { team: "payments" } };
    const copied = plainCopy(original);
    original.tags.push("changed");
    original.owner.team = "changed";
    expect(copied).toEqual({ tags: ["prod"], owner: { team: "payments" } });
  });

  it("keeps an own __proto__ key a property, never the copy's prototype", () => {
    const parsed = JSON.parse('{"__proto__": {"admin": true}, "a": 1}') as Record<string, unknown>;
    const copied = plainCopy(parsed);
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect(Object.keys(copied)).toEqual(["__proto__", "a"]);
    expect((copied as { admin?: boolean }).admin).toBeUndefined();
  });

  it("leaves dates, cycles and class instances to structuredClone, and its errors", () => {
    const when = new Date(0);
    expect(plainCopy({ when }).when).toEqual(when);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const copied = plainCopy(cyclic);
    expect(copied.self).toBe(copied);
    expect(plainCopy({ m: new Map([["k", 1]]) }).m).toBeInstanceOf(Map);
    expect(() => plainCopy({ f: () => 1 })).toThrow(/could not be cloned/);
  });
});
