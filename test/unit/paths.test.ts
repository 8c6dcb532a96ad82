import { describe, expect, it } from "vitest";
import { PathPolicy } from "../../src/guard/path-policy.js";
import { canonicalPath, canonicalPrefix, isUnder } from "../../src/paths.js";

describe("canonicalPath", () => {
  it.each([
    ["infra", "infra"],
    ["infra/", "infra"],
    ["/infra/db", "infra/db"],
    ["infra//db", "infra/db"],
    ["//infra///db//", "infra/db"],
    ["apps/web/session-key", "apps/web/session-key"],
    ["a/b.c/d_e-f", "a/b.c/d_e-f"],
  ])("normalises %j to %j", (raw, expected) => {
    expect(canonicalPath(raw)).toEqual({ ok: true, path: expected });
  });

  it.each([
    "",
    "/",
    "//",
    "infra/../prod",
    "infra/./db",
    "infra/..",
    "..",
    "infra/%2e%2e/prod",
    "infra/.%2e/prod",
    "infra/%252e%252e/x",
    "infra%2Fdb",
    "infra/%c0%ae%c0%ae",
    "infra\\..\\prod",
    "infra/db\u0000",
    "infra/\n",
    "infra/\uFF0E\uFF0E/prod",
    "infra/\u2024/x",
    "cafe\u0301",
    "café",
    "infra/db?x=1",
    "infra/db#frag",
    "infra db",
    "a/b/c/d/e/f/g/h/i/j/k",
    "x".repeat(10_000),
  ])("rejects %j", (raw) => {
    expect(canonicalPath(raw).ok).toBe(false);
  });

  it("rejects non-strings", () => {
    expect(canonicalPath(42).ok).toBe(false);
    expect(canonicalPath(undefined).ok).toBe(false);
  });

  it("is idempotent", () => {
    for (const raw of ["/a//b/", "a/b", "x/y/z/"]) {
      const once = canonicalPath(raw);
      expect(once.ok && canonicalPath(once.path)).toEqual(once);
    }
  });

  it("treats an empty prefix as everything", () => {
    expect(canonicalPrefix("")).toEqual({ ok: true, path: "" });
    expect(canonicalPrefix("/")).toEqual({ ok: true, path: "" });
    expect(canonicalPrefix("integrations/")).toEqual({ ok: true, path: "integrations" });
  });
});

describe("isUnder", () => {
  it("matches on a / boundary only", () => {
    expect(isUnder("infra", "infra")).toBe(true);
    expect(isUnder("infra/db", "infra")).toBe(true);
    for (const p of ["infra-prod", "infra_prod/x", "infrastructure", "infra.bak", "infr"])
      expect(isUnder(p, "infra")).toBe(false);
  });
});

describe("PathPolicy (allowed infra, apps/web; denied infra/secret)", () => {
  const policy = PathPolicy.from(["infra", "apps/web"], ["infra/secret"]);
  const code = (raw: unknown, kind: "exact" | "prefix" | "pattern" = "exact") => {
    const v = policy.check(raw, kind);
    return v.ok ? `ok:${v.path}` : v.refusal.code;
  };

  it.each([
    ["infra", "ok:infra"],
    ["infra/", "ok:infra"],
    ["/infra/db", "ok:infra/db"],
    ["infra//db", "ok:infra/db"],
    ["apps/web/x", "ok:apps/web/x"],
    ["infra/secrets", "ok:infra/secrets"],
    ["infra-prod", "path_not_allowed"],
    ["infra-prod/db", "path_not_allowed"],
    ["infra_prod/x", "path_not_allowed"],
    ["infrastructure", "path_not_allowed"],
    ["apps/web2", "path_not_allowed"],
    ["apps", "path_not_allowed"],
    ["INFRA/db", "path_not_allowed"],
    ["infra/secret", "path_denied"],
    ["infra/secret/x", "path_denied"],
    ["/infra//secret/", "path_denied"],
    ["infra/../prod", "invalid_path"],
    ["infra/%2e%2e/prod", "invalid_path"],
    ["infra\\..\\prod", "invalid_path"],
    ["infra/\uFF0E\uFF0E/prod", "invalid_path"],
    ["", "invalid_path"],
  ])("exact %j -> %s", (raw, expected) => {
    expect(code(raw)).toBe(expected);
  });

  it.each([
    ["", "ok:"],
    ["apps", "ok:apps"],
    ["infra/db", "ok:infra/db"],
    ["integrations", "path_not_allowed"],
    ["infra/secret", "path_denied"],
  ])("prefix %j -> %s", (raw, expected) => {
    expect(code(raw, "prefix")).toBe(expected);
  });

  it.each([
    ["infra/db/*", "ok:infra/db/*"],
    ["apps/web/**", "ok:apps/web/**"],
    ["infra/*", "path_denied"],
    ["**", "path_denied"],
    ["integrations/*", "path_not_allowed"],
    ["infra/../*", "invalid_path"],
  ])("pattern %j -> %s", (raw, expected) => {
    expect(code(raw, "pattern")).toBe(expected);
  });

  it("refuses wildcards outside any window when only ALLOWED is set", () => {
    const only = PathPolicy.from(["integrations"], []);
    expect(only.check("*", "pattern").ok).toBe(false);
    expect(only.check("integrations/*", "pattern").ok).toBe(true);
  });

  it("narrows a listing prefix to the allowed paths it covers (or keeps it when it lies inside one)", () => {
    expect(policy.narrow("")).toEqual(["apps/web", "infra"]);
    expect(policy.narrow("apps")).toEqual(["apps/web"]);
    expect(policy.narrow("infra/db")).toEqual(["infra/db"]);
    expect(policy.narrow("integrations")).toEqual([]);
    expect(PathPolicy.from([], ["infra"]).narrow("")).toEqual([""]);
  });

  it("rejects invalid settings at start-up", () => {
    expect(() => PathPolicy.from(["infra/../x"], [])).toThrow(/SCAIVAULT_ALLOWED_PATHS/);
  });
});
