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
