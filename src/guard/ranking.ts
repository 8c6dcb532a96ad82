type Ranked = Record<string, unknown> & { has_more?: unknown };

/**
 * What the guard asks for as "the whole ranking" under a path window: no bound. A ranking is
 * computed from a bounded scan (tools/audit-aggregate.ts), so asking for all of it costs no
 * request; any bound below the group count would let hidden entries crowd out visible ones.
 */
export const WHOLE_RANKING = Number.MAX_SAFE_INTEGER;

/**
 * Cuts a ranking at `limit` after the guard filtered and recounted it: cut before filtering, hidden
 * entries on top would leave the agent none. has_more is then true when visible entries were cut,
 * or when the ranking itself says it is incomplete.
 */
export function cutRanking(result: Ranked, field: string, limit: number): void {
  const entries = result[field];
  if (!Array.isArray(entries) || entries.length <= limit) return;
  result[field] = entries.slice(0, limit);
  result.has_more = true;
}
