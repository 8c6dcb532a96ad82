/**
 * The extra filters of a webhook (`filters.path_prefix`, `filters.secret_type`, `filters.tags`,
 * reference/webhooks) and of a subscription (`filters`), with one meaning for both: each given
 * filter narrows, an event about no path passes none of them, and a secret must carry every
 * listed tag.
 */
import { z } from "zod";

export const EventFiltersBody = z.looseObject({
  path_prefix: z.string().max(512).optional(),
  secret_type: z.enum(["kv", "json", "certificate", "ssh_key", "api_key"]).optional(),
  tags: z.array(z.string().min(1).max(100)).max(50).optional(),
});

export interface EventFilters {
  path_prefix?: string;
  secret_type?: string;
  tags?: string[];
}

/** Type and tags of the secret at a path (undefined when there is none). */
export type LabelsOf = (path: string) => { secret_type: string; tags: readonly string[] } | undefined;

/** The known filters of a request body, with a path prefix written without its slashes. */
export function eventFilters(body: z.output<typeof EventFiltersBody> | undefined): EventFilters {
  const filters: EventFilters = {};
  const prefix = body?.path_prefix?.replace(/^\/+|\/+$/g, "");
  if (prefix) filters.path_prefix = prefix;
  if (body?.secret_type) filters.secret_type = body.secret_type;
  if (body?.tags?.length) filters.tags = [...new Set(body.tags)];
  return filters;
}

export function passesFilters(filters: EventFilters, path: string | undefined, labelsOf: LabelsOf): boolean {
  const { path_prefix, secret_type, tags } = filters;
  if (path_prefix === undefined && secret_type === undefined && tags === undefined) return true;
  if (path === undefined) return false;
  if (path_prefix !== undefined && path !== path_prefix && !path.startsWith(`${path_prefix}/`)) return false;
  if (secret_type === undefined && tags === undefined) return true;
  const labels = labelsOf(path);
  if (!labels) return false;
  if (secret_type !== undefined && labels.secret_type !== secret_type) return false;
  return (tags ?? []).every((tag) => labels.tags.includes(tag));
}
