import { z } from "zod";

/**
 * Shared argument schemas, so every tool describes the same thing the same way. Every check here
 * shows in tools/list (list.ts): as JSON Schema where it can say it, else as a `rule` phrase the
 * listing appends to the argument's description (see `ruled`).
 */

/** Meta key of a rule JSON Schema cannot state; list.ts moves it into the listed description. */
export const RULE = "rule";

/**
 * `schema` with a check JSON Schema cannot state (a sum of durations, a payload size): the
 * server enforces it and the listed description says `rule`, which is also the failure's
 * `params.rule` so a test can find where the refusal is said.
 */
export function ruled<T extends z.ZodType>(
  schema: T,
  check: (value: z.output<T>) => boolean,
  message: string,
  rule: string,
): T {
  return schema.refine(check, { message, params: { [RULE]: rule } }).meta({ [RULE]: rule }) as T;
}

/**
 * An object of named arguments that refuses keys it does not declare, naming them and the
 * known ones: a misspelled `permanant: true` must not be dropped and the call go through.
 */
export function strictArgs<S extends z.ZodRawShape>(shape: S) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown argument${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}: ${
            known.length ? `this takes ${known.join(", ")}` : "this takes none"
          }`
        : undefined,
  });
}

export const SecretPath = z
  .string()
  .min(1)
  .max(512)
  .describe("Secret path, slash-separated, e.g. integrations/stripe/api-key");

export const Prefix = z
  .string()
  .max(512)
  .optional()
  .describe("Path prefix to list under, e.g. integrations/ (all allowed paths when omitted)");

export const TenantId = z.string().max(128).optional().describe("Tenant (default: the token's)");

export const Limit = z.number().int().min(1).max(1000).optional().describe("Page size (default 100)");
export const Cursor = z.string().max(2048).optional().describe("Cursor from a previous page");

/**
 * Arguments that mean the same in every tool taking them. tools/list leaves their descriptions
 * out (about 50 arguments x 40 bytes on every request) and the server instructions state them once.
 */
export const CONVENTIONAL_ARGS: ReadonlySet<unknown> = new Set([TenantId, Limit, Cursor]);
export function argConventions(lockedTenant?: string): string {
  return [
    "Tools taking a cursor return pages: while a result has has_more, pass its cursor back as cursor; limit is the page size (default 100).",
    lockedTenant
      ? `tenant_id, where a tool takes it, defaults to ${lockedTenant}, the only tenant this server serves.`
      : "tenant_id, where a tool takes it, defaults to the token's tenant.",
  ].join(" ");
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
/** Longest duration a tool takes: 10 years (the vault may allow less, e.g. for lease TTLs). */
export const MAX_DURATION_SECONDS = 3650 * 86_400;
const seconds = (text: string) =>
  [...text.matchAll(/(\d+)([smhdw])/g)].reduce(
    (sum, [, n, unit]) => sum + Number(n) * UNIT_SECONDS[unit as string]!,
    0,
  );

export const Duration = ruled(
  z.string().regex(/^(\d+[smhdw])+$/, "a duration such as 30m, 1h, 7d"),
  (text) => seconds(text) <= MAX_DURATION_SECONDS,
  "a duration of at most 3650d (10 years)",
  "at most 3650d",
).describe("Duration such as 30m, 1h, 7d");

/** Largest key/value payload a tool accepts; the vault caps request bodies too, this fails earlier and clearer. */
export const MAX_DATA_BYTES = 256 * 1024;

export const Data = ruled(
  z.record(z.string(), z.unknown()),
  (value) => JSON.stringify(value).length <= MAX_DATA_BYTES,
  `data is larger than ${MAX_DATA_BYTES / 1024} KiB`,
  `at most ${MAX_DATA_BYTES / 1024} KiB as JSON`,
);

const DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** RFC 3339 date-time, with the leniencies of ajv-formats (JSON Schema's usual validator): t or a space, +hh or +hhmm. */
const DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)[Tt\s](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:[Zz]|([+-])(\d\d)(?::?(\d\d))?)$/;

/**
 * The instant a zoned time names, in ms since the epoch, or undefined when `text` is not a
 * date-time in the sense of JSON Schema's `format: "date-time"` (a real calendar day, a zone).
 */
export function zonedTimeMs(text: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[];
  const sign = m[8] === "-" ? -1 : 1;
  const offsetMinutes = sign * (Number(m[9] ?? 0) * 60 + Number(m[10] ?? 0));
  const leapYear = year! % 4 === 0 && (year! % 100 !== 0 || year! % 400 === 0);
  const monthDays = month === 2 && !leapYear ? 28 : DAYS[month!];
  if (!monthDays || day! < 1 || day! > monthDays || hour! > 23 || minute! > 59) return undefined;
  if (Number(m[9] ?? 0) > 23 || Number(m[10] ?? 0) > 59) return undefined;
  const utcMinutes = hour! * 60 + minute! - offsetMinutes;
  // A leap second (:60) exists only at 23:59 UTC.
  if (second! > 59 && !(second === 60 && ((utcMinutes % 1440) + 1440) % 1440 === 1439)) return undefined;
  const ms = Number(`0.${m[7] ?? 0}`) * 1000;
  return Date.UTC(year!, month! - 1, day!, hour!, minute!, second!, Math.floor(ms)) - offsetMinutes * 60_000;
}

/** ISO 8601 / RFC 3339 with seconds and a mandatory zone: a time without Z or an offset is read differently per host. */
export const Timestamp = z
  .string()
  .refine(
    (value) => zonedTimeMs(value) !== undefined,
    "an ISO 8601 time with Z or a UTC offset, and seconds: e.g. 2026-05-17T14:30:00Z (a time without a zone is ambiguous)",
  )
  .meta({ format: "date-time" });

/** The same instant in UTC ("...Z"), as the vault is sent it. */
export const utc = (time: string): string => new Date(zonedTimeMs(time) as number).toISOString();
