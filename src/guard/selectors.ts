/**
 * Tiny selector language used by tool declarations: dot-separated keys, `[]` for every array item,
 * `*` for every value of an object, `*!a,b` for every value except those of keys a and b (what
 * the list does not name is masked); a wildcard ending a selector is secret by default, so a
 * scalar found where it expected an object (`data` as a string or a number) is replaced whole,
 * as is any value whose shape a step does not expect (a string where `[]` wants an array),
 * an optional `#password` suffix for the password inside a URL string, and `@keys` for the keys
 * of an object (read-only). Examples: "data.*", "versions[].data.*", "credentials.*!username,region",
 * "credentials.connection_url#password", "path_mapping.@keys".
 */
type Json = unknown;

const EXCEPT = "*!";

function parse(selector: string): { keys: string[]; urlPassword: boolean } {
  const [path, fragment] = selector.split("#");
  const keys: string[] = [];
  for (const part of (path as string).split(".")) {
    if (part.endsWith("[]")) keys.push(part.slice(0, -2), "[]");
    else keys.push(part);
  }
  return { keys: keys.filter((k) => k !== ""), urlPassword: fragment === "password" };
}

/** The keys of `node` a wildcard step reaches: all of them for `*`, all but the listed ones for `*!a,b`. */
function wildcardKeys(node: object, key: string): string[] {
  const keys = Object.keys(node);
  if (key === "*") return keys;
  const kept = new Set(key.slice(EXCEPT.length).split(","));
  return keys.filter((k) => !kept.has(k));
}

const isWildcard = (key: string) => key === "*" || key.startsWith(EXCEPT);

/** Every value the selector reaches (for reading argument paths). */
export function select(root: Json, selector: string): unknown[] {
  const { keys } = parse(selector);
  let current: unknown[] = [root];
  for (const key of keys) {
    const next: unknown[] = [];
    for (const node of current) {
      if (key === "[]") {
        if (Array.isArray(node)) next.push(...node);
      } else if (isWildcard(key)) {
        if (node && typeof node === "object")
          next.push(...wildcardKeys(node, key).map((k) => (node as Record<string, unknown>)[k]));
        else if (key !== "*" && node !== undefined && node !== null) next.push(node);
      } else if (key === "@keys") {
        if (node && typeof node === "object" && !Array.isArray(node)) next.push(...Object.keys(node));
      } else if (node && typeof node === "object" && key in node) next.push((node as Record<string, unknown>)[key]);
    }
    current = next;
  }
  return current;
}

/** Replaces every value the selector reaches (in place on a copy the caller owns). */
export function replaceAt(
  root: Json,
  selector: string,
  replace: (value: unknown, urlPassword: boolean) => unknown,
): void {
  const { keys, urlPassword } = parse(selector);
  /** Replaces `value`, walks on into it, or (when it has another shape than step i expects) replaces it whole. */
  const visit = (value: unknown, i: number, set: (v: unknown) => void): void => {
    if (value === undefined || value === null) return;
    if (i === keys.length) set(replace(value, urlPassword));
    else if (fits(value, keys[i] as string)) walk(value, i);
    else set(replace(value, urlPassword));
  };
  const walk = (node: object, i: number): void => {
    const key = keys[i] as string;
    if (key === "[]") {
      const list = node as unknown[];
      list.forEach((item, idx) => {
        visit(item, i + 1, (v) => {
          list[idx] = v;
        });
      });
      return;
    }
    const obj = node as Record<string, unknown>;
    const targets = isWildcard(key) ? wildcardKeys(obj, key) : key in obj ? [key] : [];
    for (const k of targets)
      visit(obj[k], i + 1, (v) => {
        obj[k] = v;
      });
  };
  // What a selector meets instead of the shape it expects is secret by default: replaced whole.
  if (root && typeof root === "object" && fits(root, keys[0] as string)) walk(root, 0);
}

/** Whether `value` has the shape selector step `key` walks into: an array for `[]`, an object for a wildcard, a record for a name. */
function fits(value: unknown, key: string): value is object {
  if (!value || typeof value !== "object") return false;
  if (key === "[]") return Array.isArray(value);
  return isWildcard(key) || !Array.isArray(value);
}

/** Drops array items whose field (after the last `[]`) fails the test: "data[].path" filters `data` by `.path`. */
export function filterAt(root: Json, selector: string, keep: (value: unknown) => boolean): void {
  const at = selector.lastIndexOf("[]");
  if (at < 0) return;
  const arraySel = selector.slice(0, at);
  const field = selector.slice(at + 3);
  const owners = arraySel.includes(".") ? select(root, arraySel.slice(0, arraySel.lastIndexOf("."))) : [root];
  const name = arraySel.includes(".") ? arraySel.slice(arraySel.lastIndexOf(".") + 1) : arraySel;
  for (const owner of owners) {
    if (!owner || typeof owner !== "object") continue;
    const list = (owner as Record<string, unknown>)[name];
    if (!Array.isArray(list)) continue;
    (owner as Record<string, unknown>)[name] = list.filter((item) => keep(field ? select(item, field)[0] : item));
  }
}

/** The top-level list a result selector walks: "logs" for "logs[].secret_path", none for "data.*". */
export function listOf(selector: string | undefined): string | undefined {
  const at = selector?.indexOf("[]") ?? -1;
  return selector && at > 0 && !selector.slice(0, at).includes(".") ? selector.slice(0, at) : undefined;
}
