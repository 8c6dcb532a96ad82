/**
 * An independent model of the path guard for property tests, written from the documented rules
 * (README "Guardrails", DESIGN.md) and sharing no code with src/guard: a bug there cannot hide
 * behind the same bug here. It predicts the exact outcome (canonical path or refusal code) of
 * every path kind, and checks what a URL parser makes of an approved path.
 */

export type Kind = "exact" | "prefix" | "pattern" | "scope";
export type RefusalCode = "invalid_path" | "path_denied" | "path_not_allowed";
export type Expected = { ok: true; path: string } | { ok: false; code: RefusalCode };

export interface PathWindow {
  allowed: readonly string[];
  denied: readonly string[];
}

// The guard's documented limits (README "Guardrails"): at most 512 characters and 10 segments.
const MAX_CHARS = 512;
const MAX_DEPTH = 10;
const ALPHA = "abcdefghijklmnopqrstuvwxyz";
const PATH_CHARS = new Set([...ALPHA, ...ALPHA.toUpperCase(), ..."0123456789", "_", "-", "."]);
const GLOB_CHARS = new Set([..."*?[]{},"]);

const invalid: Expected = { ok: false, code: "invalid_path" };

/** "infra" covers "infra" and "infra/db", not "infra-prod": compared segment by segment. */
export function covers(prefix: string, path: string): boolean {
  if (prefix === "") return true;
  if (path === "") return false;
  const want = prefix.split("/");
  const have = path.split("/");
  return want.length <= have.length && want.every((segment, i) => segment === have[i]);
}

/** Either could hold the other: a listing of `prefix` can show entries under `window`. */
const touches = (a: string, b: string) => covers(a, b) || covers(b, a);

/** Non-empty segments, or undefined when one holds a character outside the allowlist or is a dot segment. */
function segmentsOf(raw: string, extra: ReadonlySet<string> = new Set()): string[] | undefined {
  const segments = raw.split("/").filter((s) => s !== "");
  for (const s of segments) {
    if (s === "." || s === "..") return undefined;
    for (const ch of s) if (!PATH_CHARS.has(ch) && !extra.has(ch)) return undefined;
  }
  return segments;
}

function canonical(raw: unknown, emptyMeansAll: boolean): Expected {
  if (typeof raw !== "string") return invalid;
  if (emptyMeansAll && raw.split("/").every((s) => s === "")) return { ok: true, path: "" };
  if (raw.length > MAX_CHARS * 2) return invalid;
  const segments = segmentsOf(raw);
  if (!segments) return invalid;
  if (segments.length === 0) return invalid;
  const path = segments.join("/");
  if (segments.length > MAX_DEPTH || path.length > MAX_CHARS) return invalid;
  return { ok: true, path };
}

/** The outcome the guard must give for one argument value of the given kind. */
export function expectedCheck(raw: unknown, kind: Kind, w: PathWindow): Expected {
  if (kind === "pattern") return expectedPattern(raw, w);
  if (kind === "scope") {
    const c = raw === undefined ? ({ ok: true, path: "" } as const) : canonical(raw, true);
    if (!c.ok) return c;
    if (w.allowed.length === 0 && w.denied.length === 0) return c;
    if (w.denied.some((d) => touches(c.path, d))) return { ok: false, code: "path_denied" };
    if (w.allowed.length > 0 && (c.path === "" || !w.allowed.some((a) => covers(a, c.path))))
      return { ok: false, code: "path_not_allowed" };
    return c;
  }
  const c = canonical(raw, kind === "prefix");
  if (!c.ok) return c;
  if (w.denied.some((d) => covers(d, c.path))) return { ok: false, code: "path_denied" };
  const inside =
    w.allowed.length === 0 || w.allowed.some((a) => (kind === "prefix" ? touches(a, c.path) : covers(a, c.path)));
  return inside ? c : { ok: false, code: "path_not_allowed" };
}

/** A glob: its literal part (the segments before the first glob character) must lie inside the window. */
function expectedPattern(raw: unknown, w: PathWindow): Expected {
  if (typeof raw !== "string" || raw.trim() === "") return invalid;
  const segments = segmentsOf(raw, GLOB_CHARS);
  if (!segments) return invalid;
  const literal: string[] = [];
  for (const s of segments) {
    if ([...s].some((ch) => GLOB_CHARS.has(ch) && ch !== ",")) break;
    literal.push(s);
  }
  const stem = literal.join("/");
  if (w.denied.some((d) => touches(stem, d))) return { ok: false, code: "path_denied" };
  if (w.allowed.length > 0 && (stem === "" || !w.allowed.some((a) => covers(a, stem))))
    return { ok: false, code: "path_not_allowed" };
  return { ok: true, path: raw };
}

/** A concrete path the vault may see: valid, inside ALLOWED, outside DENIED. */
export function insideWindow(path: string, w: PathWindow): boolean {
  const e = expectedCheck(path, "exact", w);
  return e.ok && e.path === path;
}

/**
 * What the vault would see if `path` were put into a URL as-is: the pathname a WHATWG URL parser
 * yields after `/v1/secrets/`, segments percent-decoded. Dot segments ("..", "%2e%2e") are resolved
 * by the parser, so a path that survives unchanged cannot climb out of its prefix.
 */
export function pathAsParsed(path: string, base = "https://vault.mock"): string {
  const pathname = new URL(`${base}/v1/secrets/${path}`).pathname;
  const rest = pathname.startsWith("/v1/secrets/") ? pathname.slice("/v1/secrets/".length) : `<escaped>${pathname}`;
  return rest
    .split("/")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    })
    .join("/");
}
