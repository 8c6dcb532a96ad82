/**
 * Probes for load balancers and orchestrators, on both HTTP transports and without the MCP token:
 * GET /healthz answers while the process serves; GET /readyz answers 200 only while the vault
 * is reachable with the configured token (checked at most every few seconds, however often
 * probed). Neither answer names an identity, a tenant or anything the vault said: the reason for
 * not being ready is one of three fixed words.
 */
import type { ServerResponse } from "node:http";
import { VaultError } from "../client/errors.js";

export const HEALTH_PATH = "/healthz";
export const READY_PATH = "/readyz";

export type NotReadyReason = "vault_unreachable" | "token_rejected" | "vault_error";
export type Readiness = { ready: true } | { ready: false; reason: NotReadyReason };

/** One call to the vault with the server's token (whoami); rejects when it fails. */
export type ReadinessCheck = (signal: AbortSignal) => Promise<unknown>;

export interface ReadinessOptions {
  /** How long one answer is reused (default 5 s). */
  ttlMs?: number;
  /** How long the vault may take before the answer is vault_unreachable (default 2 s). */
  timeoutMs?: number;
  now?: () => number;
}

/** The readiness answer, cached for ttlMs; concurrent probes share one vault call. */
export function cachedReadiness(check: ReadinessCheck, options: ReadinessOptions = {}): () => Promise<Readiness> {
  const ttlMs = options.ttlMs ?? 5_000;
  const timeoutMs = options.timeoutMs ?? 2_000;
  const now = options.now ?? Date.now;
  let last: { at: number; answer: Promise<Readiness> } | undefined;
  return () => {
    if (last && now() - last.at < ttlMs) return last.answer;
    const at = now();
    const answer = probe(check, timeoutMs);
    last = { at, answer };
    return answer;
  };
}

async function probe(check: ReadinessCheck, timeoutMs: number): Promise<Readiness> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    await check(controller.signal);
    return { ready: true };
  } catch (error) {
    return { ready: false, reason: controller.signal.aborted ? "vault_unreachable" : reasonOf(error) };
  } finally {
    clearTimeout(timer);
  }
}

function reasonOf(error: unknown): NotReadyReason {
  if (!(error instanceof VaultError)) return "vault_error";
  if (error.status === 401 || error.status === 403) return "token_rejected";
  if (error.status === undefined) return "vault_unreachable";
  return "vault_error";
}

export function isProbe(path: string): boolean {
  return path === HEALTH_PATH || path === READY_PATH;
}

/** Answers GET (or HEAD) /healthz or /readyz. */
export async function answerProbe(
  path: string,
  method: string | undefined,
  res: ServerResponse,
  readiness: (() => Promise<Readiness>) | undefined,
): Promise<void> {
  const headers = { "Content-Type": "application/json", "Cache-Control": "no-store" };
  if (method !== "GET" && method !== "HEAD") {
    res.writeHead(405, { ...headers, Allow: "GET, HEAD" });
    res.end(JSON.stringify({ status: "method_not_allowed" }));
    return;
  }
  let status = 200;
  let body: Record<string, string> = { status: "ok" };
  if (path === READY_PATH) {
    const answer = readiness ? await readiness() : ({ ready: true } as const);
    if (answer.ready) body = { status: "ready" };
    else {
      status = 503;
      body = { status: "not_ready", reason: answer.reason };
    }
  }
  res.writeHead(status, headers);
  res.end(method === "HEAD" ? undefined : JSON.stringify(body));
}
