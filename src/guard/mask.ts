import { replaceAt } from "./selectors.js";

/** What a masked value becomes: the agent learns a value exists, never what it is. */
export const MASK = "••••••";

/**
 * Masks the declared secret fields of a result (the caller passes a copy), then every PEM
 * private-key block wherever it sits: a key is secret whatever field a server put it in.
 */
export function maskFields<T>(result: T, selectors: readonly string[]): T {
  for (const selector of selectors)
    replaceAt(result, selector, (value, urlPassword) => (urlPassword ? maskUrlPassword(value) : MASK));
  return maskPrivateKeys(result);
}

/** A copy of `value` without the fields whose name contains one of `names` (any case), at any depth. */
export function withhold<T>(value: T, names: readonly string[]): T {
  const lower = names.map((n) => n.toLowerCase());
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== "object") return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => !lower.some((name) => key.toLowerCase().includes(name)))
        .map(([key, item]) => [key, walk(item)]),
    );
  };
  return walk(value) as T;
}

/** `-----BEGIN [RSA |EC |ENCRYPTED |OPENSSH |PGP ]PRIVATE KEY[ BLOCK]-----` up to its END line, or to the end of the text when cut off. */
const PRIVATE_KEY_BLOCK =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----|$)/g;

/** Replaces every PEM private-key block in every string of `value` by the mask (in place for objects). */
export function maskPrivateKeys<T>(value: T): T {
  if (typeof value === "string")
    return (value.includes("PRIVATE KEY") ? value.replace(PRIVATE_KEY_BLOCK, MASK) : value) as T;
  if (value && typeof value === "object") {
    const node = value as Record<string, unknown>;
    for (const key of Object.keys(node)) node[key] = maskPrivateKeys(node[key]);
  }
  return value;
}

/** Query parameters that carry a credential in connection URLs (libpq, JDBC, MongoDB, Redis, ...), matched case-insensitively. */
const SECRET_PARAM = /pass|pwd|secret|token|api_?key|credential/i;
/** The mock's and the docs' templates: a placeholder is not a secret. */
const PLACEHOLDER = /^\{\{[a-z_]+\}\}$/;
/** One host, or several (MongoDB), each with an optional port; IPv6 in brackets. */
const HOSTS = /^(?:\[[0-9a-f:.]+\]|[^\s:/?#@[\]]*)(?::\d*)?(?:,(?:\[[0-9a-f:.]+\]|[^\s:/?#@[\]]+)(?::\d*)?)*$/i;

const maskValue = (value: string) => (value === "" || PLACEHOLDER.test(value) ? value : MASK);

/** `a=1&password=x` -> `a=1&password=••••••`; null when the query is not plain name=value pairs holding any '@' outside values. */
function maskQuery(query: string): string | null {
  const parts = query.split("&").map((pair) => {
    const eq = pair.indexOf("=");
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (name.includes("@")) return null;
    if (eq < 0) return pair;
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {}
    return SECRET_PARAM.test(decoded) ? `${name}=${maskValue(pair.slice(eq + 1))}` : pair;
  });
  return parts.includes(null) ? null : parts.join("&");
}

/** `user:pw` -> `user:••••••` (the first ':' ends the user name; the password may hold ':' and '@'). */
function maskUserinfo(userinfo: string): string {
  const colon = userinfo.indexOf(":");
  return colon < 0 ? userinfo : `${userinfo.slice(0, colon + 1)}${maskValue(userinfo.slice(colon + 1))}`;
}

/**
 * The credentials inside a connection URL, masked, the rest kept: the userinfo password (the
 * userinfo ends at the last '@' of the authority, so `u:p@ss@host` is user u, password p@ss) and
 * query parameters named like a password, secret or token. Anything that does not parse as a URL
 * and could hold a credential (an '@', or a secret-looking name=value) is masked whole.
 * postgresql://u:pw@host/db?sslpassword=x -> postgresql://u:••••••@host/db?sslpassword=••••••
 */
export function maskUrlPassword(value: unknown): unknown {
  if (typeof value !== "string") return MASK;
  const scheme = /^(?:[a-z][a-z0-9+.-]*:)+\/\//i.exec(value)?.[0];
  if (!scheme) return value.includes("@") || /(?:pass|pwd|secret|token)[a-z_]*\s*[=:]/i.test(value) ? MASK : value;
  const rest = value.slice(scheme.length);
  const hash = rest.indexOf("#");
  const beforeFragment = hash < 0 ? rest : rest.slice(0, hash);
  const fragment = hash < 0 ? "" : rest.slice(hash);
  const authorityEnd = beforeFragment.search(/[/?]/);
  const authority = authorityEnd < 0 ? beforeFragment : beforeFragment.slice(0, authorityEnd);
  const tail = authorityEnd < 0 ? "" : beforeFragment.slice(authorityEnd);
  const at = authority.lastIndexOf("@");
  const hosts = authority.slice(at + 1);
  const question = tail.indexOf("?");
  const path = question < 0 ? tail : tail.slice(0, question);
  const query = question < 0 ? "" : maskQuery(tail.slice(question + 1));
  // An '@' or ':' left where a host list or path should be means a password with '/', '?' or '#' in it.
  if (!HOSTS.test(hosts) || path.includes("@") || query === null || fragment.includes("@")) return MASK;
  // So does a later '@' followed by what reads as a host: in u:123?a=b@db:5432/main the "host" u:123
  // is a user and a password cut short by its '?'. (An e-mail address in a query value is not.)
  const lastAt = beforeFragment.lastIndexOf("@");
  const afterAt = beforeFragment.slice(lastAt + 1).split(/[/?]/)[0] ?? "";
  if (at < 0 && lastAt > authorityEnd && !/[&=]/.test(afterAt) && HOSTS.test(afterAt)) return MASK;
  const userinfo = at < 0 ? "" : `${maskUserinfo(authority.slice(0, at))}@`;
  return `${scheme}${userinfo}${hosts}${path}${question < 0 ? "" : `?${query}`}${fragment}`;
}
