/**
 * `mock.fetch(url, init)` as a light request, when `new Request(url, init)` would give the same
 * method, URL, headers and body text without complaint: a string or URL, the common methods,
 * headers as a plain object, pairs or Headers, a body that is a string, bytes or absent. Anything
 * else (another body kind, a lower-case method, a header a Headers object would trim or refuse,
 * cache/mode/duplex...) returns undefined, and the caller builds a real Request, which answers
 * (or throws) as the platform does.
 */
import { bodyOf, LightHeaders, LightRequest, NO_BODY, sentAsItIs, utf8Text } from "./vault-request.js";

/** The init members a light request honours; any other one given is left to a Request. */
const LIGHT_INIT = new Set(["method", "headers", "body", "signal"]);

/** Methods a Request keeps as they are (it upper-cases "get", refuses "CONNECT"). */
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A value a Headers object keeps as given: bytes (no code point past U+00FF), no NUL, CR or LF, no space or tab at its ends. */
const PLAIN_VALUE = /^(?:[^\0\t\n\r \u0100-\uffff](?:[^\0\n\r\u0100-\uffff]*[^\0\t\n\r \u0100-\uffff])?)?$/;

/** The Content-Type a Request gives a string body sent without one. */
const TEXT_PLAIN = "text/plain;charset=UTF-8";

export function requestFromInit(input: string | URL, init: RequestInit | undefined): LightRequest | undefined {
  const url = parsed(input);
  if (!url) return undefined;
  if (init === undefined) return new LightRequest("GET", url, new LightHeaders(new Map()), NO_BODY);
  if (typeof init !== "object" || init === null) return undefined;
  for (const key in init) if (!LIGHT_INIT.has(key) && init[key as keyof RequestInit] !== undefined) return undefined;
  const method = init.method ?? "GET";
  if (!METHODS.has(method)) return undefined;
  const { signal } = init;
  if (signal != null && !(signal instanceof AbortSignal)) return undefined;
  const headers = headerMap(init.headers);
  if (!headers) return undefined;
  const body = init.body;
  if (body == null) return new LightRequest(method, url, new LightHeaders(headers), NO_BODY, signal ?? undefined);
  if (method === "GET" || method === "HEAD") return undefined;
  let text: string;
  if (typeof body === "string") {
    // A BOM or a lone surrogate changes on the way (as undici's decoding has it): left to a Request.
    if (!sentAsItIs(body)) return undefined;
    text = body;
    if (!headers.has("content-type")) headers.set("content-type", TEXT_PLAIN);
  } else if (body instanceof ArrayBuffer) {
    // Decoded now: a Request copies the bytes when it is made, so a later change to them is not sent.
    text = utf8Text(new Uint8Array(body));
  } else if (ArrayBuffer.isView(body) && body.buffer instanceof ArrayBuffer) {
    text = utf8Text(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
  } else return undefined;
  return new LightRequest(method, url, new LightHeaders(headers), bodyOf(text), signal ?? undefined);
}

/** The URL as a Request parses it; undefined for one it refuses (not absolute, or with credentials). */
function parsed(input: string | URL): URL | undefined {
  let url: URL;
  try {
    // A URL of the caller's is copied: it may change it after the call.
    url = new URL(typeof input === "string" ? input : input.href);
  } catch {
    return undefined;
  }
  return url.username === "" && url.password === "" ? url : undefined;
}

/** Headers by lower-case name, duplicates joined by ", " as Headers.get has them; undefined when a Headers object would change or refuse any. */
function headerMap(init: RequestInit["headers"]): Map<string, string> | undefined {
  const map = new Map<string, string>();
  if (init === undefined) return map;
  if (init instanceof Headers) {
    for (const [name, value] of init) add(map, name, value);
    return map;
  }
  if (Array.isArray(init)) {
    for (const pair of init as unknown[]) {
      if (!Array.isArray(pair) || pair.length !== 2) return undefined;
      const [name, value] = pair as unknown[];
      if (typeof name !== "string" || typeof value !== "string" || !plain(name, value)) return undefined;
      add(map, name.toLowerCase(), value);
    }
    return map;
  }
  if (typeof init !== "object" || init === null) return undefined;
  const proto = Object.getPrototypeOf(init);
  if ((proto !== Object.prototype && proto !== null) || Object.getOwnPropertySymbols(init).length > 0) return undefined;
  const record = init as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    const value = record[name];
    if (typeof value !== "string" || !plain(name, value)) return undefined;
    add(map, name.toLowerCase(), value);
  }
  return map;
}

const plain = (name: string, value: string) => TOKEN.test(name) && PLAIN_VALUE.test(value);

function add(map: Map<string, string>, name: string, value: string) {
  const before = map.get(name);
  map.set(name, before === undefined ? value : `${before}, ${value}`);
}
