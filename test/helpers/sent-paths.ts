/**
 * Every secret path one request carries to the vault, wherever it sits: in the URL path, in a
 * query parameter or in the JSON body (nested config fields, lists, mapping keys). Read from the
 * request as sent, so it sees what the URL parser and the client made of the guard's output.
 */
import type { SentRequest } from "./harness.js";
import type { Kind } from "./path-oracle.js";

export interface SentPath {
  kind: Kind;
  path: string;
  /** Where in the request it was found, for failure messages. */
  where: string;
}

/** URL shapes whose tail is one secret path (a trailing action segment is not part of it). */
const URL_ROUTES: { prefix: RegExp; suffix?: RegExp }[] = [
  { prefix: /^\/v1\/secrets\//, suffix: /\/(versions|rotate)$/ },
  { prefix: /^\/v1\/audit\/secrets\// },
  { prefix: /^\/v1\/federation\/proxy\// },
  { prefix: /^\/v1\/rotation\/policies\/[^/]+\/secrets\// },
];

/** Body fields holding paths; data and metadata hold the user's values and are never paths. */
const BODY_EXACT = /^(path|secret_path|secret_paths|[a-z_]+_path)$/;
const BODY_PATTERN = /^(path_pattern|paths)$/;
const BODY_PATTERN_KEYS = /^path_mapping$/;
const OPAQUE = new Set(["data", "metadata"]);

const decode = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

export function sentPaths(request: SentRequest): SentPath[] {
  const out: SentPath[] = [];
  const { pathname, searchParams } = request.url;
  for (const route of URL_ROUTES) {
    const head = route.prefix.exec(pathname);
    if (!head) continue;
    let tail = pathname.slice(head[0].length);
    if (route.suffix?.test(tail) && request.method !== "PUT" && request.method !== "DELETE")
      tail = tail.replace(route.suffix, "");
    out.push({ kind: "exact", path: tail.split("/").map(decode).join("/"), where: `${request.method} ${pathname}` });
    break;
  }
  for (const name of ["prefix", "path_prefix"]) {
    const value = searchParams.get(name);
    if (value === null) continue;
    const kind: Kind = pathname === "/v1/audit/summary" ? "scope" : "prefix";
    out.push({ kind, path: value, where: `${pathname}?${name}` });
  }
  if (request.body) {
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return out;
    }
    walk(body, "body", out);
  }
  return out;
}

function walk(node: unknown, where: string, out: SentPath[]): void {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) walk(item, `${where}[${i}]`, out);
    return;
  }
  if (!node || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    const at = `${where}.${key}`;
    if (OPAQUE.has(key)) continue;
    const strings = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
    if (BODY_PATTERN.test(key)) for (const path of strings) out.push({ kind: "pattern", path, where: at });
    else if (BODY_EXACT.test(key)) for (const path of strings) out.push({ kind: "exact", path, where: at });
    else if (BODY_PATTERN_KEYS.test(key) && value && typeof value === "object")
      for (const path of Object.keys(value)) out.push({ kind: "pattern", path, where: `${at}{key}` });
    else walk(value, at, out);
  }
}
