/**
 * Values on and around the edges a JSON Schema draws, derived from the schema alone: lengths
 * and bounds just inside and just outside, strings its pattern matches and near misses of
 * them, date-times in every form format "date-time" allows and ones it does not, arrays one
 * item short and one too many. Nothing here says which are valid: a validator decides.
 */
import fc from "fast-check";

export type Schema = Record<string, any>;

const SEED = 17;
/** Probed where a schema lists no bound: just past the sizes servers commonly cap at. */
const UNLISTED_LENGTHS = [65, 129, 257, 513, 1025, 2049, 4097, 65_537];
const UNLISTED_COUNTS = [21, 51, 101, 1001];
const samples = <T>(arb: fc.Arbitrary<T>, numRuns: number): T[] => fc.sample(arb, { seed: SEED, numRuns });

/** Strings of length n built from `fill` (repeated, then cut), or undefined for a negative n. */
function ofLength(fill: string, n: number): string | undefined {
  if (n < 0) return undefined;
  if (!fill) fill = "a";
  return fill.repeat(Math.ceil(n / fill.length) + 1).slice(0, n);
}

/** Strings matching `pattern`: fast-check's generator, shortest first. */
export function matching(pattern: string, count = 12): string[] {
  const found = samples(fc.stringMatching(new RegExp(pattern, "u"), { size: "small" }), count);
  return [...new Set(found)].sort((a, b) => a.length - b.length);
}

/** Instants in any zone, written as RFC 3339 date-times and as near misses of one. */
function dateTimes(): string[] {
  const instants = samples(
    fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-12-31T23:59:59Z") }),
    6,
  );
  const out: string[] = [];
  for (const instant of instants) {
    const iso = instant.toISOString();
    out.push(iso, iso.replace(".000Z", "Z"), iso.replace("Z", "+05:30"), iso.replace("Z", "-08:00"));
    out.push(iso.toLowerCase(), iso.replace("T", " "), iso.replace("Z", "+0200"), iso.replace("Z", "+02"));
    out.push(iso.slice(0, 19), `${iso.slice(0, 16)}Z`, iso.slice(0, 10), iso.replace("Z", "+24:00"));
  }
  return [
    ...out,
    "2024-02-29T12:00:00Z",
    "2026-02-29T12:00:00Z",
    "2026-02-31T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-05-17T24:00:00Z",
    "2026-05-17T14:60:00Z",
    "2016-12-31T23:59:60Z",
    "2016-12-31T23:59:60+01:00",
    "2017-01-01T00:59:60+01:00",
    "2026-05-17T14:30:00.123456789Z",
    "yesterday",
  ];
}

/** Says whether a value is valid against a (sub)schema: the oracle, a JSON Schema validator. */
export type Oracle = (schema: Schema) => (value: unknown) => boolean;

/** A member of `schema` the oracle accepts, for building the arguments around the value under test. */
export function sampleOf(schema: Schema, valid: Oracle): unknown {
  if (schema.type === "object" && schema.properties) {
    const out: Record<string, unknown> = {};
    for (const name of schema.required ?? []) out[name] = sampleOf(schema.properties[name], valid);
    if (valid(schema)(out)) return out;
  }
  if (schema.type === "array") {
    const member = sampleOf(schema.items ?? {}, valid);
    const out = Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => structuredClone(member));
    if (valid(schema)(out)) return out;
  }
  // The shortest valid candidate: the one least likely to meet a rule the schema cannot state.
  const found = edgeValues(schema, valid, { shallow: true })
    .filter(valid(schema))
    .sort((a, b) => JSON.stringify(a).length - JSON.stringify(b).length)[0];
  if (found === undefined) throw new Error(`no valid sample for ${JSON.stringify(schema).slice(0, 200)}`);
  return found;
}

/** Edge values of one schema. `shallow` skips payload-sized candidates (for building samples). */
export function edgeValues(schema: Schema, valid: Oracle, options: { shallow?: boolean } = {}): unknown[] {
  const out: unknown[] = [];
  const type = schema.type;
  if (Array.isArray(schema.enum)) {
    out.push(...schema.enum);
    for (const member of schema.enum)
      if (typeof member === "string") out.push(`${member}x`, member.toUpperCase(), member.slice(1));
      else if (typeof member === "number") out.push(member + 1, member - 1);
  }
  switch (type) {
    case "string": {
      const min = schema.minLength ?? 0;
      const max = schema.maxLength;
      if (schema.format === "date-time") out.push(...dateTimes());
      const fills = schema.pattern ? matching(schema.pattern) : ["a", "sample-value"];
      if (schema.pattern)
        for (const s of fills)
          out.push(s, `${s} `, `-${s}`, s.slice(1), s.toUpperCase(), `${s}!`, `${s}${s.slice(-1)}`);
      const fill = fills.find((s) => s.length > 0) ?? "a";
      // Without a maxLength, lengths past the caps a server might keep to itself.
      for (const n of [0, min - 1, min, min + 1, ...(max === undefined ? UNLISTED_LENGTHS : [max - 1, max, max + 1])])
        out.push(ofLength(fill, n));
      out.push(1, null);
      break;
    }
    case "integer":
    case "number": {
      const points = [schema.minimum, schema.maximum, schema.exclusiveMinimum, schema.exclusiveMaximum].filter(
        (n): n is number => typeof n === "number",
      );
      for (const p of points) out.push(p, p - 1, p + 1);
      if (schema.minimum === undefined && schema.exclusiveMinimum === undefined) out.push(-1e6, -1e15);
      if (schema.maximum === undefined && schema.exclusiveMaximum === undefined) out.push(1e6, 1e15);
      if (type === "integer") out.push(...points.map((p) => p + 0.5));
      out.push(0, 1, -1, 24, 1.5, "1");
      break;
    }
    case "boolean":
      out.push(true, false, "true", 0);
      break;
    case "array": {
      const member = sampleOf(schema.items ?? {}, valid);
      const min = schema.minItems ?? 0;
      const counts = [
        0,
        min - 1,
        min,
        min + 1,
        ...(schema.maxItems === undefined ? UNLISTED_COUNTS : [schema.maxItems, schema.maxItems + 1]),
      ];
      for (const n of new Set(counts)) if (n >= 0) out.push(Array.from({ length: n }, () => structuredClone(member)));
      out.push("x", {});
      break;
    }
    case "object": {
      if (!schema.properties) {
        // A free-form record: empty, small, and (unless shallow) past a payload-size rule.
        out.push({}, { key: "value" }, { nested: { a: [1, 2] } });
        if (!options.shallow) out.push({ blob: "x".repeat(256 * 1024) }, { blob: "x".repeat(200 * 1024) });
      } else out.push({}, sampleOf(schema, valid));
      out.push("x", []);
      break;
    }
    default:
      out.push("x", 1, {});
  }
  return out.filter((v) => v !== undefined);
}
