/**
 * Plain HTTP calls against a mock vault through mock.fetch, for contract tests of endpoints no
 * client method covers: the answer's status, headers and body (JSON parsed when it is JSON).
 */
import type { MockVaultHandle } from "../../mock-vault/index.js";

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  token?: string | undefined;
  /** A value is sent as JSON; a string is sent as it is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export function mockApi(mock: MockVaultHandle) {
  return async <T = any>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      headers["Content-Type"] ??= "application/json";
    }
    const response = await mock.fetch(new Request(`${mock.baseUrl}${path}`, { method, headers, body }));
    const text = await response.text();
    const json = response.headers.get("content-type")?.startsWith("application/json");
    return { status: response.status, headers: response.headers, body: (json && text ? JSON.parse(text) : text) as T };
  };
}

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

/**
 * `call(method, path, body?, token = admin, headers?)` against the vault `vault()` returns, read at
 * each call so a test file may make a new vault per test. An empty body reads as null.
 */
export function apiOf(vault: () => MockVaultHandle): ApiCall {
  return async (method, path, body, token, headers = {}) => {
    const mock = vault();
    const answer = await mockApi(mock)(method, path, { token: token ?? mock.tokens.admin, body, headers });
    return {
      status: answer.status,
      body: answer.body === "" ? null : answer.body,
      requestId: answer.headers.get("x-request-id"),
    };
  };
}
