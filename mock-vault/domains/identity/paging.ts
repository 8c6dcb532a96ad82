import { badRequest } from "../../core/errors.js";

const MAX_PAGE_SIZE = 500;

/**
 * The identity cache's lists page by number, unlike the cursor lists of the other areas:
 * `page` (from 1) and `page_size` in, the items under `key` and their `total` out (the page and
 * its size are echoed).
 */
export function numberedPage<K extends string, T>(key: K, items: readonly T[], query: URLSearchParams) {
  const page = whole(query, "page", 1, Number.MAX_SAFE_INTEGER, 1);
  const pageSize = whole(query, "page_size", 1, MAX_PAGE_SIZE, 50);
  const start = (page - 1) * pageSize;
  return { [key]: items.slice(start, start + pageSize), total: items.length, page, page_size: pageSize } as {
    [k in K]: T[];
  } & { total: number; page: number; page_size: number };
}

function whole(query: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max)
    throw badRequest("invalid_request", `${name} must be a whole number from ${min} to ${max}.`);
  return n;
}
