import type { ToolDef } from "../tools/define.js";
import { listOf } from "./selectors.js";

type Page = Record<string, unknown> & { cursor?: unknown; has_more?: unknown };

/** Most vault pages fetched for one call while refilling, so a window that hides nearly everything stays cheap. */
export const MAX_REFILL_PAGES = 10;

/**
 * Runs a paged tool under a path window. Filtering a vault page can leave it short or empty
 * while `has_more` says more exists; an agent would then page through hidden entries. So further
 * pages are fetched, each asking only for what is still missing, until `limit` visible entries
 * are in hand or the vault has no more. Nothing is cut from a page, so the last cursor loses no
 * entry. `visible` is the guard's filter for one entry list.
 */
export async function refillPages(
  def: ToolDef,
  args: Record<string, unknown>,
  fetchPage: (args: Record<string, unknown>) => Promise<unknown>,
  visible: (entries: unknown[]) => unknown[],
): Promise<unknown> {
  const field = def.paged ? listOf(def.resultPaths?.[0]) : undefined;
  const first = (await fetchPage(args)) as Page;
  if (!field || !Array.isArray(first?.[field])) return first;
  const entries = visible(first[field] as unknown[]);
  const target = typeof args.limit === "number" ? args.limit : (first[field] as unknown[]).length;
  let page = first;
  for (let n = 1; n < MAX_REFILL_PAGES && entries.length < target; n++) {
    if (page.has_more !== true || typeof page.cursor !== "string") break;
    page = (await fetchPage({ ...args, cursor: page.cursor, limit: target - entries.length })) as Page;
    if (!Array.isArray(page?.[field])) break;
    entries.push(...visible(page[field] as unknown[]));
  }
  return { ...first, [field]: entries, cursor: page.cursor ?? null, has_more: page.has_more === true };
}
