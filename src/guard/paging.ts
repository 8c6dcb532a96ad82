import { PageBudget, walkPages } from "../client/page-walk.js";
import type { ToolDef } from "../tools/define.js";
import { listOf } from "./selectors.js";

type Page = Record<string, unknown> & { cursor?: unknown; has_more?: unknown };

/**
 * Runs a paged tool under a path window. Filtering a vault page can leave it short or empty
 * while `has_more` says more exists; an agent would then page through hidden entries. So further
 * pages are fetched, each asking only for what is still missing, until `limit` visible entries
 * are in hand, the vault has no more, or the shared page bound is reached (client/page-walk.ts).
 * Nothing is cut from a page, so the last cursor loses no entry. `visible` is the guard's filter
 * for one entry list.
 */
export async function refillPages(
  def: Pick<ToolDef, "paged" | "resultPaths">,
  args: Record<string, unknown>,
  fetchPage: (args: Record<string, unknown>) => Promise<unknown>,
  visible: (entries: unknown[]) => unknown[],
  budget: PageBudget = new PageBudget(),
): Promise<unknown> {
  const field = def.paged ? listOf(def.resultPaths?.[0]) : undefined;
  if (!field) return fetchPage(args);
  let first: Page | undefined;
  const entries: unknown[] = [];
  let target = 0;
  const { last } = await walkPages(
    (cursor, index) =>
      fetchPage(index === 0 ? args : { ...args, cursor, limit: target - entries.length }) as Promise<Page>,
    (page) => {
      const list = page?.[field];
      if (!Array.isArray(list)) return false;
      if (!first) {
        first = page;
        target = typeof args.limit === "number" ? args.limit : list.length;
      }
      entries.push(...visible(list));
      return entries.length < target;
    },
    budget,
  );
  // A first page without the list is passed on as the vault sent it.
  if (!first) return last;
  const page = last ?? first;
  return { ...first, [field]: entries, cursor: page.cursor ?? null, has_more: page.has_more === true };
}
