/**
 * Raw requests to a mock vault through mock.fetch, for endpoints no tool (and so no client method)
 * uses: the status, the JSON body and the X-Request-ID. `vault` is read at each call, so a test
 * file may make a new vault per test.
 */
import type { MockVaultHandle } from "../../mock-vault/index.js";

export interface ApiAnswer {
  status: number;
  body: any;
  requestId: string | null;
}

export type ApiCall = (
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  headers?: Record<string, string>,
) => Promise<ApiAnswer>;

/** `call(method, path, body?, token = admin, headers?)` against the vault `vault()` returns. */
export function apiOf(vault: () => MockVaultHandle): ApiCall {
  return async (method, path, body, token, headers = {}) => {
    const mock = vault();
    const response = await mock.fetch(
      new Request(`${mock.baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token ?? mock.tokens.admin}`,
          "Content-Type": "application/json",
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : null,
      requestId: response.headers.get("x-request-id"),
    };
  };
}
