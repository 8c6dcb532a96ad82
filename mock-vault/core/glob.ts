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
 * A subscription's path glob against a path: `*` one segment (or part of one), `**` any number
 * of segments, zero included (so `**\/ssl/*` matches `ssl/cert`), `?` one character.
 */
export function matchesPathGlob(pattern: string, path: string): boolean {
  const p = pattern.split("/");
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
