/**
 * Walks the whole catalog under each guardrail profile, with valid arguments made up from each
 * tool's schema: a new tool gets these checks for free. "No request reached the vault" is read
 * from the mock's audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalog } from "../../src/tools/index.js";
import { connect, expectRefused, type Harness, requestsSeen, textOf } from "../helpers/harness.js";
import { sampleArgs } from "../helpers/sample-args.js";

const writers = catalog.filter((t) => t.access !== "read");
const pathTools = catalog.filter((t) => (t.paths ?? []).some((p) => p.kind !== "prefix"));
const prefixTools = catalog.filter((t) => (t.paths ?? []).some((p) => p.kind === "prefix"));
const tenantTools = catalog.filter((t) => t.tenantArg);

function profile(settings: Parameters<typeof connect>[0]) {
  const state: { h?: Harness } = {};
  beforeAll(async () => {
    state.h = await connect(settings);
  });
  afterAll(async () => state.h?.close());
  return () => state.h as Harness;
}

describe("READ_ONLY refuses every write/delete tool before the API", () => {
  const h = profile({ readOnly: true });
  it.each(writers.map((t) => [t.name, t] as const))("%s", async (_, def) => {
    const before = requestsSeen(h().mock);
    expectRefused(await h().call(def.name, sampleArgs(def)), "read_only");
    expect(requestsSeen(h().mock)).toBe(before);
  });
});

describe("DENIED_PATHS refuses every path-taking tool before the API", () => {
  const h = profile({ deniedPaths: ["apps/web"] });
  it.each(pathTools.map((t) => [t.name, t] as const))("%s", async (_, def) => {
    const before = requestsSeen(h().mock);
    expectRefused(await h().call(def.name, sampleArgs(def, "apps/web/session-key")), "path_denied");
    expect(requestsSeen(h().mock)).toBe(before);
  });
  it.each(prefixTools.map((t) => [t.name, t] as const))("%s (prefix under a denied path)", async (_, def) => {
    const before = requestsSeen(h().mock);
    expectRefused(await h().call(def.name, sampleArgs(def, "apps/web")), "path_denied");
    expect(requestsSeen(h().mock)).toBe(before);
  });
});

describe("ALLOWED_PATHS refuses every path-taking tool outside the window before the API", () => {
  const h = profile({ allowedPaths: ["integrations"] });
  it.each([...pathTools, ...prefixTools].map((t) => [t.name, t] as const))("%s", async (_, def) => {
    const before = requestsSeen(h().mock);
    expectRefused(await h().call(def.name, sampleArgs(def, "integrations-prod/x")), "path_not_allowed");
    expect(requestsSeen(h().mock)).toBe(before);
  });
});

describe("traversal and encoding tricks are refused by every path-taking tool", () => {
  const h = profile({ allowedPaths: ["integrations"] });
  const tricks = [
    "integrations/../infra/db",
    "integrations/%2e%2e/infra",
    "integrations\\..\\infra",
    "integrations/\uFF0E\uFF0E/infra",
  ];
  it.each(pathTools.map((t) => [t.name, t] as const))("%s", async (_, def) => {
    const before = requestsSeen(h().mock);
    for (const trick of tricks) {
      const result = await h().call(def.name, sampleArgs(def, trick));
      expect(result.isError, `${def.name} ${trick}`).toBe(true);
      expect(["invalid_path", "path_not_allowed"]).toContain(result._meta?.["scaivault/code"]);
    }
    expect(requestsSeen(h().mock)).toBe(before);
  });
});

describe("SCAIVAULT_TENANT_ID refuses another tenant before the API", () => {
  const h = profile({ tenantId: "tnt_acme_prod" });
  it.each(tenantTools.map((t) => [t.name, t] as const))("%s", async (_, def) => {
    const before = requestsSeen(h().mock);
    expectRefused(
      await h().call(def.name, { ...sampleArgs(def), [def.tenantArg as string]: "tnt_globex" }),
      "tenant_locked",
    );
    expect(requestsSeen(h().mock)).toBe(before);
  });
});

describe("every tool answers sample arguments without crashing", () => {
  const h = profile({});
  it.each(catalog.map((t) => [t.name, t] as const))("%s", async (_, def) => {
    const result = await h().call(def.name, sampleArgs(def));
    const text = textOf(result);
    expect(text).not.toMatch(/^internal_error/);
    expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
    if (!result.isError) expect(result.structuredContent).toBeDefined();
  });
});

describe("tools that touch paths chosen by vault-side configuration are refused under a path window", () => {
  const unseen = catalog.filter((t) => t.touchesUnseenPaths);
  it("there is at least one such tool (federation sync)", () => {
    expect(unseen.map((t) => t.name)).toContain("scaivault_sync_federation_backend");
  });
  const profiles: [string, { allowedPaths?: string[]; deniedPaths?: string[] }, string][] = [
    ["ALLOWED", { allowedPaths: ["integrations"] }, "path_not_allowed"],
    ["DENIED", { deniedPaths: ["infra"] }, "path_denied"],
  ];
  for (const [label, settings, code] of profiles) {
    describe(label, () => {
      const h = profile(settings);
      it.each(unseen.map((t) => [t.name, t] as const))("%s", async (_, def) => {
        const before = requestsSeen(h().mock);
        expectRefused(await h().call(def.name, sampleArgs(def)), code);
        expect(requestsSeen(h().mock)).toBe(before);
      });
    });
  }
});

describe("a path pattern argument left out means every path, which a window refuses", () => {
  const h = profile({ deniedPaths: ["infra"] });
  it("scaivault_create_subscription without paths subscribes to ** and is refused", async () => {
    const before = requestsSeen(h().mock);
    expectRefused(
      await h().call("scaivault_create_subscription", { name: "all", events: ["secret.*"] }),
      "path_denied",
    );
    expect(requestsSeen(h().mock)).toBe(before);
    const scoped = await h().call("scaivault_create_subscription", {
      name: "apps",
      events: ["secret.*"],
      paths: ["apps/**"],
    });
    expect(scoped.isError, textOf(scoped)).toBeFalsy();
  });
});
