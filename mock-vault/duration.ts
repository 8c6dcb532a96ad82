/** Durations as the ScaiVault API writes them: "90s", "30m", "1h", "7d", "2w", "1h30m", or ISO-8601 "PT1H". */
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseDuration(text: string): number | undefined {
  const value = text.trim();
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(value);
  if (iso && value.length > 1 && value.toUpperCase() !== "PT") {
    const [, d, h, m, s] = iso;
    return (
      Number(d ?? 0) * UNIT_MS.d! + Number(h ?? 0) * UNIT_MS.h! + Number(m ?? 0) * UNIT_MS.m! + Number(s ?? 0) * 1000
    );
  }
  if (!/^(\d+[smhdw])+$/.test(value)) return undefined;
  let total = 0;
  for (const [, n, unit] of value.matchAll(/(\d+)([smhdw])/g)) total += Number(n) * UNIT_MS[unit as string]!;
  return total;
}

/** Seconds -> the shortest exact duration string ("3600" -> "1h"). */
export function formatDuration(ms: number): string {
  for (const unit of ["w", "d", "h", "m"] as const)
    if (ms % UNIT_MS[unit]! === 0 && ms >= UNIT_MS[unit]!) return `${ms / UNIT_MS[unit]!}${unit}`;
  return `${Math.round(ms / 1000)}s`;
}
