import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { VaultClient } from "./client/index.js";
import type { Config } from "./config.js";
import type { Guard } from "./guard/index.js";
import type { Logger } from "./log.js";

export interface ExtrasDeps {
  client: VaultClient;
  guard: Guard;
  log: Logger;
  config: Config;
}

/** Resources and prompts (filled in by their own modules). */
export function registerExtras(_server: McpServer, _deps: ExtrasDeps): void {}
