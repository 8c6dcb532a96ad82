/**
 * MCP over Streamable HTTP (`MCP_TRANSPORT=http`, endpoint /mcp), behind the shared gate
 * (./gate.ts), in one of two modes:
 *
 * - stateful (default): one McpServer per session, built by the factory, so session state
 *   (logging level, subscriptions, initialisation) never leaks between sessions; sessions are
 *   bounded in number and idle time (./sessions.ts). A client must come back to this process.
 * - stateless (MCP_HTTP_STATELESS): every POST stands alone with a transport of its own (the
 *   SDK's stateless mode: no session id) and a server no other request is using, reused from a
 *   pool when the requests it answered left it as built (./server-pool.ts), and is answered with
 *   one JSON body, so any replica behind a load balancer can answer any request. What must survive between calls
 *   travels in the request: page cursors, sealed with SCAIVAULT_CURSOR_KEY, which the replicas
 *   share.
 *
 * In OAuth mode (src/auth/) every request carries the caller's access token (checked by the gate);
 * a body needing scopes the token lacks is answered 403 insufficient_scope here, and each session
 * (or stateless request) gets a server built for its caller, with the caller's vault token. A
 * session answers only requests of the subject that opened it, and ends when its vault token lapses.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { ActingCaller, Authenticated } from "../auth/resource-server.js";
import {
  type HttpServeOptions,
  listen,
  once,
  type Route,
  type RunningHttpServer,
  readJson,
  sendError,
} from "./gate.js";
import { leavesServerAsBuilt, ServerPool } from "./server-pool.js";
import { sessionTable } from "./sessions.js";

export const MCP_PATH = "/mcp";

/** Serves Streamable HTTP at /mcp: POST (requests), GET (server stream), DELETE (end session). */
export function serveHttp(options: HttpServeOptions): Promise<RunningHttpServer> {
  return options.stateless ? listen("http", options, statelessRoute(options)) : serveSessions(options);
}

function notFound(res: ServerResponse): void {
  sendError(res, 404, `Not found: the MCP endpoint is ${MCP_PATH}.`);
}

/**
 * OAuth mode: the body's scopes, then the caller's vault identity; undefined when a refusal was
 * sent. Without OAuth: no caller (the server acts with its configured token).
 */
async function actingFor(
  res: ServerResponse,
  auth: Authenticated | undefined,
  body: unknown,
): Promise<{ acting: ActingCaller | undefined } | undefined> {
  if (!auth) return { acting: undefined };
  if (!scopesAllow(res, auth, body)) return undefined;
  const acting = await auth.acting();
  if ("status" in acting) {
    sendError(res, acting.status, acting.message, acting.headers);
    return undefined;
  }
  return { acting };
}

/** OAuth mode: false (403 insufficient_scope sent) when the body needs scopes the token lacks. */
function scopesAllow(res: ServerResponse, auth: Authenticated | undefined, body: unknown): boolean {
  const refusal = auth?.scopeRefusal(body);
  if (refusal) sendError(res, refusal.status, refusal.message, refusal.headers);
  return refusal === undefined;
}

/**
 * Built servers a stateless replica keeps for the next requests (./server-pool.ts), ~100 kB each:
 * enough for the 200 requests in flight of npm run loadtest, none kept after 10 s without use.
 */
const IDLE_SERVERS = { idle: 256, idleMs: 10_000 };

function statelessRoute(options: HttpServeOptions): Route {
  const open = new Set<() => Promise<void>>();
  const pool = new ServerPool(options.createServer, IDLE_SERVERS);
  let closing = false;
  return {
    sessionCount: () => 0,
    // Servers kept for the next burst would survive the idle GC.
    idle: () => pool.drain(),
    async closeAll() {
      closing = true;
      pool.clear();
      await Promise.all([...open].map((close) => close()));
    },
    async handle(req, res, url, auth) {
      if (url.pathname !== MCP_PATH) return notFound(res);
      if (req.method !== "POST") {
        // No session, so no server stream to GET and nothing to DELETE.
        res.setHeader("Allow", "POST");
        return sendError(res, 405, "Method not allowed: this server is stateless; only POST is served.");
      }
      const body = await readJson(req);
      if (!body.ok) return sendError(res, body.status, body.message, {}, body.code);
      const caller = await actingFor(res, auth, body.value);
      if (!caller) return;
      // A server built for an OAuth caller holds that caller's vault token: it serves that request only.
      const server = caller.acting ? options.createServer(caller.acting) : pool.take();
      const reusable = !caller.acting && leavesServerAsBuilt(body.value);
      // One JSON answer, not an event stream: about 1 ms less CPU per call on each side. In this
      // mode a notification sent while answering would not reach the client; the server sends none.
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      const close = once(async () => {
        open.delete(close);
        await server.close();
        // Only an answer written whole: a client that went away may leave its handler running.
        if (reusable && res.writableFinished && !closing) pool.give(server);
      });
      open.add(close);
      res.once("close", () => void close());
      await server.connect(transport);
      await transport.handleRequest(req, res, body.value);
    },
  };
}

function serveSessions(options: HttpServeOptions): Promise<RunningHttpServer> {
  /** `subject` and `expiresAtMs`: in OAuth mode, whose session it is and when its vault token lapses. */
  type Session = {
    transport: StreamableHTTPServerTransport;
    close: () => Promise<void>;
    subject?: string | undefined;
    expiresAtMs?: number | undefined;
  };
  const now = options.now ?? Date.now;
  const sessions = sessionTable<Session>(options, "http");

  async function resume(req: IncomingMessage, res: ServerResponse, id: string, auth?: Authenticated): Promise<void> {
    const session = sessions.get(id);
    if (!session) return sendError(res, 404, "Session not found.", {}, -32001);
    if (auth) {
      if (auth.subject !== session.subject)
        return sendError(res, 403, "Forbidden: this session belongs to another user.");
      if (session.expiresAtMs !== undefined && now() >= session.expiresAtMs) {
        // The server holds a vault token that has lapsed: the client starts a new session (spec: on 404).
        await session.close();
        return sendError(res, 404, "Session not found: its vault token expired; start a new session.", {}, -32001);
      }
      if (req.method === "POST") {
        const body = await readJson(req);
        if (!body.ok) return sendError(res, body.status, body.message, {}, body.code);
        if (!scopesAllow(res, auth, body.value)) return;
        res.once("close", sessions.begin(id));
        await session.transport.handleRequest(req, res, body.value);
        return;
      }
    }
    if (req.method === "GET") {
      // The server stream: its opening and its end count as activity, the time in between does not.
      sessions.touch(id);
      res.once("close", () => sessions.touch(id));
    } else res.once("close", sessions.begin(id));
    await session.transport.handleRequest(req, res);
  }

  const route: Route = {
    sessionCount: () => sessions.size,
    closeAll: () => sessions.closeAll(),
    async handle(req, res, url, auth) {
      if (url.pathname !== MCP_PATH) return notFound(res);
      const sid = req.headers["mcp-session-id"];
      if (typeof sid === "string") return resume(req, res, sid, auth);
      if (req.method !== "POST") return sendError(res, 400, "Bad Request: Mcp-Session-Id header is required.");
      const body = await readJson(req);
      if (!body.ok) return sendError(res, body.status, body.message, {}, body.code);
      if (!isInitializeRequest(body.value))
        return sendError(res, 400, "Bad Request: no session; send an initialize request first.");
      const caller = await actingFor(res, auth, body.value);
      if (!caller) return;
      if (!(await sessions.admit()))
        return sendError(res, 503, "Every session is busy; try again shortly.", { "Retry-After": "1" });
      const server = options.createServer(caller.acting);
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (id) => {
          sessions.add(
            id,
            { transport, close, subject: caller.acting?.caller.subject, expiresAtMs: caller.acting?.expiresAtMs },
            caller.acting?.caller.subject,
          );
        },
      });
      const close = once(async () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
        await server.close();
      });
      transport.onclose = () => void close();
      await server.connect(transport);
      await transport.handleRequest(req, res, body.value);
      if (!transport.sessionId) await close();
    },
  };
  return listen("http", options, route).catch(async (error: unknown) => {
    await sessions.closeAll();
    throw error;
  });
}
