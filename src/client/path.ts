import { canonicalPath } from "../paths.js";
import { VaultError } from "./errors.js";

/**
 * Builds an API path from a template: a value interpolated after `/v1/secrets/`-style slots is
 * a secret path (its `/` kept, each segment encoded); every other value is one encoded segment.
 * Dot segments and anything canonicalPath rejects never reach a URL.
 */
export function secretUrl(base: string, secretPath: string): string {
  const canon = canonicalPath(secretPath);
  if (!canon.ok) throw new VaultError(`invalid path: ${canon.reason}`, "invalid_path");
  return `${base}/${canon.path.split("/").map(encodeURIComponent).join("/")}`;
}

/** Tagged template: `api\`/v1/policies/${id}\`` encodes every interpolated value as one segment. */
export function api(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    const text = String(value);
    if (text === "" || text === "." || text === ".." || /[/\\]/.test(text))
      throw new VaultError(`invalid identifier "${text.slice(0, 40)}"`, "invalid_request");
    out += encodeURIComponent(text) + (strings[i + 1] ?? "");
  });
  return out;
}
