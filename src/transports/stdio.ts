import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

/**
 * Serves one MCP session over stdin/stdout. When stdin ends the process exits by itself once
 * in-flight calls have answered (nothing else keeps it alive); signals are handled by the CLI.
 */
export async function serveStdio(server: McpServer): Promise<void> {
  await server.connect(new StdioServerTransport());
}
