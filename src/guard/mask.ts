import { replaceAt } from "./selectors.js";

/** What a masked value becomes: the agent learns a value exists, never what it is. */
export const MASK = "••••••";

/** Masks the declared secret fields of a result (the caller passes a copy). */
export function maskFields<T>(result: T, selectors: readonly string[]): T {
  for (const selector of selectors)
    replaceAt(result, selector, (value, urlPassword) => (urlPassword ? maskUrlPassword(value) : MASK));
  return result;
}

/** postgresql://user:pw@host/db -> postgresql://user:••••••@host/db; anything unparsable is masked whole. */
export function maskUrlPassword(value: unknown): unknown {
  if (typeof value !== "string") return MASK;
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^:@/]*)(?::([^@/]*))?@(.*)$/i.exec(value);
  if (!match) return value.includes("@") ? MASK : value;
  const [, scheme, user, password, rest] = match;
  return password === undefined ? value : `${scheme}${user}:${MASK}@${rest}`;
}
