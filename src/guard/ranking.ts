type Ranked = Record<string, unknown> & { has_more?: unknown };

/**
 * What the guard asks for as "the whole ranking" under a path window: no bound. The one ranking
 * (find_unauthorized_access) is computed by the client from its bounded audit scan, so asking for
 * all of it costs no request; any bound below the group count would let hidden groups crowd out again.
 */
export const WHOLE_RANKING = Number.MAX_SAFE_INTEGER;

/**
 * A ranking (find_unauthorized_access's groups, most denials first) is cut at `limit` by whoever
 * computes it. Under a path window, cutting before filtering lets hidden entries crowd out visible
 * ones: five hidden groups on top and limit 5 leave the agent none. So the guard asks for the whole
 * ranking, filters and recounts it, and only then cuts it here. has_more is then true when
 * visible entries were cut, or when the ranking itself says it is incomplete.
 */
export function cutRanking(result: Ranked, field: string, limit: number): void {
  const entries = result[field];
  if (!Array.isArray(entries) || entries.length <= limit) return;
  result[field] = entries.slice(0, limit);
  result.has_more = true;
}
