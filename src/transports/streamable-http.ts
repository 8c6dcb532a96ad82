/**
 * MCP over Streamable HTTP (`MCP_TRANSPORT=http`, endpoint /mcp), behind the shared gate
 * (./gate.ts). One McpServer per session, built by the factory, so session state (logging level,
 * subscriptions, initialisation) never leaks between sessions.
 */
import { randomUUID } from "node:crypto";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import {
  type HttpServeOptions,
  listen,
  once,
  type Route,
  type RunningHttpServer,
  readJson,
  sendError,
} from "./gate.js";

export const MCP_PATH = "/mcp";

/** Serves Streamable HTTP at /mcp: POST (requests), GET (server stream), DELETE (end session). */
export function serveHttp(options: HttpServeOptions): Promise<RunningHttpServer> {
  const { log } = options;
  const max = options.maxSessions ?? 100;
  const idleMs = options.sessionIdleMs ?? 60 * 60_000;
  const now = options.now ?? Date.now;
  type Session = {
    transport: StreamableHTTPServerTransport;
    close: () => Promise<void>;
    lastSeen: number;
    /** Responses still open: requests in flight and the standalone GET notification stream. */
    open: number;
  };
  const sessions = new Map<string, Session>();

  // A client that vanished without DELETE would hold its session forever: close idle ones.
  // A session with an open response (its GET stream, whose keep-alive frames would fail on a
  // vanished peer) is in use, however long ago its last request came.
  const sweep = async () => {
    const stale = [...sessions.values()].filter((s) => s.open === 0 && now() - s.lastSeen > idleMs);
    if (stale.length) log.log("info", "closing idle MCP sessions", { transport: "http", count: stale.length });
    await Promise.all(stale.map((s) => s.close()));
  };
  const timer = setInterval(() => void sweep(), Math.min(idleMs, 60_000));
  timer.unref();

  const route: Route = {
    sessionCount: () => sessions.size,
    async closeAll() {
      clearInterval(timer);
      await Promise.all([...sessions.values()].map((s) => s.close()));
      sessions.clear();
    },
    async handle(req, res, url) {
      if (url.pathname !== MCP_PATH) return sendError(res, 404, `Not found: the MCP endpoint is ${MCP_PATH}.`);
      const sid = req.headers["mcp-session-id"];
      if (typeof sid === "string") {
        const session = sessions.get(sid);
        if (!session) return sendError(res, 404, "Session not found.", {}, -32001);
        session.lastSeen = now();
        session.open++;
        res.once("close", () => {
          session.open--;
          session.lastSeen = now();
        });
        await session.transport.handleRequest(req, res);
        return;
      }
      if (req.method !== "POST") return sendError(res, 400, "Bad Request: Mcp-Session-Id header is required.");
      const body = await readJson(req);
      if (!body.ok) return sendError(res, body.status, body.message, {}, body.code);
      if (!isInitializeRequest(body.value))
        return sendError(res, 400, "Bad Request: no session; send an initialize request first.");
      await sweep();
      if (sessions.size >= max) return sendError(res, 503, "Too many open sessions; try again later.");
      const server = options.createServer();
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (id) => {
          sessions.set(id, { transport, close, lastSeen: now(), open: 0 });
          log.log("info", "MCP session opened", { transport: "http", sessions: sessions.size });
        },
      });
      const close = once(async () => {
        const id = transport.sessionId;
        if (id && sessions.delete(id))
          log.log("info", "MCP session closed", { transport: "http", sessions: sessions.size });
        await server.close();
      });
      transport.onclose = () => void close();
      await server.connect(transport);
      await transport.handleRequest(req, res, body.value);
      if (!transport.sessionId) await close();
    },
  };
  return listen("http", options, route).catch((error: unknown) => {
    clearInterval(timer);
    throw error;
  });
}
