/**
 * One-line summaries of step results for transcripts (`npm run scenarios`, `--demo`): the answer
 * to the step's question first (decision, allowed, reason, counts), then what identifies the
 * result, cut at word boundaries so that no value reads as another.
 */

/** Fields that answer what a step asks, in the order a reader looks for them. */
const HEADLINE = [
  "decision",
  "allowed",
  "reason",
  "deleted",
  "status",
  "count",
  "total",
  "total_denied",
  "total_events",
  "denied_events",
  "identity_id",
  "secret_path",
  "path",
  "name",
  "id",
];
/** Keys a listing has besides its records. */
const LISTING_META = new Set(["cursor", "has_more", "next_cursor", "complete", "from", "to", "limit", ...HEADLINE]);
const LONG = new Set(["reason", "message"]);

/** At most `max` characters, shortened at a space or comma, with "…" when something was left out. */
export function cut(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ");
  if (flat.length <= max) return flat;
  const head = flat.slice(0, max);
  const at = Math.max(head.lastIndexOf(" "), head.lastIndexOf(", ") + 1);
  return `${(at > max / 2 ? head.slice(0, at) : head).replace(/[\s,]+$/, "")}…`;
}

export interface Summarised {
  ok: boolean;
  value: unknown;
  text: string;
}

export function summarise(out: Summarised): string {
  if (!out.ok) return cut(out.text.split("\n")[0] ?? "", 220);
  const v = out.value;
  if (!v || typeof v !== "object") return cut(String(v), 200);
  const o = v as Record<string, unknown>;
  // A listing: records in one array field, and besides it only pagination and totals.
  const listKey = Object.keys(o).find((k) => {
    const x = o[k];
    return Array.isArray(x) && (x.length === 0 || typeof x[0] === "object");
  });
  const list = listKey ? (o[listKey] as unknown[]) : undefined;
  if (list && (listKey === "data" || Object.keys(o).every((k) => k === listKey || LISTING_META.has(k)))) {
    const head = headline(o);
    const names = list
      .slice(0, 4)
      .map((item) => (item && typeof item === "object" ? nameOf(item as Record<string, unknown>) : String(item)));
    const items = `${list.length} item(s)${names.length ? `: ${names.join(", ")}${list.length > 4 ? ", …" : ""}` : ""}`;
    return cut(head ? `${head} · ${items}` : items, 400);
  }
  return describe(o);
}

function headline(o: Record<string, unknown>): string {
  return HEADLINE.filter((k) => o[k] !== undefined && o[k] !== null && typeof o[k] !== "object")
    .map((k) => `${k}=${cut(String(o[k]), LONG.has(k) ? 220 : 60)}`)
    .join(" ");
}

function nameOf(o: Record<string, unknown>): string {
  // Audit events read best as a log line: time, who, what, where, outcome.
  if (typeof o.timestamp === "string" && (o.identity_id || o.actor)) {
    const outcome = o.outcome ?? (o.success === false ? "failed" : "ok");
    const code = o.error_code ? ` (${String(o.error_code)})` : "";
    return `${o.timestamp.slice(11, 19)} ${String(o.identity_id ?? o.actor)} ${String(o.action ?? "")} ${String(o.secret_path ?? o.path ?? "")} → ${String(outcome)}${code}`;
  }
  const name =
    o.path ??
    o.name ??
    o.id ??
    o.event_type ??
    o.type ??
    (o.version !== undefined ? `v${String(o.version)}` : undefined);
  const version = o.path && o.version !== undefined ? ` (v${String(o.version)})` : "";
  return name === undefined ? cut(describe(o), 90) : `${String(name)}${version}`;
}

/**
 * Headline fields, then the secret's data (what a reader of a read looks for, masked or not), then
 * lists and nested objects (what was attached, which policies), then the remaining scalars.
 */
function describe(o: Record<string, unknown>): string {
  const parts = [headline(o)].filter(Boolean);
  const order = ([k, v]: [string, unknown]) => (k === "data" ? 0 : v && typeof v === "object" ? 1 : 2);
  const rest = Object.entries(o)
    .filter(([k]) => !HEADLINE.includes(k) || typeof o[k] === "object")
    .sort((a, b) => order(a) - order(b));
  for (const [k, value] of rest) {
    if (value === null || value === undefined || value === "") continue;
    if (typeof value === "object" && Object.keys(value).length === 0) continue;
    if (typeof value !== "object") parts.push(`${k}=${cut(String(value), 60)}`);
    else if (Array.isArray(value))
      parts.push(
        value.every((x) => typeof x !== "object")
          ? `${k}[${cut(value.join(", "), 60)}]`
          : `${k}[${value.length}: ${cut(value.map((x) => nameOf((x ?? {}) as Record<string, unknown>)).join(", "), 60)}]`,
      );
    else if (Object.keys(value).length <= 4)
      parts.push(
        `${k}{${Object.entries(value)
          .map(([kk, vv]) => `${kk}: ${typeof vv === "object" ? "…" : cut(String(vv), 24)}`)
          .join(", ")}}`,
      );
    if (parts.join(" ").length > 240) break;
  }
  return cut(parts.join(" "), 300);
}
