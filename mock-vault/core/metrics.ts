/**
 * The mock's counters, for GET /v1/metrics (Prometheus text exposition format 0.0.4). Process
 * metrics, as a real server's are: a reset zeroes them (like a restart), snapshots leave them out.
 */
export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  labels: Labels;
  value: number;
}

/** One metric family: its samples under one name, HELP and TYPE. */
export interface Family {
  name: string;
  help: string;
  type: "counter" | "gauge";
  samples: Sample[];
}

export class Metrics {
  /** name -> label set (as seriesKey) -> sample */
  readonly #counters = new Map<string, Map<string, Sample>>();

  /** Adds `by` to the counter `name` with these labels (a new label set starts at 0). */
  count(name: string, labels: Labels, by = 1): void {
    let series = this.#counters.get(name);
    if (!series) {
      series = new Map();
      this.#counters.set(name, series);
    }
    const key = seriesKey(labels);
    const sample = series.get(key);
    if (sample) sample.value += by;
    else series.set(key, { labels: { ...labels }, value: by });
  }

  /** The samples of one counter, in the order their label sets first appeared. */
  samples(name: string): Sample[] {
    return [...(this.#counters.get(name)?.values() ?? [])].map((s) => ({ labels: s.labels, value: s.value }));
  }

  clear(): void {
    this.#counters.clear();
  }
}

/**
 * A label set's identity: counted on every request, rendered (labelText) only when scraped.
 * Joined, not JSON: names and values cannot hold the separators (header values refuse NUL).
 */
function seriesKey(labels: Labels): string {
  let key = "";
  for (const name in labels) key += `${name}\u0000${labels[name]}\u0000`;
  return key;
}

/**
 * The endpoint class of a path, as the requests_total series labels it: the area after /v1/
 * (secrets, policies, pki, identity, health, ...), "control" for /_mock/, "other" for the rest.
 */
export function pathCategory(path: string): string {
  if (path.startsWith("/_mock") && (path.length === 6 || path[6] === "/")) return "control";
  if (!path.startsWith("/v1/")) return "other";
  const end = path.indexOf("/", 4);
  const area = end < 0 ? path.slice(4) : path.slice(4, end);
  return AREA.test(area) ? area : "other";
}

const AREA = /^[a-z][a-z0-9-]{0,31}$/;

/** Prometheus text format: HELP, TYPE and one line per sample, label values escaped. */
export function renderPrometheus(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const { labels, value } of family.samples) lines.push(`${family.name}${labelText(labels)} ${number(value)}`);
  }
  return `${lines.join("\n")}\n`;
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  let text = "{";
  for (const [k, v] of entries) {
    // Counted on every request: most values need no escaping.
    const value = NEEDS_ESCAPE.test(v) ? v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n") : v;
    text += `${text.length > 1 ? "," : ""}${k}="${value}"`;
  }
  return `${text}}`;
}

const NEEDS_ESCAPE = /[\\"\n]/;

function number(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}
