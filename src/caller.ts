/**
 * Who a server instance acts for. With the configured vault token (stdio, MCP_HTTP_TOKEN) there
 * is no caller object, and the server acts as "token"; in OAuth mode each session (or stateless
 * request) gets the validated subject and the scopes of the vault token it acts with.
 */
export interface Caller {
  /** The OAuth subject (`sub` of the validated access token). */
  subject: string;
  /** The scopes of the vault token this caller acts with, when known (token exchange, whoami). */
  scopes?: readonly string[] | undefined;
}
