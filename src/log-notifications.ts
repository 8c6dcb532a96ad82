/**
 * The server's log, sent to the MCP client too (notifications/message) once the client asks with
 * logging/setLevel, from that level up. Before it asks, nothing is sent: a client that never asks
 * gets no traffic it did not request. One server instance serves one session (stdio, each HTTP or
 * SSE session), so the level is the instance's. A line logged while a request is served goes on
 * that request's stream; every notification leaves through the guarded transport, so the same
 * outbound redaction applies as to everything else (src/guarded-transport.ts).
 */
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  type LoggingLevel,
  LoggingLevelSchema,
  type ServerNotification,
  SetLevelRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { Level, Logger } from "./log.js";
import { notifyRequester } from "./request-scope.js";

const TO_MCP: Record<Level, LoggingLevel> = { error: "error", warn: "warning", info: "info", debug: "debug" };
/** MCP's levels, least severe first (RFC 5424 order). */
const SEVERITY: readonly LoggingLevel[] = LoggingLevelSchema.options;

/** `base`, with every line also sent to `server`'s client at the level it set. Replaces the SDK's logging/setLevel handler. */
export function notifyingLogger(base: Logger, server: Server, name: string): Logger {
  let threshold: number | undefined;
  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    threshold = SEVERITY.indexOf(request.params.level);
    return {};
  });
  return {
    redact: (secret) => base.redact(secret),
    log(level, message, fields) {
      base.log(level, message, fields);
      const mcpLevel = TO_MCP[level];
      if (threshold === undefined || SEVERITY.indexOf(mcpLevel) < threshold) return;
      const notification: ServerNotification = {
        method: "notifications/message",
        params: { level: mcpLevel, logger: name, data: { message, ...fields } },
      };
      if (!notifyRequester(notification) && server.transport) server.notification(notification).catch(() => undefined);
    },
  };
}
