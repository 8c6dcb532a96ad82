/**
 * The request the vault's pipeline reads: a method, a URL, headers to `get`, the body as text,
 * and the caller's abort signal where it has one. A web Request has all of these, so MSW's
 * handler and a caller's own Request go through unchanged; the vault's own ways in (mock.fetch
 * with a URL and init, the HTTP server, the tenant prefix) make a LightRequest instead, which
 * costs no undici Request, body stream or AbortSignal.
 */

export interface VaultHeaders {
  /** The header's value (case-insensitive name), duplicates joined by ", "; null when absent. */
  get(name: string): string | null;
}

export interface VaultRequest {
  /** Normalised as a Request's is ("GET", not "get"). */
  readonly method: string;
  /** The full URL, serialised. */
  readonly url: string;
  readonly headers: VaultHeaders;
  /** The body decoded as UTF-8 (a leading BOM dropped); "" when there is none. */
  text(): Promise<string>;
  /** Aborts when the caller gives up; absent when it cannot. */
  readonly signal?: AbortSignal | undefined;
}

/** Headers by lower-case name, as a Headers object answers `get`. */
export class LightHeaders implements VaultHeaders {
  constructor(readonly byName: ReadonlyMap<string, string>) {}

  get(name: string): string | null {
    return this.byName.get(name.toLowerCase()) ?? null;
  }
}

/** A vault request made without undici: its URL parsed once by its maker, its body read by `readBody`. */
export class LightRequest implements VaultRequest {
  readonly #readBody: () => Promise<string>;

  constructor(
    readonly method: string,
    /** The dispatcher reads this instead of parsing `url` again. */
    readonly parsedUrl: URL,
    readonly headers: VaultHeaders,
    readBody: () => Promise<string>,
    readonly signal?: AbortSignal | undefined,
  ) {
    this.#readBody = readBody;
  }

  get url(): string {
    return this.parsedUrl.href;
  }

  text(): Promise<string> {
    return this.#readBody();
  }
}

/** A body already in memory. */
export const bodyOf = (text: string) => () => Promise.resolve(text);

export const NO_BODY = bodyOf("");

/** The UTF-8 bytes a string is sent as decode to the string itself: no lone surrogate, no BOM to drop. */
export function sentAsItIs(body: string): boolean {
  return (body as string & WellFormed).isWellFormed() && body.charCodeAt(0) !== 0xfeff;
}

/** ES2024's String.prototype.isWellFormed (Node 20 has it; the project's lib is ES2023). */
interface WellFormed {
  isWellFormed(): boolean;
}

const decoder = new TextDecoder();

/**
 * Bytes as Request.text() decodes them: undici drops a leading UTF-8 BOM, then its TextDecoder
 * (which drops a BOM too) decodes the rest, invalid sequences as U+FFFD.
 */
export function utf8Text(bytes: Uint8Array): string {
  const rest = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  return decoder.decode(rest);
}

/** The URL a request arrived with, parsed: a light request's own, else parsed from `url`. */
export const urlOf = (request: VaultRequest): URL =>
  request instanceof LightRequest ? request.parsedUrl : new URL(request.url);
