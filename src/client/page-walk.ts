/**
 * The one bound on loops that page the vault: refilling a filtered page, listing for resources and
 * completions, scanning the audit log. A vault that always answers `has_more: true` (an empty page
 * and a fresh cursor each time) must not turn one MCP request into an endless walk, so every walk
 * stops after MAX_WALK_PAGES pages or MAX_WALK_MS, whichever comes first, and when the request's
 * signal is aborted. A walk that stops early says so (`complete: false`). Each page read is a
 * progress step for a client that asked for progress.
 */
import { reportProgress, requestSignal } from "../request-scope.js";

/** Most vault pages one request walks (all walks of that request together when they share a budget). */
export const MAX_WALK_PAGES = 10;
/** Longest one request spends walking pages; the page in flight still ends within the client's timeout. */
export const MAX_WALK_MS = 20_000;

export interface PageLike {
  cursor?: unknown;
  has_more?: unknown;
}

/** Pages and time left for one request's walks. */
export class PageBudget {
  #pages = 0;
  readonly #deadline: number;

  constructor(
    /** The request being served, by default. */
    readonly signal: AbortSignal | undefined = requestSignal(),
    readonly limits: { pages: number; ms: number } = { pages: MAX_WALK_PAGES, ms: MAX_WALK_MS },
    readonly now: () => number = Date.now,
  ) {
    this.#deadline = now() + limits.ms;
  }

  /** Takes one page; false when the pages or the time are spent or the request was cancelled. */
  take(): boolean {
    if (this.signal?.aborted || this.#pages >= this.limits.pages || this.now() >= this.#deadline) return false;
    this.#pages++;
    return true;
  }

  get pagesTaken(): number {
    return this.#pages;
  }
}

/**
 * Fetches pages, the first at `start`, each later one at the cursor the previous page gave,
 * handing each to `keep` (which returns false once it has enough). Stops as well when the vault
 * has no more (has_more not true, or no cursor), when it gives a cursor a second time, and when
 * `budget` is spent. `complete` is true when the vault's last page was reached.
 */
export async function walkPages<P extends PageLike>(
  fetchPage: (cursor: string | undefined, index: number) => Promise<P>,
  keep: (page: P) => boolean,
  budget: PageBudget,
  start?: string,
): Promise<{ last: P | undefined; complete: boolean }> {
  const seen = new Set<string>();
  let cursor = start;
  let last: P | undefined;
  for (let index = 0; budget.take(); index++) {
    last = await fetchPage(cursor, index);
    reportProgress(`read vault page ${index + 1}`);
    const more = keep(last);
    const next = typeof last?.cursor === "string" && last.cursor !== "" ? last.cursor : undefined;
    if (last?.has_more !== true || next === undefined) return { last, complete: true };
    if (!more || seen.has(next)) return { last, complete: false };
    seen.add(next);
    cursor = next;
  }
  return { last, complete: false };
}
