/**
 * scaivault-mcp: an MCP server for the ScaiVault API with guardrails.
 *
 * @example
 * ```ts
 * import { createServer, serveStdio } from "scaivault-mcp";
 * const server = createServer({ config: { url: "https://scaivault.example", token: process.env.SCAIVAULT_TOKEN, readOnly: true } });
 * await serveStdio(server); // stdio that also answers lines that are not JSON-RPC
 * ```
 */

export type { AuditSink } from "./audit/sink.js";
export type { Caller } from "./caller.js";
export { createClient, VaultClient, VaultError } from "./client/index.js";
export { ServerClock } from "./clock.js";
export type { Config, ConfigInput, ToolGroup } from "./config.js";
export { ConfigError, ConfigSchema, defineConfig, loadConfig, TOOL_GROUPS } from "./config.js";
export type { GuardSettings, Refusal, RefusalCode } from "./guard/index.js";
export { Guard, MASK } from "./guard/index.js";
export { createLogger } from "./log.js";
export { canonicalPath, isUnder } from "./paths.js";
export type { ServerOptions, ServerParts } from "./server.js";
export { buildServer, createServer, SERVER_NAME, SERVER_VERSION, verifyTenantLock } from "./server.js";
export type { Access, PathArg, ToolDef, ToolSpec } from "./tools/index.js";
export { catalog } from "./tools/index.js";
export { AnsweringStdioTransport, serveStdio } from "./transports/stdio.js";
