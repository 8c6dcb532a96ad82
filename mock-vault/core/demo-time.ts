/** The mock clock's default start: a fixed demo "today", so the same seed gives the same timestamps. */
export const DEFAULT_NOW = "2026-05-17T15:00:00.000Z";

/** A clock start given by a user: an ISO 8601 time with an offset, or "now" for the wall clock. */
export function parseClockStart(value: string, wallClock: () => Date = () => new Date()): Date | undefined {
  const v = value.trim();
  if (v === "now") return wallClock();
  if (!/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/.test(v)) return undefined;
  const at = new Date(v);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
