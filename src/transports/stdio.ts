import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

/** Serves one MCP session over stdin/stdout until stdin closes or a signal arrives. */
export async function serveStdio(server: McpServer, onClose: () => void): Promise<void> {
  const transport = new StdioServerTransport();
  transport.onclose = onClose;
  process.stdin.on("end", onClose);
  await server.connect(transport);
}
