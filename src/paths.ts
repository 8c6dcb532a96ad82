/**
 * The secret-path grammar: normalisation and prefix matching, the one primitive every path check uses
 * (tool arguments, listing filters, resources, completions, policy patterns) and every URL the
 * client builds. It sits below both the guard and the client, so neither depends on the other for it.
 *
 * The canonical form is what gets sent to the API, so the path the guard approved is the path
 * the vault receives. Anything that a URL parser or a later decoding step could reinterpret
 * (dot segments, percent escapes, backslashes, control characters, look-alikes that change
 * under NFKC) is rejected instead of being "cleaned up".
 */

export type CanonicalPath = { ok: true; path: string } | { ok: false; reason: string };

const MAX_PATH_LENGTH = 512;
const MAX_DEPTH = 10;
// An allowlist, not a denylist: ASCII letters, digits, '_', '-', '.' per segment. Everything a
// URL parser, a decoder or Unicode normalisation could reinterpret is outside it.
const SEGMENT = /^[A-Za-z0-9_.-]+$/;

export function canonicalPath(raw: unknown): CanonicalPath {
  if (typeof raw !== "string") return { ok: false, reason: "a path must be a string" };
  if (raw.length > MAX_PATH_LENGTH * 2) return { ok: false, reason: `a path is at most ${MAX_PATH_LENGTH} characters` };
  const segments = raw.split("/").filter((s) => s.length > 0);
  if (segments.length === 0) return { ok: false, reason: "the path is empty" };
  if (segments.some((s) => s === "." || s === ".."))
    return { ok: false, reason: "a path may not contain '.' or '..' segments" };
  if (!segments.every((s) => SEGMENT.test(s)))
    return { ok: false, reason: "a path segment may hold only letters, digits, '_', '-' and '.'" };
  if (segments.length > MAX_DEPTH) return { ok: false, reason: `a path has at most ${MAX_DEPTH} segments` };
  const path = segments.join("/");
  if (path.length > MAX_PATH_LENGTH) return { ok: false, reason: `a path is at most ${MAX_PATH_LENGTH} characters` };
  return { ok: true, path };
}

/** Like canonicalPath, but the empty prefix ("", "/") is allowed and means "everything". */
export function canonicalPrefix(raw: unknown): CanonicalPath {
  if (typeof raw === "string" && raw.split("/").every((s) => s === "")) return { ok: true, path: "" };
  return canonicalPath(raw);
}

/** True when `path` equals `prefix` or lies under it on a `/` boundary ("infra" covers "infra/db", not "infra-prod"). */
export function isUnder(path: string, prefix: string): boolean {
  if (prefix === "") return true;
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** True when some path under `prefix` could be under `window` (the listing of `prefix` can show allowed entries). */
export function overlaps(prefix: string, window: string): boolean {
  return isUnder(prefix, window) || isUnder(window, prefix);
}
