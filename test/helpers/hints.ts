import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";

/** What a host reads from listed hints: each absent one takes the MCP spec's default (ToolAnnotations). */
export function hintsAsRead(listed: ToolAnnotations | undefined) {
  return { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true, ...listed };
}
