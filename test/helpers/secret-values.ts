/**
 * What counts as a secret value, decided from the vault's side for the leak-canary test: field
 * names the ScaiVault API reference documents as secret material, any secret `data` map, and
 * passwords inside URLs. Written here, apart from the tools' secretFields, so that a field missing
 * from a tool's masking list is still looked for.
 */

/** Fields whose value is secret material wherever the API returns or stores them. */
const SECRET_KEYS = new Set([
  "password",
  "secret_access_key",
  "session_token",
  "client_secret",
  "private_key",
  "private_key_pem",
  "otp",
  "signing_secret",
  "account_key",
  "secret_id",
  "service_account_key",
  "token",
  "key",
  "api_key",
]);
/** ACME challenge tokens are public by design (served over HTTP to the CA); audit events hold no values. */
const PUBLIC_SUBTREES = new Set(["challenges", "audit"]);

/** Long enough and mixed enough to be a secret rather than a name, an id prefix or a timestamp. */
export function looksSecret(value: string): boolean {
  return value.length >= 12 && /\d/.test(value) && /[A-Za-z]/.test(value) && !/^\d{4}-\d\d-\d\dT/.test(value);
}

/** Secret material in one raw vault answer (a JSON body). */
export function secretsInAnswer(body: string): string[] {
  try {
    return secretsIn(JSON.parse(body));
  } catch {
    return [];
  }
}

/** Secret material the vault holds (a mock snapshot: secret versions, stored credentials, signing secrets, tokens). */
export function secretsInState(snapshot: unknown): string[] {
  return secretsIn(snapshot);
}

function secretsIn(root: unknown): string[] {
  const out = new Set<string>();
  const visit = (node: unknown, key: string, inData: boolean): void => {
    if (typeof node === "string") {
      if (inData || SECRET_KEYS.has(key)) out.add(node);
      const password = urlPassword(node);
      if (password) out.add(password);
      return;
    }
    if (PUBLIC_SUBTREES.has(key)) return;
    if (node instanceof Map) for (const [k, v] of node) visit(v, typeof k === "string" ? k : key, inData);
    else if (Array.isArray(node) || node instanceof Set) for (const v of node) visit(v, key, inData);
    else if (node && typeof node === "object")
      // A secret's `data` is a map of values; a listing's `data` is an array of records.
      for (const [k, v] of Object.entries(node))
        visit(v, k, inData || (k === "data" && !!v && typeof v === "object" && !Array.isArray(v)));
  };
  visit(root, "", false);
  return [...out];
}

/** The password of scheme://user:password@host..., decoded (as the credential itself). */
function urlPassword(value: string): string | undefined {
  const pw = /^[a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:([^@/\s]+)@/i.exec(value)?.[1];
  if (!pw || pw === "{{password}}") return undefined;
  try {
    return decodeURIComponent(pw);
  } catch {
    return pw;
  }
}

/** Every string leaf of a value, plus the value as JSON: a secret shows in one of them in whatever form. */
export function stringsOf(value: unknown): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (typeof node === "string") out.push(node);
    else if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") Object.values(node).forEach(visit);
  };
  visit(value);
  out.push(JSON.stringify(value) ?? "");
  return out;
}

/** The forms a value can take on its way out: raw, JSON-escaped (once, twice, ASCII-only), URL-encoded, base64. */
export function encodings(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const ascii = json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const url = encodeURIComponent(value);
  return [
    ...new Set([
      value,
      json,
      JSON.stringify(json).slice(1, -1),
      ascii,
      url,
      url.replaceAll("%20", "+"),
      Buffer.from(value).toString("base64"),
      Buffer.from(value).toString("base64url"),
    ]),
  ];
}

/**
 * Where two runs' results differ, the part of the first that the second replaced (with masking
 * off vs on: exactly what masking hid, e.g. the password inside a connection URL).
 */
export function differingParts(a: unknown, b: unknown): string[] {
  if (typeof a === "string" && typeof b === "string") {
    if (a === b) return [];
    let start = 0;
    while (start < a.length && start < b.length && a[start] === b[start]) start++;
    let end = 0;
    while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
    const part = a.slice(start, a.length - end);
    return part ? [part, a] : [a];
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.flatMap((v, i) => differingParts(v, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object")
    return Object.entries(a).flatMap(([k, v]) => differingParts(v, (b as Record<string, unknown>)[k]));
  return [];
}
