/**
 * scaivault-mcp: an MCP server for the ScaiVault API with guardrails.
 *
 * @example
 * ```ts
 * import { createServer } from "scaivault-mcp";
 * import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
 * const server = createServer({ config: { url: "https://scaivault.example", token: process.env.SCAIVAULT_TOKEN, readOnly: true } });
 * await server.connect(new StdioServerTransport());
 * ```
 */
export { createServer, buildServer, verifyTenantLock, SERVER_NAME, SERVER_VERSION } from "./server.js";
export type { ServerOptions, ServerParts } from "./server.js";
export { loadConfig, defineConfig, ConfigError, ConfigSchema, TOOL_GROUPS } from "./config.js";
export type { Config, ConfigInput, ToolGroup } from "./config.js";
export { catalog } from "./tools/index.js";
export type { ToolDef, ToolSpec, Access, PathArg } from "./tools/index.js";
export { Guard, MASK } from "./guard/index.js";
export type { GuardSettings, Refusal, RefusalCode } from "./guard/index.js";
export { createClient, VaultClient, VaultError } from "./client/index.js";
export { canonicalPath, isUnder } from "./guard/paths.js";
export { createLogger } from "./log.js";
