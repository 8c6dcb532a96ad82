/** Durations as the ScaiVault API writes them: "90s", "30m", "1h", "7d", "2w", "1h30m", or ISO-8601 "PT1H". */
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * The longest duration the mock accepts anywhere: 10 years (the docs give no limit; CA validity
 * defaults to 3650 days). Longer ones, and numbers past 2^53, are invalid: they would put dates
 * out of range.
 */
export const MAX_DURATION_MS = 3650 * UNIT_MS.d!;

/** Milliseconds, or undefined when the text does not parse or exceeds MAX_DURATION_MS. */
export function parseDuration(text: string): number | undefined {
  const total = sum(text.trim());
  return total === undefined || !Number.isSafeInteger(total) || total > MAX_DURATION_MS ? undefined : total;
}

/** One <count><unit> part of a duration, matched where the previous part ended. */
const PART = /(\d+)([smhdw])/y;

function sum(value: string): number | undefined {
  const parts: [string | undefined, number][] = [];
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(value);
  if (iso && value.length > 1 && value.toUpperCase() !== "PT") {
    const [, d, h, m, s] = iso;
    parts.push([d, UNIT_MS.d!], [h, UNIT_MS.h!], [m, UNIT_MS.m!], [s, 1000]);
  } else {
    // "1h30m": the whole text is a run of <count><unit> parts.
    let end = 0;
    PART.lastIndex = 0;
    for (let m = PART.exec(value); m; m = PART.exec(value)) {
      parts.push([m[1], UNIT_MS[m[2] as string]!]);
      end = PART.lastIndex;
    }
    if (parts.length === 0 || end !== value.length) return undefined;
  }
  let total = 0;
  for (const [n, unit] of parts) {
    const count = Number(n ?? 0);
    if (!Number.isSafeInteger(count)) return undefined;
    total += count * unit;
  }
  return total;
}

/** Seconds -> the shortest exact duration string ("3600" -> "1h"). */
export function formatDuration(ms: number): string {
  for (const unit of ["w", "d", "h", "m"] as const)
    if (ms % UNIT_MS[unit]! === 0 && ms >= UNIT_MS[unit]!) return `${ms / UNIT_MS[unit]!}${unit}`;
  return `${Math.round(ms / 1000)}s`;
}
