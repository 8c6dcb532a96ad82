/** Path globs: segments of `*`, `?`, `**`, as access policies (and batch metadata's wildcards) and subscriptions read them. */

/** Compiled glob segments, kept: policies and subscriptions match every request's path against theirs. */
const compiled = new Map<string, RegExp>();

/** One path segment against one glob segment: `*` any run of characters, `?` one character, the rest literal. */
export function segmentMatches(glob: string, segment: string): boolean {
  let re = compiled.get(glob);
  if (!re) {
    if (compiled.size >= 10_000) compiled.clear();
    const body = glob
      .replace(/[.+^${}()|[\]\\-]/g, "\\$&")
      .replace(/\*/g, "[^/]*")
      .replace(/\?/g, "[^/]");
    re = new RegExp(`^${body}$`);
    compiled.set(glob, re);
  }
  return re.test(segment);
}

/**
 * Glob match, anchored at the start of the path: `*` is one whole segment (or part of one:
 * `*.key`), `?` one character, `**` any number of segments including zero. A leading `**`
 * (followed by more segments) needs at least one segment, as the documented example `**\/ssl/*` does not match `ssl/cert`;
 * a lone `**` matches every path.
 */
export function globMatch(pattern: string, path: string): boolean {
  const pat = patternSegments(pattern);
  return matchFrom(pat, path === "" ? [] : path.split("/"), 0, 0);
}

function matchFrom(pat: readonly string[], segs: readonly string[], i: number, j: number): boolean {
  if (i === pat.length) return j === segs.length;
  const p = pat[i] as string;
  if (p === "**") {
    const min = i === 0 && pat.length > 1 ? 1 : 0;
    for (let k = j + min; k <= segs.length; k++) if (matchFrom(pat, segs, i + 1, k)) return true;
    return false;
  }
  return j < segs.length && segmentMatches(p, segs[j] as string) && matchFrom(pat, segs, i + 1, j + 1);
}

/** A policy's pattern split once: every request is matched against every rule of its policies. */
const splitPatterns = new Map<string, readonly string[]>();

function patternSegments(pattern: string): readonly string[] {
  let segments = splitPatterns.get(pattern);
  if (!segments) {
    if (splitPatterns.size >= 10_000) splitPatterns.clear();
    segments = pattern.split("/");
    splitPatterns.set(pattern, segments);
  }
  return segments;
}

/**
 * A subscription's path glob against a path: `*` one segment (or part of one), `**` any number
 * of segments, zero included (so `**\/ssl/*` matches `ssl/cert`), `?` one character.
 */
export function matchesPathGlob(pattern: string, path: string): boolean {
  const p = patternSegments(pattern);
  const s = path.split("/");
  const walk = (i: number, j: number): boolean => {
    if (i === p.length) return j === s.length;
    if (p[i] === "**") {
      for (let k = j; k <= s.length; k++) if (walk(i + 1, k)) return true;
      return false;
    }
    return j < s.length && segmentMatches(p[i] as string, s[j] as string) && walk(i + 1, j + 1);
  };
  return walk(0, 0);
}
