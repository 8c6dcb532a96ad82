/**
 * The cancellation signal of the MCP request being served, for code the SDK calls without one
 * (completion callbacks get only the typed value) and as the default of every vault call
 * (src/client/http.ts): when the client cancels or the session closes, the vault stops being asked.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";

const scope = new AsyncLocalStorage<AbortSignal>();

/** The signal of the request whose handler is running, if any. */
export function requestSignal(): AbortSignal | undefined {
  return scope.getStore();
}

export function withRequestSignal<T>(signal: AbortSignal, run: () => T): T {
  return scope.run(signal, run);
}

/**
 * Makes every request handler registered on `server` from now on run inside its request's
 * scope. Called on a fresh server, before any tool, resource or prompt registers its handler.
 */
export function scopeRequestHandlers(server: Server): void {
  const setRequestHandler = server.setRequestHandler.bind(server);
  server.setRequestHandler = ((schema, handler) =>
    setRequestHandler(schema, (request, extra) =>
      withRequestSignal(extra.signal, () => handler(request, extra)),
    )) as typeof server.setRequestHandler;
}
