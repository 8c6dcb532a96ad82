/**
 * How the mock "sends" a webhook delivery. It reaches no network, so by the receiver's host:
 * - a loopback receiver (localhost, 127.0.0.0/8, [::1]: one a test serves) gets the real signed
 *   POST, and its answer is what the delivery records (never a redirect followed elsewhere);
 * - a host under `.invalid` (RFC 6761: never resolves) fails as unreachable;
 * - any other host is recorded as if it had answered 200, without a request.
 * Retries follow the mock clock: a failed attempt is tried again once the clock passes its
 * `next_retry_at` (the stores call `isDue` when it moves).
 */
import type { Clock } from "./clock.js";
import type { EventEnvelope } from "./events.js";
import { webhookRequest } from "./webhook-signature.js";

export type DeliveryStatus = "pending" | "success" | "failed";

/** The fields of a delivery record the outbox keeps; the store adds its own beside them. */
export interface DeliveryAttempts {
  id: string;
  status: DeliveryStatus;
  response_code: number | null;
  duration_ms: number | null;
  attempts: number;
  last_attempt_at: string | null;
  next_retry_at: string | null;
  error: string | null;
  /** True when no HTTP request was made (recorded or unreachable receivers). */
  simulated: boolean;
  /** X-ScaiVault-Signature of the last attempt, and the X-ScaiVault-Timestamp it signed. */
  signature: string | null;
  signature_timestamp: number | null;
}

export const unattempted = (id: string): DeliveryAttempts => ({
  id,
  status: "pending",
  response_code: null,
  duration_ms: null,
  attempts: 0,
  last_attempt_at: null,
  next_retry_at: null,
  error: null,
  simulated: true,
  signature: null,
  signature_timestamp: null,
});

/** The attempt fields as the API shows them (the delivery's id and status stand beside them). */
export const attemptsView = (d: DeliveryAttempts) => ({
  response_code: d.response_code,
  duration_ms: d.duration_ms,
  attempts: d.attempts,
  last_attempt_at: d.last_attempt_at,
  next_retry_at: d.next_retry_at,
  error: d.error,
  simulated: d.simulated,
  signature: d.signature,
  signature_timestamp: d.signature_timestamp,
});

/**
 * The wait before the 2nd, 3rd, ... attempt; after the last one a delivery stays failed. The
 * reference says only that deliveries are "retried with backoff": the schedule is the mock's.
 */
export const RETRY_BACKOFF_MS: readonly number[] = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000];

/** A receiver's own answer time is capped: a hung test receiver fails the attempt, it does not hold it. */
const POST_TIMEOUT_MS = 10_000;

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

export type ReceiverKind = "loopback" | "unreachable" | "recorded";

export function receiverKind(url: string): ReceiverKind {
  const { hostname } = new URL(url);
  if (LOOPBACK_HOST.test(hostname)) return "loopback";
  if (hostname === "invalid" || hostname.endsWith(".invalid")) return "unreachable";
  return "recorded";
}

/** Why a receiver URL is refused, or undefined: https://, or http:// to a loopback receiver. */
export function receiverUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a URL";
  }
  if (parsed.protocol === "https:") return undefined;
  if (parsed.protocol === "http:" && LOOPBACK_HOST.test(parsed.hostname)) return undefined;
  return "must be an https:// URL (http:// only for a loopback receiver: localhost, 127.0.0.0/8, [::1])";
}

interface Outcome {
  response_code: number | null;
  duration_ms: number;
  error: string | null;
}

export class Outbox {
  readonly #inFlight = new Map<string, Promise<void>>();

  constructor(readonly clock: Clock) {}

  /**
   * Makes one attempt of `delivery` now and records its outcome on it: at once for a recorded or
   * unreachable receiver, when the POST answers for a loopback one (the returned promise). A
   * record that reset, restore or deletion dropped meanwhile is updated harmlessly, unseen.
   * `retry: false` (test deliveries) schedules no further attempt.
   */
  attempt(
    delivery: DeliveryAttempts,
    receiver: { url: string; secret: string },
    envelope: EventEnvelope,
    { retry = true }: { retry?: boolean } = {},
  ): Promise<void> | undefined {
    const kind = receiverKind(receiver.url);
    const startedMs = this.clock.nowMs();
    delivery.attempts += 1;
    delivery.last_attempt_at = this.clock.iso();
    const backoff = retry ? RETRY_BACKOFF_MS[delivery.attempts - 1] : undefined;
    const retryAt = backoff === undefined ? null : new Date(startedMs + backoff).toISOString();
    // A real receiver checks the timestamp against its own clock, so a real POST is stamped with
    // the wall clock; a recorded delivery, which nobody receives, with the mock clock.
    const timestamp = Math.floor((kind === "loopback" ? Date.now() : startedMs) / 1000);
    const request = webhookRequest(envelope, receiver.secret, timestamp);
    delivery.signature = request.signature;
    delivery.signature_timestamp = timestamp;
    delivery.simulated = kind !== "loopback";
    if (kind === "recorded") return settle(delivery, { response_code: 200, duration_ms: 0, error: null }, retryAt);
    if (kind === "unreachable") {
      const host = new URL(receiver.url).hostname;
      return settle(delivery, { response_code: null, duration_ms: 0, error: `could not resolve ${host}` }, retryAt);
    }
    delivery.status = "pending";
    // Until the POST answers: a snapshot taken now restores a delivery that is tried again.
    delivery.next_retry_at = retryAt;
    const sent = post(receiver.url, request).then((outcome) => settle(delivery, outcome, retryAt));
    const tracked = sent.finally(() => {
      if (this.#inFlight.get(delivery.id) === tracked) this.#inFlight.delete(delivery.id);
    });
    this.#inFlight.set(delivery.id, tracked);
    return tracked;
  }

  /** Whether `delivery` waits for another attempt at `nowMs`: its retry time has come and no POST of it is in flight. */
  isDue(delivery: DeliveryAttempts, nowMs: number): boolean {
    return (
      delivery.status !== "success" &&
      delivery.next_retry_at !== null &&
      Date.parse(delivery.next_retry_at) <= nowMs &&
      !this.#inFlight.has(delivery.id)
    );
  }

  /** Resolves once every POST in flight (and any that their settling started) has answered and been recorded. */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight.values()]);
  }
}

function settle(delivery: DeliveryAttempts, outcome: Outcome, retryAt: string | null): undefined {
  const code = outcome.response_code;
  const ok = code !== null && code >= 200 && code < 300;
  delivery.status = ok ? "success" : "failed";
  delivery.response_code = code;
  delivery.duration_ms = outcome.duration_ms;
  delivery.error = ok ? null : (outcome.error ?? `HTTP ${code}`);
  delivery.next_retry_at = ok ? null : retryAt;
  return undefined;
}

/** The real POST to a loopback receiver: no redirect followed, the answer's body discarded. */
async function post(url: string, request: { headers: Record<string, string>; body: string }): Promise<Outcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return { response_code: response.status, duration_ms: elapsed(), error: ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    return { response_code: null, duration_ms: elapsed(), error: describe(error) };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return `no answer within ${POST_TIMEOUT_MS / 1000} s`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const text = typeof cause?.message === "string" ? cause.message : error instanceof Error ? error.message : "failed";
  return text.slice(0, 200);
}
