/**
 * Legacy MCP over HTTP+SSE (`MCP_TRANSPORT=sse`): GET /sse opens a session's event stream and
 * names its POST endpoint (/messages?sessionId=...); POST /messages carries the client's
 * messages. Same gate as Streamable HTTP (Host/Origin, bearer token, loopback rule) and one
 * McpServer per stream, so sessions share nothing but the vault behind them.
 */
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";
import { ConfigError } from "../config.js";
import {
  type HttpServeOptions,
  listen,
  once,
  type Route,
  type RunningHttpServer,
  readJson,
  sendError,
} from "./gate.js";
import { sessionTable } from "./sessions.js";

export const SSE_PATH = "/sse";
export const MESSAGES_PATH = "/messages";
const KEEP_ALIVE_MS = 15_000;

export function serveSse(options: HttpServeOptions): Promise<RunningHttpServer> {
  // OAuth mode acts per caller on Streamable HTTP only; here every stream would act with the server's token.
  if (options.oauth) return Promise.reject(new ConfigError("OAuth mode (MCP_OAUTH_ISSUER) needs MCP_TRANSPORT=http"));
  type Session = { transport: SSEServerTransport; close: () => Promise<void> };
  const sessions = sessionTable<Session>(options, "sse");

  const route: Route = {
    sessionCount: () => sessions.size,
    closeAll: () => sessions.closeAll(),
    async handle(req, res, url) {
      if (url.pathname === SSE_PATH && req.method === "GET") {
        if (!(await sessions.admit()))
          return sendError(res, 503, "Every session is busy; try again shortly.", { "Retry-After": "1" });
        const transport = new SSEServerTransport(MESSAGES_PATH, res);
        const server = options.createServer();
        const id = transport.sessionId;
        // Comment frames keep proxies from timing out an idle stream.
        const keepAlive = setInterval(() => {
          if (!res.writableEnded) res.write(": keep-alive\n\n");
        }, KEEP_ALIVE_MS);
        keepAlive.unref();
        const close = once(async () => {
          clearInterval(keepAlive);
          sessions.delete(id);
          await server.close();
        });
        transport.onclose = () => void close();
        sessions.add(id, { transport, close });
        await server.connect(transport);
        return;
      }
      if (url.pathname === MESSAGES_PATH && req.method === "POST") {
        const id = url.searchParams.get("sessionId") ?? "";
        const session = sessions.get(id);
        if (!session) return sendError(res, 404, "Session not found.", {}, -32001);
        res.once("close", sessions.begin(id));
        // Read here, not by the SDK: its errors are plain text and echo the client's body.
        const body = await readJson(req);
        if (!body.ok) return sendError(res, body.status, body.message, {}, body.code);
        if (!JSONRPCMessageSchema.safeParse(body.value).success)
          return sendError(res, 400, "Invalid Request: the body is not a JSON-RPC message.", {}, -32600);
        await session.transport.handlePostMessage(req, res, body.value);
        return;
      }
      if (url.pathname === SSE_PATH || url.pathname === MESSAGES_PATH) {
        res.setHeader("Allow", url.pathname === SSE_PATH ? "GET" : "POST");
        return sendError(res, 405, "Method not allowed.");
      }
      return sendError(res, 404, `Not found: the SSE endpoint is ${SSE_PATH} (messages: ${MESSAGES_PATH}).`);
    },
  };
  return listen("sse", options, route).catch(async (error: unknown) => {
    await sessions.closeAll();
    throw error;
  });
}
