import type { z } from "zod";

/**
 * Masking selectors for an object that carries a secret, deny by default: the secret field
 * (`data` unless named), whatever its JSON type, and every field a vault adds beside it that is
 * not one of the object's known public fields, the keys of its documented wire `shape`. A `data`
 * map keeps its keys (each value is masked; a string, number or array is masked whole); any
 * other secret field is masked whole. `at` is the selector of the object ("versions[]"); the
 * result itself when empty.
 */
export function secretObject(shape: z.ZodRawShape, at = "", secret = "data"): string[] {
  const prefix = at ? `${at}.` : "";
  const known = Object.keys(shape).filter((key) => key !== secret);
  return [`${prefix}*!${[...known, secret].join(",")}`, secret === "data" ? `${prefix}data.*` : `${prefix}${secret}`];
}
