/**
 * Property tests of the path guard (fast-check), against an independent oracle
 * (test/helpers/path-oracle.ts: its own segment allowlist, dot-segment rule and boundary check)
 * and a generator biased to the window's edges (path-arbitraries.ts). Each property also counts
 * the oracle's outcomes and fails when a generator drift leaves allowed, denied, not-allowed or
 * invalid paths under-represented.
 *   P1 the guard's verdict equals the oracle's for every kind (exact, prefix, scope, pattern),
 *      and an approved path survives a URL parser unchanged;
 *   P2 idempotence, P3 metamorphic (slashes), P4 settings only narrow, P5 listings filtered;
 *   P7 the same for every path argument of every tool, nested ones included (guard.before).
 * The end-to-end properties (what the mock vault receives) are in path-guard-e2e.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Guard } from "../../src/guard/index.js";
import { PathPolicy } from "../../src/guard/path-policy.js";
import { filterAt } from "../../src/guard/selectors.js";
import { canonicalPath } from "../../src/paths.js";
import { catalog } from "../../src/tools/index.js";
import { expectedCheck, insideWindow, type Kind, pathAsParsed } from "../helpers/path-oracle.js";
import { valuesAt } from "../helpers/sample-args.js";
import { expectedCall, MIN_SHARES, pathTool, RUNS, rawPath, rawPattern, Tally, WINDOW } from "./path-arbitraries.js";

const policy = PathPolicy.from(WINDOW.allowed, WINDOW.denied);
const verdictOf = (v: ReturnType<PathPolicy["check"]>) =>
  v.ok ? { ok: true, path: v.path } : { ok: false, code: v.refusal.code };

describe(`path guard properties (${RUNS.toLocaleString("en")} generated paths each)`, () => {
  it.each(["exact", "prefix", "scope", "pattern"] as const)(
    "P1 (%s): the guard's verdict is the oracle's, and what it approves a URL parser leaves alone",
    (kind: Kind) => {
      const tally = new Tally();
      fc.assert(
        fc.property(kind === "pattern" ? rawPattern : rawPath, (raw) => {
          const expected = expectedCheck(raw, kind, WINDOW);
          tally.add(expected);
          const got = verdictOf(policy.check(raw, kind));
          expect(got, JSON.stringify(raw)).toEqual(expected);
          if (got.ok && kind !== "pattern" && got.path !== "") {
            expect(pathAsParsed(got.path as string), `URL parser reinterprets ${got.path}`).toBe(got.path);
            if (kind === "exact") expect(insideWindow(got.path as string, WINDOW)).toBe(true);
          }
        }),
        { numRuns: RUNS, seed: 42 },
      );
      expect(tally.shortOf(MIN_SHARES), `${kind}: ${tally}`).toEqual([]);
    },
  );

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
        const decision = (p: string) => JSON.stringify(verdictOf(policy.check(p, "exact")));
        const d = decision(raw);
        expect(decision(`/${raw}/`)).toBe(d);
        expect(decision(raw.replaceAll("/", "//"))).toBe(d);
      }),
      { numRuns: RUNS, seed: 44 },
    );
  });

  it("P4: adding a denied prefix or removing an allowed one never turns a refusal into an allow", () => {
    const narrower = [
      PathPolicy.from(WINDOW.allowed, [...WINDOW.denied, "apps/web/admin"]),
      PathPolicy.from(["infra"], WINDOW.denied),
    ];
    const tally = new Tally();
    fc.assert(
      fc.property(rawPath, (raw) => {
        const wide = policy.check(raw, "exact");
        tally.add(wide.ok ? "allowed" : "refused");
        if (!wide.ok) for (const n of narrower) expect(n.check(raw, "exact").ok).toBe(false);
      }),
      { numRuns: RUNS, seed: 45 },
    );
    expect(tally.shortOf({ allowed: 0.15, refused: 0.4 }), String(tally)).toEqual([]);
  });

  it("P5: listing filters keep exactly the permitted entries, for any list", () => {
    // Listed paths come from the vault, so they are canonical: the oracle's canonical forms.
    const listed = rawPath
      .map((raw) => expectedCheck(raw, "exact", { allowed: [], denied: [] }))
      .filter((e) => e.ok)
      .map((e) => (e.ok ? e.path : ""));
    const tally = new Tally();
    fc.assert(
      fc.property(fc.array(listed, { maxLength: 20 }), (paths) => {
        const doc = { data: paths.map((path) => ({ path })) };
        filterAt(doc, "data[].path", (p) => typeof p === "string" && policy.permits(p));
        const kept = paths.filter((p) => insideWindow(p, WINDOW));
        for (const p of paths) tally.add(insideWindow(p, WINDOW) ? "allowed" : "hidden");
        expect(doc.data.map((d) => d.path)).toEqual(kept);
      }),
      { numRuns: RUNS, seed: 46 },
    );
    expect(tally.shortOf({ allowed: 0.2, hidden: 0.2 }), String(tally)).toEqual([]);
  });

  it("P7: every path argument of every tool, nested ones included: refused as the oracle says, canonical forms sent", () => {
    const guard = new Guard({
      readOnly: false,
      maskValues: false,
      allowedPaths: WINDOW.allowed,
      deniedPaths: WINDOW.denied,
    });
    const tally = new Tally();
    const kinds = new Set<string>();
    fc.assert(
      fc.property(pathTool(catalog), ({ def, args }) => {
        const expected = expectedCall(def, args);
        tally.add(expected.ok ? { ok: true, path: "" } : expected);
        const verdict = guard.before(def, args);
        if (!expected.ok) {
          expect(verdict.allowed, `${def.name} ${JSON.stringify(args)}`).toBe(false);
          if (!verdict.allowed) expect(verdict.refusal.code, `${def.name} ${JSON.stringify(args)}`).toBe(expected.code);
          return;
        }
        expect(verdict.allowed, `${def.name} ${JSON.stringify(args)}`).toBe(true);
        if (!verdict.allowed) return;
        for (const p of def.paths ?? []) {
          kinds.add(`${p.kind}:${p.arg}`);
          expect(valuesAt(verdict.args, p.arg), `${def.name} ${p.arg}`).toEqual(expected.sent.get(p.arg));
        }
      }),
      { numRuns: RUNS, seed: 47 },
    );
    expect(tally.shortOf(MIN_SHARES), String(tally)).toEqual([]);
    // Every declared path argument was seen allowed at least once (nested, list, key and glob ones too),
    // but for tools that are unavailable under any path window.
    const declared = catalog
      .filter((t) => !t.touchesUnseenPaths)
      .flatMap((t) => (t.paths ?? []).map((p) => `${p.kind}:${p.arg}`));
    expect([...new Set(declared)].filter((d) => !kinds.has(d))).toEqual([]);
  });
});
