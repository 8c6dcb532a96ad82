import type { z } from "zod";

/**
 * Masking selectors for an object that carries secret data (a secret, a version, a rotation, a
 * preview, a proxied read), deny by default: every value of `data`, whatever its JSON type
 * (`data` itself when it is a string, a number or an array), and every field a vault adds beside
 * it that is not one of the object's known public fields, the keys of its documented `shape`.
 * `at` is the selector of the object ("versions[]"); the result itself when empty.
 */
export function secretObject(shape: z.ZodRawShape, at = ""): string[] {
  const prefix = at ? `${at}.` : "";
  const known = Object.keys(shape).filter((key) => key !== "data");
  return [`${prefix}*!${[...known, "data"].join(",")}`, `${prefix}data.*`];
}
