import { badRequest } from "./errors.js";

/** Cursor paging as the API documents it: `limit` + opaque `cursor` in, `cursor` + `has_more` out. */
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
    // fall through
  }
  throw badRequest("invalid_cursor", "The cursor is malformed or expired.");
}

/** Pages an array by offset cursor. */
export function page<T>(
  items: T[],
  query: URLSearchParams,
  fallback = 100,
): { items: T[]; cursor: string | null; has_more: boolean } {
  const limit = readLimit(query, fallback);
  const offset = decodeCursor<number>(query, "number") ?? 0;
  const slice = items.slice(offset, offset + limit);
  const has_more = offset + limit < items.length;
  return { items: slice, cursor: has_more ? encodeCursor(offset + limit) : null, has_more };
}
