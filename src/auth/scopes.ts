/**
 * The OAuth scopes an MCP request needs in OAuth mode, a documented mapping over the tools' access:
 *
 * - `scaivault:read`: every request but initialize, ping and notifications (listing, reading,
 *   completing, prompts, and tool calls that only read);
 * - `scaivault:write` as well: a tools/call of a tool that writes or deletes (in search mode, the
 *   tool `scaivault_call_tool` names).
 *
 * What the user may do in the vault is decided by the vault token the subject is exchanged for;
 * these scopes are what the user let the agent (the OAuth client) do with it. A request whose
 * token lacks one is answered 403 insufficient_scope before any server sees it.
 */
import { CALL_TOOL } from "../tools/discovery.js";
import { catalog } from "../tools/index.js";

export const READ_SCOPE = "scaivault:read";
export const WRITE_SCOPE = "scaivault:write";
export const OAUTH_SCOPES = [READ_SCOPE, WRITE_SCOPE] as const;

const FREE = new Set(["initialize", "ping"]);
const WRITING = new Set<string>(catalog.filter((t) => t.access !== "read").map((t) => t.name));

const record = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** The scopes one JSON-RPC message needs (none for a response or a notification). */
function scopesOfMessage(message: unknown): string[] {
  const m = record(message);
  const method = m?.method;
  if (typeof method !== "string" || m?.id === undefined || FREE.has(method)) return [];
  if (method !== "tools/call") return [READ_SCOPE];
  const params = record(m.params);
  let name = params?.name;
  if (name === CALL_TOOL) name = record(params?.arguments)?.name;
  return typeof name === "string" && WRITING.has(name) ? [READ_SCOPE, WRITE_SCOPE] : [READ_SCOPE];
}

/** The scopes a POSTed body (one message or a batch) needs, each once. */
export function scopesNeeded(body: unknown): string[] {
  const messages = Array.isArray(body) ? body : [body];
  return [...new Set(messages.flatMap(scopesOfMessage))];
}

/** The OAuth scopes of `needed` the token does not hold, compared exactly (no vault-style wildcards, guard/scopes.ts). */
export function unheldOAuthScopes(needed: readonly string[], held: readonly string[]): string[] {
  return needed.filter((s) => !held.includes(s));
}
