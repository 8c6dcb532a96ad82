/**
 * Property tests of the path guard (fast-check). Oracle for the end-to-end properties: what the
 * mock vault actually received, read from its journal and audit log.
 *   P1 soundness: an allowed path is inside ALLOWED on a / boundary and outside DENIED
 *   P2 idempotence, P3 metamorphic (slashes), P4 settings only narrow, P5 listings filtered,
 *   P6 end to end for every path-taking tool, resource and completion.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Guard } from "../../src/guard/index.js";
import { PathPolicy } from "../../src/guard/path-policy.js";
import { canonicalPath, isUnder } from "../../src/guard/paths.js";
import { filterAt } from "../../src/guard/selectors.js";
import { catalog } from "../../src/tools/index.js";
import { connect, type Harness } from "../helpers/harness.js";
import { sampleArgs } from "../helpers/sample-args.js";

const ALLOWED = ["infra", "apps/web"];
const DENIED = ["infra/secret"];
const policy = PathPolicy.from(ALLOWED, DENIED);
const inside = (p: string) => ALLOWED.some((a) => isUnder(p, a)) && !DENIED.some((d) => isUnder(p, d));

const TRICKY = [
  "infra",
  "infra-prod",
  "infra_prod",
  "INFRA",
  "infrastructure",
  "infra.bak",
  "apps",
  "web",
  "web2",
  "secret",
  "secrets",
  "..",
  ".",
  "...",
  "%2e%2e",
  "%2E%2e",
  ".%2e",
  "%252e%252e",
  "%2f",
  "%2F",
  "%c0%ae",
  "\uFF0E\uFF0E",
  "\u2024",
  "infra\\..",
  "",
  "\u0000",
  "\n",
  "cafe\u0301",
  "é",
  "db",
  "x".repeat(300),
  "a b",
  "?",
  "#",
  "*",
  ":",
  "~",
];
const segment = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.stringMatching(/^[a-z0-9_-]{1,8}$/),
  fc.mixedCase(fc.constantFrom("infra", "apps", "web")),
  fc.string({ maxLength: 6 }),
);
const separator = fc.constantFrom("/", "/", "/", "//", "\\", "/./", "%2f");
/** Raw paths as an agent (or an attacker) might type them. */
const rawPath = fc
  .tuple(fc.array(fc.tuple(segment, separator), { minLength: 1, maxLength: 6 }), fc.boolean(), fc.boolean())
  .map(
    ([parts, lead, trail]) =>
      `${lead ? "/" : ""}${parts.map(([s, sep], i) => (i === 0 ? s : sep + s)).join("")}${trail ? "/" : ""}`,
  );

const RUNS = 10_000;

describe("path guard properties (10,000 generated paths each)", () => {
  it("P1: whatever is allowed is canonical, inside ALLOWED and outside DENIED", () => {
    fc.assert(
      fc.property(rawPath, (raw) => {
        const exact = policy.check(raw, "exact");
        if (exact.ok) {
          expect(canonicalPath(exact.path)).toEqual({ ok: true, path: exact.path });
          expect(inside(exact.path)).toBe(true);
        }
        const prefix = policy.check(raw, "prefix");
        if (prefix.ok) expect(DENIED.some((d) => isUnder(prefix.path, d))).toBe(false);
      }),
      { numRuns: RUNS, seed: 42 },
    );
  });

  it("P2: canonicalisation is idempotent", () => {
    fc.assert(
      fc.property(rawPath, (raw) => {
        const once = canonicalPath(raw);
        if (once.ok) expect(canonicalPath(once.path)).toEqual(once);
      }),
      { numRuns: RUNS, seed: 43 },
    );
  });

  it("P3: extra slashes around and between segments change nothing", () => {
    fc.assert(
      fc.property(rawPath, (raw) => {
        const decision = (p: string) => {
          const v = policy.check(p, "exact");
          return v.ok ? `ok:${v.path}` : v.refusal.code;
        };
        const d = decision(raw);
        expect(decision(`/${raw}/`)).toBe(d);
        expect(decision(raw.replaceAll("/", "//"))).toBe(d);
      }),
      { numRuns: RUNS, seed: 44 },
    );
  });

  it("P4: adding a denied prefix or removing an allowed one never turns a refusal into an allow", () => {
    const narrower = [PathPolicy.from(ALLOWED, [...DENIED, "apps/web/admin"]), PathPolicy.from(["infra"], DENIED)];
    fc.assert(
      fc.property(rawPath, (raw) => {
        if (!policy.check(raw, "exact").ok) for (const n of narrower) expect(n.check(raw, "exact").ok).toBe(false);
      }),
      { numRuns: RUNS, seed: 45 },
    );
  });

  it("P5: listing filters keep only permitted paths, for any list", () => {
    const okPath = fc.array(
      fc.oneof(
        fc.constantFrom("infra/db", "infra/secret/x", "infra-prod/y", "apps/web/k", "apps/web2/k", "apps/x"),
        fc.stringMatching(/^[a-z]{1,5}(\/[a-z]{1,5}){0,3}$/),
      ),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(okPath, (paths) => {
        const doc = { data: paths.map((path) => ({ path })) };
        filterAt(doc, "data[].path", (p) => typeof p === "string" && policy.permits(p));
        for (const { path } of doc.data) expect(inside(path)).toBe(true);
        expect(doc.data.length).toBe(paths.filter(inside).length);
      }),
      { numRuns: RUNS, seed: 46 },
    );
  });

  it("P1 holds for every path argument of every tool (guard.before, all kinds)", () => {
    const guard = new Guard({ readOnly: false, maskValues: false, allowedPaths: ALLOWED, deniedPaths: DENIED });
    const tools = catalog.filter((t) => (t.paths ?? []).length > 0);
    fc.assert(
      fc.property(rawPath, fc.constantFrom(...tools), (raw, def) => {
        const verdict = guard.before(def, sampleArgs(def, raw));
        if (!verdict.allowed) return;
        for (const { arg, kind } of def.paths ?? []) {
          if (arg.includes("[]") || arg.includes(".")) continue;
          const sent = verdict.args[arg];
          if (typeof sent !== "string") continue;
          if (kind === "exact") expect(inside(sent)).toBe(true);
          if (kind === "prefix") expect(DENIED.some((d) => isUnder(sent, d))).toBe(false);
        }
      }),
      { numRuns: RUNS, seed: 47 },
    );
  });
});

describe("P6: end to end, nothing outside the window reaches the vault", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await connect({ allowedPaths: ALLOWED, deniedPaths: DENIED });
  });
  afterAll(async () => h.close());

  const pathTools = catalog.filter((t) => (t.paths ?? []).some((p) => p.kind !== "pattern"));

  it("for every path-taking tool: every secret path the mock saw is inside the window, every listed path too", async () => {
    await fc.assert(
      fc.asyncProperty(rawPath, fc.constantFrom(...pathTools), async (raw, def) => {
        const before = h.mock.state.audit.events.length;
        const result = await h.call(def.name, sampleArgs(def, raw));
        for (const event of h.mock.state.audit.events.slice(before)) {
          if (event.path && event.resource_type === "secret" && event.action !== "list")
            expect(inside(event.path), `${def.name} ${raw} -> ${event.path}`).toBe(true);
        }
        if (!result.isError)
          for (const selector of def.resultPaths ?? []) {
            const doc = structuredClone(result.structuredContent);
            const seen: string[] = [];
            filterAt(doc, selector, (p) => {
              if (typeof p === "string") seen.push(p);
              return true;
            });
            for (const p of seen) expect(inside(p), `${def.name} listed ${p}`).toBe(true);
          }
      }),
      { numRuns: 1_500, seed: 48 },
    );
  });

  it("for resources: reads outside the window never reach the vault, listings and completions stay inside", async () => {
    await fc.assert(
      fc.asyncProperty(rawPath, async (raw) => {
        const before = h.mock.state.audit.events.length;
        await h.client.readResource({ uri: `scaivault://secrets/tnt_acme_prod/${raw}` }).catch(() => undefined);
        for (const event of h.mock.state.audit.events.slice(before))
          if (event.path && event.action === "read") expect(inside(event.path), `${raw} -> ${event.path}`).toBe(true);
        const completion = await h.client
          .complete({
            ref: { type: "ref/resource", uri: "scaivault://secrets/{tenant}/{+path}" },
            argument: { name: "path", value: raw.slice(0, 12) },
            context: { arguments: { tenant: "tnt_acme_prod" } },
          })
          .catch(() => ({ completion: { values: [] as string[] } }));
        for (const value of completion.completion.values) expect(inside(value), `completion ${value}`).toBe(true);
      }),
      { numRuns: 300, seed: 49 },
    );
    const listed = await h.client.listResources();
    for (const r of listed.resources.filter((x) => x.uri.startsWith("scaivault://secrets/")))
      expect(inside(decodeURIComponent(r.uri.split("/").slice(4).join("/")))).toBe(true);
  });
});
