import type { JSONRPCRequest } from "@modelcontextprotocol/sdk/types.js";

const REQUEST_KEYS = new Set(["jsonrpc", "id", "method", "params"]);

/**
 * A request the SDK's JSON-RPC schemas certainly classify as a request and nothing else, checked
 * without zod (the handler's own request schema still parses it): every request a host sends in
 * practice. Anything else (a `_meta`, a notification, a response, an odd key) goes through the
 * SDK's schemas, so this only skips work and never changes a verdict.
 */
export function plainRequest(value: unknown): value is JSONRPCRequest {
  if (!isObject(value) || value.jsonrpc !== "2.0" || typeof value.method !== "string") return false;
  const { id, params } = value;
  if (typeof id !== "string" && !Number.isSafeInteger(id)) return false;
  for (const key in value) if (!REQUEST_KEYS.has(key)) return false;
  if (params === undefined) return Object.hasOwn(value, "params") === false;
  return isObject(params) && !Object.hasOwn(params, "_meta") && !Object.hasOwn(params, "__proto__");
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
