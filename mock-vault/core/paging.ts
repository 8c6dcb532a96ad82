import { badRequest } from "./errors.js";

/**
 * Cursor paging as the API documents it: `limit` + opaque `cursor` in, a list under the
 * endpoint's key + `cursor` + `has_more` out. Two ways to cut a page, one cursor codec:
 * `page` by offset over a list the store computed, `keysetPage` by key over an ordered store
 * (a page stays put while entries are added before it).
 */
export function readLimit(query: URLSearchParams, fallback = 100, max = 1000): number {
  const raw = query.get("limit");
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw badRequest("invalid_request", `limit must be an integer from 1 to ${max}.`);
  return n;
}

export function encodeCursor(value: string | number): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor<T extends string | number>(
  query: URLSearchParams,
  kind: "string" | "number",
): T | undefined {
  const raw = query.get("cursor");
  if (!raw) return undefined;
  try {
    const value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (typeof value === kind) return value as T;
  } catch {
    // not base64url JSON: the same answer as a cursor of the wrong kind
  }
  throw badRequest("invalid_cursor", "The cursor is malformed or expired.");
}

export type Listed<K extends string, T> = { [key in K]: T[] } & { cursor: string | null; has_more: boolean };

const listed = <K extends string, T>(key: K, items: T[], cursor: string | null, has_more: boolean) =>
  ({ [key]: items, cursor, has_more }) as Listed<K, T>;

/** One page of `items` by offset, under `key` ("data", "policies", ...). */
export function page<K extends string, T>(key: K, items: readonly T[], query: URLSearchParams): Listed<K, T> {
  const limit = readLimit(query);
  const offset = decodeCursor<number>(query, "number") ?? 0;
  const has_more = offset + limit < items.length;
  return listed(key, items.slice(offset, offset + limit), has_more ? encodeCursor(offset + limit) : null, has_more);
}

/** One page by key: `list(after)` yields items in key order from just after the cursor's key. */
export function keysetPage<K extends string, T>(
  key: K,
  query: URLSearchParams,
  list: (after: string | undefined) => Iterable<T>,
  keyOf: (item: T) => string,
): Listed<K, T> {
  const limit = readLimit(query);
  const items: T[] = [];
  for (const item of list(decodeCursor<string>(query, "string"))) {
    if (items.length === limit) return listed(key, items, encodeCursor(keyOf(items[items.length - 1] as T)), true);
    items.push(item);
  }
  return listed(key, items, null, false);
}
