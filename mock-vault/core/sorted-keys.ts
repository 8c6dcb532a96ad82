/**
 * Sorted string keys kept as a plain array (so store state stays structuredClone-able):
 * prefix scans in O(log n + k) instead of walking every key.
 */
export function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function insertKey(keys: string[], key: string): void {
  const i = lowerBound(keys, key);
  if (keys[i] !== key) keys.splice(i, 0, key);
}

export function deleteKey(keys: string[], key: string): void {
  const i = lowerBound(keys, key);
  if (keys[i] === key) keys.splice(i, 1);
}

/** Keys equal to `prefix` or under it on a `/` boundary, in order, strictly after `after`. */
export function* keysUnder(keys: readonly string[], prefix: string, after?: string): Generator<string> {
  if (prefix === "") {
    for (let i = after === undefined ? 0 : lowerBound(keys, `${after}\u0000`); i < keys.length; i++)
      yield keys[i] as string;
    return;
  }
  if ((after === undefined || after < prefix) && keys[lowerBound(keys, prefix)] === prefix) yield prefix;
  const child = `${prefix}/`;
  const from = after !== undefined && after >= child ? `${after}\u0000` : child;
  for (let i = lowerBound(keys, from); i < keys.length; i++) {
    const key = keys[i] as string;
    if (!key.startsWith(child)) return;
    yield key;
  }
}
