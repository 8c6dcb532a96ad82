/**
 * Redaction of the server's own credentials: the one module every outbound path uses (MCP
 * messages through the guarded transport, log lines, vault errors, start-up messages). A
 * credential is removed in every form it can take on its way out (raw, JSON-escaped, URL-encoded,
 * base64 at any alignment, hex), and so is anything shaped like one: an Authorization value
 * (`Bearer …`, `Basic …`) or a ScaiVault token (`skt_…`, `scai_live_…`, `scai_test_…`).
 */
export const REDACTED = "[redacted]";

/** Shorter strings are not redacted as credentials: they would match ordinary text. */
const MIN_CREDENTIAL_LENGTH = 8;
/**
 * No text shorter than this can hold a match: every literal form is at least
 * MIN_CREDENTIAL_LENGTH long, and AUTHORIZATION and SCAIVAULT_TOKEN need more (case-insensitive
 * matching without the u flag keeps lengths). Most strings of a message (keys, ids, dates) are skipped.
 */
const SHORTEST_MATCH = MIN_CREDENTIAL_LENGTH;
/** `Bearer <token>` / `Basic <base64>`; the value must be long enough not to be a word ("bearer token"). */
const AUTHORIZATION = String.raw`\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/-]{8,}=*`;
/** ScaiVault personal and API tokens; a short key prefix (`skt_mock_sa_r`) is not a token. */
const SCAIVAULT_TOKEN = String.raw`\b(?:skt|scai_live|scai_test)_[A-Za-z0-9_]{12,}`;

/** The forms `secret` can take in text the server writes. */
export function formsOf(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const json = JSON.stringify(secret).slice(1, -1);
  const url = encodeURIComponent(secret);
  const ascii = json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  // Case variants (hex digits, percent escapes) are covered by matching case-insensitively.
  return [
    secret,
    json,
    ascii,
    JSON.stringify(json).slice(1, -1),
    url,
    url.replaceAll("%20", "+"),
    bytes.toString("hex"),
    ...base64Forms(bytes),
  ];
}

/**
 * The base64 (and base64url) text of `bytes` wherever they sit inside a longer encoded blob: one
 * variant per alignment (0, 1 or 2 bytes before them), cut to the characters they alone decide.
 */
function base64Forms(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let lead = 0; lead < 3; lead++) {
    const encoded = Buffer.concat([Buffer.alloc(lead), bytes]).toString("base64");
    const start = Math.ceil((lead * 8) / 6);
    const end = Math.floor(((lead + bytes.length) * 8) / 6);
    const core = encoded.slice(start, end);
    out.push(core, core.replaceAll("+", "-").replaceAll("/", "_"));
  }
  // The whole value encoded on its own, padding included.
  out.push(bytes.toString("base64"), bytes.toString("base64url"));
  return out;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Removes credentials from text and from JSON values. Credentials can be added later (a logger learns them at start-up). */
export class Redactor {
  readonly #secrets = new Set<string>();
  #pattern: RegExp;

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) if (s && s.length >= MIN_CREDENTIAL_LENGTH) this.#secrets.add(s);
    this.#pattern = this.#compile();
  }

  /** Registers one more credential (ignored when too short to tell from ordinary text). */
  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_CREDENTIAL_LENGTH || this.#secrets.has(secret)) return;
    this.#secrets.add(secret);
    this.#pattern = this.#compile();
  }

  #compile(): RegExp {
    // Longest first, so a form that contains another is replaced whole.
    const literals = [...new Set([...this.#secrets].flatMap(formsOf))]
      .filter((f) => f.length >= MIN_CREDENTIAL_LENGTH)
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp);
    return new RegExp([...literals, AUTHORIZATION, SCAIVAULT_TOKEN].join("|"), "gi");
  }

  /** True when `text` holds a credential in any form. */
  finds(text: string): boolean {
    if (text.length < SHORTEST_MATCH) return false;
    this.#pattern.lastIndex = 0;
    return this.#pattern.test(text);
  }

  text(text: string): string {
    if (!this.finds(text)) return text;
    return text.replace(this.#pattern, (match) => {
      const auth = /^(Bearer|Basic)(\s+)/i.exec(match);
      return auth ? `${auth[1]}${auth[2]}${REDACTED}` : REDACTED;
    });
  }

  /**
   * A JSON value with every string (keys included) redacted. Returns `value` itself when nothing
   * needed redacting, else a copy. Iterative: a value of any depth is walked without recursion.
   */
  value<T>(value: T): T {
    if (!this.#holds(value)) return value;
    return this.#copy(value);
  }

  #holds(root: unknown): boolean {
    const stack: unknown[] = [root];
    while (stack.length) {
      const node = stack.pop();
      if (typeof node === "string") {
        if (this.finds(node)) return true;
      } else if (Array.isArray(node)) {
        for (const item of node) if (item && typeof item !== "number" && typeof item !== "boolean") stack.push(item);
      } else if (node && typeof node === "object")
        for (const key of Object.keys(node)) {
          if (this.finds(key)) return true;
          const item = (node as Record<string, unknown>)[key];
          // Numbers, booleans and null hold no text: not worth a stack slot.
          if (item && typeof item !== "number" && typeof item !== "boolean") stack.push(item);
        }
    }
    return false;
  }

  #copy<T>(root: T): T {
    const clean = (node: unknown): unknown => (typeof node === "string" ? this.text(node) : node);
    const holder = { root: clean(root) as unknown };
    const stack: { from: unknown; to: Record<string, unknown> | unknown[]; key: string | number }[] = [
      { from: root, to: holder as Record<string, unknown>, key: "root" },
    ];
    while (stack.length) {
      const { from, to, key } = stack.pop() as (typeof stack)[number];
      if (!from || typeof from !== "object") continue;
      const copy: Record<string, unknown> | unknown[] = Array.isArray(from) ? [] : {};
      Object.defineProperty(to, key, { value: copy, enumerable: true, writable: true, configurable: true });
      for (const [k, item] of Object.entries(from)) {
        const name = Array.isArray(copy) ? Number(k) : this.text(k);
        // defineProperty: a key named "__proto__" stays a key, as JSON.parse made it.
        Object.defineProperty(copy, name, { value: clean(item), enumerable: true, writable: true, configurable: true });
        if (item && typeof item === "object") stack.push({ from: item, to: copy, key: name });
      }
    }
    return holder.root as T;
  }
}

/** Text with the given secrets and anything shaped like a credential removed (for one-off messages). */
export function redactText(text: string, secrets: Iterable<string | undefined> = []): string {
  return new Redactor(secrets).text(text);
}
