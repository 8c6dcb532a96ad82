import { Redactor } from "../redact.js";
import { requestSignal } from "../request-scope.js";
import { deadline } from "./deadline.js";
import { codeForStatus, VaultError } from "./errors.js";
import { noteVaultAnswer, traceVaultCall } from "./trace.js";

/**
 * How the client asks the vault: a fetch of one Request. The request's signal aborts it, unless
 * the fetch is marked with SIGNAL_APART: then the signal comes as `init.signal` and the Request
 * carries none (on Node 20 a Request made with a signal costs more than the mock vault's whole
 * read, and keeps a finalizer that outlives young GC). A SIGNAL_APART fetch also promises to
 * honour that signal until its answer's body is in memory, so the client does not race it.
 * A fetch marked with URL_INIT as well is called as the platform fetch is, `fetch(url, { method,
 * headers, body, signal })`, with no Request at all.
 */
export type FetchLike = ((input: Request, init?: { signal: AbortSignal }) => Promise<Response>) & {
  readonly [SIGNAL_APART]?: true;
  readonly [URL_INIT]?: true;
};

/** Marks a fetch that takes the abort signal as `init.signal` (the mock vault's in-process fetch). */
export const SIGNAL_APART: unique symbol = Symbol.for("scaivault.fetch.signal-apart");

/**
 * Marks a SIGNAL_APART fetch that also takes `(url: string, init)` as the platform fetch does
 * (the mock vault's in-process fetch): the client then builds no Request for it.
 */
export const URL_INIT: unique symbol = Symbol.for("scaivault.fetch.url-init");

/** The platform fetch's own way of being called, which a URL_INIT fetch accepts. */
type UrlFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpOptions {
  /** ScaiVault base URL, e.g. https://scaivault.scailabs.ai (the client adds /v1 paths). */
  baseUrl: string;
  token: string;
  tenantId?: string | undefined;
  partnerId?: string | undefined;
  /** Defaults to the global fetch; the mock vault passes its in-process fetch here. */
  fetch?: FetchLike | undefined;
  timeoutMs?: number | undefined;
  /** Retries for idempotent requests on 429/502/503/504 and network errors. */
  maxRetries?: number | undefined;
  /** Injected for tests so that backoff never sleeps for real. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined> | undefined;
  body?: unknown;
  /** Safe to send twice. GET is always idempotent; writes are not unless the endpoint says so. */
  idempotent?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
/**
 * Longest Retry-After we wait for, and the most we wait in all for one call: MCP hosts give a tool
 * call about 60 s, so a longer wait would end in the host's timeout instead of a readable
 * rate_limited error that says when to come back.
 */
const MAX_RETRY_AFTER_S = 10;
const MAX_TOTAL_WAIT_MS = 15_000;

export const TENANT_HEADER = "X-Tenant-ID";
export const PARTNER_HEADER = "X-Partner-ID";

/** The one place that speaks HTTP to ScaiVault. */
export class Http {
  readonly #o: Required<Pick<HttpOptions, "timeoutMs" | "maxRetries">> & HttpOptions;
  /** Built on the first error only: most calls never need it. */
  #redactor: Redactor | undefined;

  /** The base URL without its trailing slashes, to which request paths are appended. */
  readonly #base: string;

  constructor(options: HttpOptions) {
    this.#o = { timeoutMs: 30_000, maxRetries: 2, ...options };
    this.#base = options.baseUrl.replace(/\/+$/, "");
  }

  /** Same connection, other tenant/partner context (never widens: the vault checks the token). */
  withContext(tenantId: string | undefined, partnerId: string | undefined): Http {
    return new Http({ ...this.#o, tenantId: tenantId ?? this.#o.tenantId, partnerId: partnerId ?? this.#o.partnerId });
  }

  get tenantId(): string | undefined {
    return this.#o.tenantId;
  }

  async request<T>(method: Method, path: string, given: RequestOptions = {}): Promise<T> {
    // A call made while an MCP request is served carries that request's cancellation, passed or not.
    const options = given.signal ? given : { ...given, signal: requestSignal() };
    const idempotent = options.idempotent ?? method === "GET";
    const retries = idempotent ? this.#o.maxRetries : 0;
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await traceVaultCall(method, () => this.#once<T>(method, path, options));
      } catch (error) {
        const wait = retryDelay(error, attempt);
        if (attempt >= retries || wait === undefined || waited + wait > MAX_TOTAL_WAIT_MS || options.signal?.aborted)
          throw error;
        waited += wait;
        try {
          await abortable((this.#o.sleep ?? defaultSleep)(wait), options.signal);
        } catch {
          throw new VaultError("the request was cancelled", "cancelled");
        }
      }
    }
  }

  async #once<T>(method: Method, path: string, options: RequestOptions): Promise<T> {
    if (options.signal?.aborted) throw new VaultError("the request was cancelled", "cancelled");
    const url = this.#base + path + queryString(options.query);
    const headers: Record<string, string> = { Authorization: `Bearer ${this.#o.token}`, Accept: "application/json" };
    if (this.#o.tenantId) headers[TENANT_HEADER] = this.#o.tenantId;
    if (this.#o.partnerId) headers[PARTNER_HEADER] = this.#o.partnerId;
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    const body = options.body === undefined ? null : JSON.stringify(options.body);
    const call = deadline(this.#o.timeoutMs, options.signal);
    const given = this.#o.fetch;
    const apart = given?.[SIGNAL_APART] === true;
    let response: Response;
    let text: string;
    try {
      if (given && apart) {
        response = await (given[URL_INIT] === true
          ? (given as unknown as UrlFetch)(url, { method, headers, body, signal: call.signal })
          : given(new Request(url, { method, headers, body }), { signal: call.signal }));
        text = await response.text();
      } else {
        const init = { method, headers, body, signal: call.signal };
        // Raced against the signal as well: a custom fetch (or a stalled body) may ignore it.
        response = await abortable(given ? given(new Request(url, init)) : fetch(url, init), call.signal);
        text = await abortable(response.text(), call.signal);
      }
    } catch (error) {
      if (call.timedOut) throw new VaultError(`ScaiVault did not answer within ${this.#o.timeoutMs} ms`, "timeout");
      if (options.signal?.aborted) throw new VaultError("the request was cancelled", "cancelled");
      throw new VaultError(`could not reach ScaiVault (${describeNetworkError(error)})`, "network_error");
    } finally {
      call.release();
    }
    const requestId = response.headers.get("x-request-id") ?? undefined;
    noteVaultAnswer(response.status, requestId);
    const answer = parseJson(text);
    if (!response.ok) {
      this.#redactor ??= new Redactor([this.#o.token]);
      throw toVaultError(response, answer, requestId, this.#redactor);
    }
    if (response.status === 204 || text === "") return undefined as T;
    if (answer === INVALID) {
      throw new VaultError(
        `ScaiVault sent a response that is not valid JSON (HTTP ${response.status})`,
        "invalid_response",
        response.status,
        requestId,
      );
    }
    return answer as T;
  }
}

const INVALID = Symbol("invalid json");

/** `?k=v&...` of the query's defined values, URL-encoded; "" when there are none. */
function queryString(query: RequestOptions["query"]): string {
  if (query === undefined) return "";
  const params = new URLSearchParams();
  for (const key in query) {
    const value = query[key];
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID;
  }
}

/** An API error code is a short identifier; anything else a vault sends there is replaced by the status's code. */
const API_CODE = /^[a-z][a-z0-9_.-]{0,63}$/i;

/** A vault answer that is not ok, as a VaultError: its API code and words, redacted. */
export function toVaultError(
  response: Response,
  body: unknown,
  requestId: string | undefined,
  redactor: Redactor,
): VaultError {
  const envelope = body && typeof body === "object" && "error" in body ? (body as { error: unknown }).error : undefined;
  const err = envelope && typeof envelope === "object" ? (envelope as Record<string, unknown>) : {};
  const given = typeof err.code === "string" ? redactor.text(err.code) : undefined;
  const code = given && API_CODE.test(given) ? given : codeForStatus(response.status);
  const message =
    typeof err.message === "string" ? err.message : `ScaiVault answered HTTP ${response.status} (${code})`;
  const rid = typeof err.request_id === "string" ? err.request_id : requestId;
  // The vault's words go to the agent and the log: a server (or a proxy in front of it) that
  // echoes the request's credentials must not carry them there, in any field.
  return new VaultError(
    redactor.text(message),
    code,
    response.status,
    rid === undefined ? undefined : redactor.text(rid).slice(0, 128),
    parseRetryAfter(response.headers.get("retry-after")),
    err.details === undefined ? undefined : redactor.value(err.details),
  );
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - now) / 1000);
}

/** Milliseconds to wait before the next attempt, or undefined when the error is not transient. */
function retryDelay(error: unknown, attempt: number): number | undefined {
  if (!(error instanceof VaultError)) return undefined;
  const transient =
    error.code === "network_error" || (error.status !== undefined && RETRYABLE_STATUS.has(error.status));
  if (!transient) return undefined;
  if (error.retryAfter !== undefined)
    return error.retryAfter <= MAX_RETRY_AFTER_S ? error.retryAfter * 1000 : undefined;
  const base = 250 * 2 ** attempt;
  return base + Math.floor(Math.random() * base * 0.25);
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  if (cause && typeof cause.code === "string") return cause.code;
  return error instanceof Error ? error.name : "unknown error";
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
