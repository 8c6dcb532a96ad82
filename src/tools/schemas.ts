import { z } from "zod";

/** Shared argument schemas, so every tool describes the same thing the same way. */
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

export const Duration = z
  .string()
  .regex(/^(\d+[smhdw])+$/, "a duration such as 30m, 1h, 7d")
  .refine((text) => seconds(text) <= MAX_DURATION_SECONDS, "a duration of at most 3650d (10 years)")
  .describe("Duration such as 30m, 1h, 7d");

/** Largest key/value payload a tool accepts; the vault caps request bodies too, this fails earlier and clearer. */
export const MAX_DATA_BYTES = 256 * 1024;

export const Data = z
  .record(z.string(), z.unknown())
  .refine(
    (value) => JSON.stringify(value).length <= MAX_DATA_BYTES,
    `data is larger than ${MAX_DATA_BYTES / 1024} KiB`,
  );

/** ISO 8601 with seconds optional and a mandatory zone: a time without Z or an offset is read differently per host. */
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

export const Timestamp = z
  .string()
  .max(40)
  .refine(
    (value) => ZONED_TIME.test(value) && !Number.isNaN(Date.parse(value)),
    "an ISO 8601 time with Z or a UTC offset, e.g. 2026-05-17T14:30:00Z (a time without a zone is ambiguous)",
  );

/** The same instant in UTC ("...Z"), as the vault is sent it. */
export const utc = (time: string): string => new Date(time).toISOString();
