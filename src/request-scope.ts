/**
 * What code deep in a call needs of the MCP request being served, for code the SDK calls without
 * it (completion callbacks get only the typed value) and for the client's loops:
 * - the cancellation signal, the default of every vault call (src/client/http.ts): when the
 *   client cancels or the session closes, the vault stops being asked;
 * - the way back to the client on the request's own stream, for its log notifications
 *   (src/log-notifications.ts) and, when the request carries a progressToken, progress notifications
 *   from the loops that page the vault or wait on ACME.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { ProgressToken, ServerNotification } from "@modelcontextprotocol/sdk/types.js";

interface RequestScope {
  signal: AbortSignal;
  notify?: ((notification: ServerNotification) => Promise<void>) | undefined;
  progressToken?: ProgressToken | undefined;
  /** Progress reported so far: each report is one step more (the total is rarely known). */
  progress: number;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** The signal of the request whose handler is running, if any. */
export function requestSignal(): AbortSignal | undefined {
  return scope.getStore()?.signal;
}

export function withRequestSignal<T>(signal: AbortSignal, run: () => T): T {
  return scope.run({ signal, progress: 0 }, run);
}

/** Sends a notification on the stream of the request being served; false outside a request. */
export function notifyRequester(notification: ServerNotification): boolean {
  const notify = scope.getStore()?.notify;
  if (!notify) return false;
  // A notification that cannot be delivered (the client went away) is not the call's failure.
  notify(notification).catch(() => undefined);
  return true;
}

/**
 * One step of a long call, for a client that asked for progress (a progressToken in the
 * request's _meta): notifications/progress with the step's count and `message`. Nothing otherwise.
 */
export function reportProgress(message: string): void {
  const current = scope.getStore();
  if (!current || current.progressToken === undefined || current.signal.aborted) return;
  current.progress++;
  notifyRequester({
    method: "notifications/progress",
    params: { progressToken: current.progressToken, progress: current.progress, message },
  });
}

/** What the SDK hands a request handler, of which the scope keeps what deep code needs. */
export interface RequestExtra {
  signal: AbortSignal;
  sendNotification?: (notification: ServerNotification) => Promise<void>;
  _meta?: { progressToken?: ProgressToken | undefined } | undefined;
}

/** Runs `run` in the scope of the request `extra` belongs to. */
export function inRequestScope<T>(extra: RequestExtra, run: () => T): T {
  return scope.run(
    { signal: extra.signal, notify: extra.sendNotification, progressToken: extra._meta?.progressToken, progress: 0 },
    run,
  );
}

/**
 * Makes every request handler registered on `server` from now on run inside its request's
 * scope. Called on a fresh server, before any tool, resource or prompt registers its handler.
 * The SDK's McpServer installs its own tools, resources and prompts handlers when it is built,
 * before this can wrap them: tool calls and resource listings enter the scope themselves
 * (inRequestScope); prompts and resource reads page nothing and pass their signal explicitly.
 */
export function scopeRequestHandlers(server: Server): void {
  const setRequestHandler = server.setRequestHandler.bind(server);
  server.setRequestHandler = ((schema, handler) =>
    setRequestHandler(schema, (request, extra) =>
      inRequestScope(extra, () => handler(request, extra)),
    )) as typeof server.setRequestHandler;
}

/**
 * What the audit and the traces (src/audit/) gather of one request while it is served: the
 * guard's decisions and the vault's request ids. Entered where the request arrives, before the
 * SDK dispatches it, so it reaches every handler (tools, resources, prompts, completions).
 */
export interface RequestTrail {
  decisions: { name: string; code?: string | undefined }[];
  vaultRequestIds: string[];
}

const trails = new AsyncLocalStorage<RequestTrail>();

export function inRequestTrail<T>(trail: RequestTrail, run: () => T): T {
  return trails.run(trail, run);
}

/** The trail of the request being served, if it is audited or traced. */
export function requestTrail(): RequestTrail | undefined {
  return trails.getStore();
}
