/**
 * A deep copy of plain data (objects, arrays, primitives: what a JSON body holds), several times
 * cheaper than structuredClone for the small values a secret's data and metadata are; every read
 * and write copies them. Anything else (a Date, a Map, a cycle, a class instance) is left to
 * structuredClone, with its semantics and errors.
 */
export function plainCopy<T>(value: T): T {
  try {
    return copy(value, 0) as T;
  } catch (error) {
    if (error === NOT_PLAIN) return structuredClone(value);
    throw error;
  }
}

const NOT_PLAIN = Symbol("not plain data");
/** Deeper than any document a person writes; a cycle gets there too. */
const MAX_DEPTH = 64;

function copy(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== "object") {
    if (typeof value === "function" || typeof value === "symbol") throw NOT_PLAIN;
    return value;
  }
  if (depth > MAX_DEPTH) throw NOT_PLAIN;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) throw NOT_PLAIN;
    return value.map((item) => copy(item, depth + 1));
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copy((value as Record<string, unknown>)[key], depth + 1);
    // An own "__proto__" (JSON.parse makes one) stays a property, as structuredClone keeps it.
    if (key === "__proto__")
      Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out;
}
