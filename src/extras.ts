import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { VaultClient } from "./client/index.js";
import { VaultLookup } from "./completions.js";
import type { Config } from "./config.js";
import type { Guard } from "./guard/index.js";
import type { Logger } from "./log.js";
import { registerPrompts } from "./prompts.js";
import { registerResources } from "./resources.js";

export interface ExtrasDeps {
  client: VaultClient;
  guard: Guard;
  log: Logger;
  config: Config;
}

/**
 * Resources (scaivault://secrets/{tenant}/{path}, policies/{id}, certificates/{id}, leases/{id}), prompts and their
 * argument completion. Called once per server instance, so nothing here is shared between sessions.
 */
export function registerExtras(server: McpServer, deps: ExtrasDeps): void {
  const lookup = new VaultLookup(deps);
  registerResources(server, deps, lookup);
  registerPrompts(server, deps, lookup);
}
