/**
 * Path generators for the path-guard properties, biased towards the boundary: every path starts
 * from an allowed, a denied or a near-miss prefix of the window and gets at most one trick spliced
 * in (a dot segment, an escape, a look-alike, a case change, ...). Uniformly random strings almost
 * never land inside the window, so they cannot tell a sound guard from a leaky one.
 */
import fc from "fast-check";
import type { ToolDef } from "../../src/tools/define.js";
import { type Expected, expectedCheck, type PathWindow, type RefusalCode } from "../helpers/path-oracle.js";
import { sampleArgsWith, valuesAt } from "../helpers/sample-args.js";

/** Generated paths per property. */
export const RUNS = 10_000;

export const WINDOW: PathWindow = { allowed: ["infra", "apps/web"], denied: ["infra/secret"] };

const STARTS = {
  allowed: [
    "infra",
    "infra/db",
    "infra/db/primary/credentials",
    "infra/secretary",
    "infra/secrets",
    "infra/secret-old",
    "apps/web",
    "apps/web/session-key",
    "apps/web/secret",
  ],
  denied: ["infra/secret", "infra/secret/root", "infra/secret/db/primary"],
  outside: [
    "infra-prod",
    "infra_prod",
    "infrastructure",
    "infra.bak",
    "INFRA",
    "Infra/db",
    "apps",
    "apps/web2",
    "apps/webx",
    "apps/Web",
    "web",
    "secret",
    "integrations/stripe/api-key",
  ],
};

/** One trick, spliced into the segment list at position `at`. */
type Trick = (segments: string[], at: number) => string;

const join = (segments: string[]) => segments.join("/");
const insert = (segments: string[], at: number, ...items: string[]) => {
  const i = at % (segments.length + 1);
  return join([...segments.slice(0, i), ...items, ...segments.slice(i)]);
};
const glue = (segments: string[], at: number, extra: string) => {
  const i = at % segments.length;
  return join(segments.map((s, k) => (k === i ? s + extra : s)));
};
const separator = (segments: string[], at: number, sep: string) => {
  if (segments.length < 2) return `${join(segments)}${sep}x`;
  const i = 1 + (at % (segments.length - 1));
  return segments.slice(0, i).join("/") + sep + segments.slice(i).join("/");
};

const ESCAPES = ["%2e%2e", "%2E%2e", ".%2e", "%2e.", "%2e", "%252e%252e", "%c0%ae%c0%ae", "%u002e", "%00", "%20", "%"];
const LOOKALIKES = [
  "\uFF0E\uFF0E",
  "\u2024\u2024",
  "\u2025",
  "\uFF0F",
  "\u2215",
  "\uFF49nfra",
  "infra\u200b",
  "cafe\u0301",
  "é",
  "\u0130",
];
const CONTROLS = ["\u0000", "\n", "\r", "\t", " ", "\u007f", "\u0085"];
const SPECIALS = ["?x=1", "#frag", ";x", "@", ":", "*", "~", "+", "&", "=", "'", '"', "<", "|"];
const TARGETS = ["infra/secret/x", "infra-prod/db", "apps/admin", "x"];

const tricks: fc.Arbitrary<Trick> = fc.oneof(
  // Benign: still valid, may move the path across the boundary.
  fc.constant<Trick>((s) => `/${join(s)}/`),
  fc.constant<Trick>((s, at) => separator(s, at, "//")),
  fc.constant<Trick>((s, at) => join(s.map((x, k) => (k === at % s.length ? x.toUpperCase() : x)))),
  fc.constant<Trick>((s, at) => insert(s, at, "...")),
  fc.constant<Trick>((s, at) => glue(s, at, ".bak")),
  // Dot segments, also climbing out of an allowed prefix towards a denied or outside target.
  fc.constantFrom("..", ".").map<Trick>((dot) => (s, at) => insert(s, at, dot)),
  fc.constantFrom(...TARGETS).map<Trick>((t) => (s) => join([...s, ...s.map(() => ".."), t])),
  // Percent escapes as a segment or glued to one, and encoded separators.
  fc.constantFrom(...ESCAPES).map<Trick>((e) => (s, at) => insert(s, at, e)),
  fc.constantFrom(...ESCAPES).map<Trick>((e) => (s, at) => glue(s, at, e)),
  fc
    .constantFrom("%2f", "%2F", "%5c", "%252f", "\\", "/./", "\\..\\")
    .map<Trick>((sep) => (s, at) => separator(s, at, sep)),
  // Unicode look-alikes, control characters and URL syntax.
  fc.constantFrom(...LOOKALIKES).map<Trick>((u) => (s, at) => insert(s, at, u)),
  fc.constantFrom(...LOOKALIKES, ...CONTROLS, ...SPECIALS).map<Trick>((c) => (s, at) => glue(s, at, c)),
  // Limits: one long segment, too many segments.
  fc.constant<Trick>((s, at) => insert(s, at, "x".repeat(513))),
  fc.constant<Trick>((s) => join([...s, ...Array.from({ length: 11 }, (_, k) => `d${k}`)])),
);

const plainSegment = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z0-9_-]{1,8}$/) },
  { weight: 1, arbitrary: fc.constantFrom("...", ".env", "v1.2", "a..b", "_", "-") },
);

const start = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...STARTS.allowed) },
  { weight: 3, arbitrary: fc.constantFrom(...STARTS.denied) },
  { weight: 3, arbitrary: fc.constantFrom(...STARTS.outside) },
);

/** A path as an agent (or an attacker) might type it: a prefix of the window, a few segments, maybe one trick. */
export const rawPath: fc.Arbitrary<string> = fc
  .tuple(start, fc.array(plainSegment, { maxLength: 3 }), fc.option(tricks, { freq: 2 }), fc.nat())
  .map(([prefix, rest, trick, at]) => {
    const segments = [...prefix.split("/"), ...rest];
    return trick ? trick(segments, at) : join(segments);
  });

/** A policy or subscription glob built the same way: globs after, inside or instead of the literal part. */
export const rawPattern: fc.Arbitrary<string> = fc
  .tuple(rawPath, fc.constantFrom("/*", "/**", "", "*", "/*/db", "/{a,b}", "/[a-z]*", "/?"), fc.nat(9))
  .map(([path, glob, n]) => {
    if (n === 0) return `{infra,apps}/${path}`;
    if (n === 1) return `**/${path}`;
    return path + glob;
  });

/** Counts outcomes and checks each has at least its minimum share, so a generator drift cannot hollow the test out. */
export class Tally {
  readonly counts = new Map<string, number>();
  total = 0;

  add(outcome: Expected | string): void {
    const key = typeof outcome === "string" ? outcome : outcome.ok ? "allowed" : outcome.code;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total++;
  }

  /** `{ allowed: 0.15, ... }`: the outcomes whose share fell short. */
  shortOf(minimum: Record<string, number>): string[] {
    return Object.entries(minimum)
      .filter(([key, share]) => (this.counts.get(key) ?? 0) < share * this.total)
      .map(([key, share]) => `${key}: ${this.counts.get(key) ?? 0}/${this.total} < ${share * 100}%`);
  }

  toString(): string {
    return [...this.counts.entries()]
      .sort()
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
  }
}

/** The minimum share of each outcome every property must see (measured ~2x above these). */
export const MIN_SHARES = { allowed: 0.15, path_denied: 0.1, path_not_allowed: 0.15, invalid_path: 0.15 };

export interface PathToolCall {
  def: ToolDef;
  args: Record<string, unknown>;
}

/** A path-taking tool with generated values at each path argument: one or two for lists, sometimes none for an optional one. */
export function pathTool(catalog: readonly ToolDef[]): fc.Arbitrary<PathToolCall> {
  // Tools that touch paths the guard cannot see are refused whole under any window, whatever their
  // arguments (the catalog walk in guardrails-catalog.test.ts proves that); nothing to generate for.
  const tools = catalog.filter((t) => (t.paths ?? []).length > 0 && !t.touchesUnseenPaths);
  return fc.constantFrom(...tools).chain((def) => {
    const perArg = (def.paths ?? []).map((p) => {
      const value = p.kind === "pattern" ? rawPattern : rawPath;
      const values = /\[\]|@keys/.test(p.arg) ? fc.array(value, { minLength: 1, maxLength: 2 }) : value.map((v) => [v]);
      const top = p.arg.replace(/\[\]$/, "");
      const optional = !top.includes(".") && def.input[top]?.safeParse(undefined).success === true;
      return optional ? fc.option(values, { freq: 8 }).map((v) => v ?? []) : values;
    });
    return fc.tuple(...perArg).map((chosen) => ({
      def,
      args: sampleArgsWith(def, (p) => chosen[(def.paths ?? []).indexOf(p)] ?? []),
      // A counterexample reads as the call, not as the whole tool definition.
      [fc.toStringMethod](this: PathToolCall) {
        return `${this.def.name} ${JSON.stringify(this.args)}`;
      },
    }));
  });
}

/**
 * The oracle's verdict on a whole call: the first path argument (in declaration order) that it
 * refuses, or the values that must be sent (canonical forms; globs as written). An absent glob
 * list means "every path", an absent scope "everything": both are checked as such.
 */
export function expectedCall(
  def: ToolDef,
  args: Record<string, unknown>,
): { ok: true; sent: Map<string, unknown[]> } | { ok: false; code: RefusalCode } {
  const sent = new Map<string, unknown[]>();
  for (const p of def.paths ?? []) {
    const given = valuesAt(args, p.arg);
    const checked = given.length
      ? given
      : p.absentMeans !== undefined
        ? [p.absentMeans]
        : p.kind === "scope"
          ? [undefined]
          : [];
    for (const value of checked) {
      const e = expectedCheck(value, p.kind, WINDOW);
      if (!e.ok) return e;
    }
    sent.set(
      p.arg,
      given.map((v) => {
        const e = expectedCheck(v, p.kind, WINDOW);
        return e.ok ? e.path : v;
      }),
    );
  }
  return { ok: true, sent };
}
