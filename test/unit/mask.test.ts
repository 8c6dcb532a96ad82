import { describe, expect, it } from "vitest";
import { MASK, maskFields, maskUrlPassword } from "../../src/guard/mask.js";
import { filterAt, select } from "../../src/guard/selectors.js";

describe("maskFields", () => {
  it("masks every value under data.* and keeps keys and metadata", () => {
    const out = maskFields(
      { path: "a/b", data: { user: "u", password: "p", nested: { x: 1 } }, metadata: { owner: "o" } },
      ["data.*"],
    );
    expect(out).toEqual({ path: "a/b", data: { user: MASK, password: MASK, nested: MASK }, metadata: { owner: "o" } });
  });

  it("walks arrays and skips absent fields", () => {
    const out = maskFields({ versions: [{ version: 1, data: { k: "v1" } }, { version: 2 }] }, [
      "versions[].data.*",
      "nope.*",
    ]);
    expect(out).toEqual({ versions: [{ version: 1, data: { k: MASK } }, { version: 2 }] });
  });

  it("masks only the password inside a connection URL", () => {
    const out = maskFields({ connection_url: "postgresql://v_readonly_x:s3cr3t@db.internal:5432/main" }, [
      "connection_url#password",
    ]);
    expect(out.connection_url).toBe(`postgresql://v_readonly_x:${MASK}@db.internal:5432/main`);
  });

  it.each([
    ["redis://:pw@cache:6379/0", `redis://:${MASK}@cache:6379/0`],
    ["postgresql://user@host/db", "postgresql://user@host/db"],
    ["https://host/path", "https://host/path"],
    ["not a url but has @ and secret", MASK],
  ])("maskUrlPassword(%j)", (input, expected) => {
    expect(maskUrlPassword(input)).toBe(expected);
  });
});

describe("selectors", () => {
  it("selects through arrays and wildcards", () => {
    expect(select({ rules: [{ path: "a" }, { path: "b" }] }, "rules[].path")).toEqual(["a", "b"]);
    expect(select({ data: { x: 1, y: 2 } }, "data.*")).toEqual([1, 2]);
  });

  it("filters array entries by a field", () => {
    const doc = { data: [{ path: "a/x" }, { path: "b/y" }, { path: null }] };
    filterAt(doc, "data[].path", (p) => p !== "b/y");
    expect(doc.data).toEqual([{ path: "a/x" }, { path: null }]);
    const nested = { result: { logs: [{ path: "a" }, { path: "b" }] } };
    filterAt(nested, "result.logs[].path", (p) => p === "a");
    expect(nested.result.logs).toEqual([{ path: "a" }]);
  });
});
