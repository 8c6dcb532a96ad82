/**
 * Bounds on what a client may send, checked before any validation: schema parsing, cloning and
 * serialising all recurse, so a value nested deeply enough throws a RangeError out of the code
 * meant to report errors. The walk here is iterative and stops at the first bound crossed.
 */

/** Deepest nesting of a request's params (a secret's JSON data needs a handful of levels). */
export const MAX_PARAM_DEPTH = 64;
/** Largest request params, counted as characters of keys and strings plus one per value. */
export const MAX_PARAM_SIZE = 1024 * 1024;

/** One sentence saying which bound `value` crosses, or undefined when it fits. */
export function exceedsBounds(
  value: unknown,
  maxDepth: number = MAX_PARAM_DEPTH,
  maxSize: number = MAX_PARAM_SIZE,
): string | undefined {
  const stack: [unknown, number][] = [[value, 1]];
  let size = 1;
  const tooLarge = `the arguments are larger than ${maxSize} characters.`;
  while (stack.length) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node === "string") {
      size += node.length;
      if (size > maxSize) return tooLarge;
      continue;
    }
    if (!node || typeof node !== "object") continue;
    if (depth > maxDepth) return `the arguments are nested deeper than ${maxDepth} levels.`;
    // Every member counts before it is visited, so a huge array is refused without walking it.
    const members = Array.isArray(node) ? node : Object.entries(node);
    size += members.length;
    if (size > maxSize) return tooLarge;
    for (const member of members) {
      if (Array.isArray(node)) stack.push([member, depth + 1]);
      else {
        const [key, item] = member as [string, unknown];
        size += key.length;
        stack.push([item, depth + 1]);
      }
    }
  }
  return size > maxSize ? tooLarge : undefined;
}
