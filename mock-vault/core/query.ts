/** Query parameters read the same way in every domain: strict flags and enums, durations, paths. */
import { parseDuration } from "./duration.js";
import { badRequest } from "./errors.js";

/** `true` / `false`, undefined when absent; anything else is 400. */
export function flag(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (raw === "true" || raw === "false") return raw === "true";
  throw badRequest("invalid_request", `${name} must be true or false.`);
}

/** One of `values`, undefined when absent; anything else is 400. */
export function oneOf<T extends string>(query: URLSearchParams, name: string, values: readonly T[]): T | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if ((values as readonly string[]).includes(raw)) return raw as T;
  throw badRequest("invalid_request", `${name} must be one of ${values.join(", ")}.`);
}

/** `expiring_within` (a duration such as 30d) in milliseconds, undefined when absent; 400 invalid_duration when it does not parse. */
export function expiringWithin(query: URLSearchParams): number | undefined {
  const within = query.get("expiring_within");
  if (within === null) return undefined;
  const ms = parseDuration(within);
  if (ms === undefined) throw badRequest("invalid_duration", `Duration '${within.slice(0, 40)}' did not parse.`);
  return ms;
}

/** A path as callers write it, without leading or trailing slashes. */
export const trimSlashes = (path: string) => path.replace(/^\/+|\/+$/g, "");
