type Ranked = Record<string, unknown> & { has_more?: unknown };

/** What the guard asks for as "the whole ranking" under a path window: the tools' own limit bound. */
export const WHOLE_RANKING = 1000;

/**
 * A ranking (find_unauthorized_access's groups, most denials first) is cut at `limit` by whoever
 * computes it. Under a path window, cutting before filtering lets hidden entries crowd out visible
 * ones: five hidden groups on top and limit 5 leave the agent none. So the guard asks for the whole
 * ranking, filters and recounts it, and only then cuts it here (has_more when something was cut).
 */
export function cutRanking(result: Ranked, field: string, limit: number): void {
  const entries = result[field];
  if (!Array.isArray(entries) || entries.length <= limit) return;
  result[field] = entries.slice(0, limit);
  result.has_more = true;
}
