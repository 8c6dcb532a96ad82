/**
 * requestFromInit, the light request mock.fetch(url, init) makes: for every init it takes, the
 * same method, URL, headers and body text as new Request(url, init); every init it does not take
 * (left to a real Request) is listed.
 */
import { describe, expect, it } from "vitest";
import { requestFromInit } from "../../mock-vault/core/request-from-init.js";
import type { VaultRequest } from "../../mock-vault/core/vault-request.js";

const URL_ = "http://vault.test:8200/v1/secrets/a/b?version=2#frag";
const NAMES = ["authorization", "content-type", "x-tenant-id", "x-forwarded-for", "user-agent", "accept", "x-dup"];

async function seen(request: VaultRequest) {
  return {
    method: request.method,
    url: request.url,
    headers: NAMES.map((name) => [name, request.headers.get(name), request.headers.get(name.toUpperCase())]),
    text: await request.text(),
  };
}

const TAKEN: [string, string | URL, RequestInit | undefined][] = [
  ["no init", URL_, undefined],
  ["a URL object", new URL(URL_), {}],
  ["a read", URL_, { headers: { Authorization: "Bearer t", "X-Tenant-ID": "tnt_a" } }],
  ["a write", URL_, { method: "PUT", headers: { "content-type": "application/json" }, body: '{"a":1}' }],
  ["a string body without Content-Type", URL_, { method: "POST", body: "x=1" }],
  ["bytes", URL_, { method: "PUT", body: new TextEncoder().encode("é\u{1F600}") }],
  ["bytes after a BOM, and another", URL_, { method: "PUT", body: new TextEncoder().encode("\uFEFF\uFEFF\uFEFFa") }],
  ["a byte view into a larger buffer", URL_, { method: "PUT", body: new Uint8Array([0x61, 0x62, 0x63]).subarray(1) }],
  ["an ArrayBuffer with invalid UTF-8", URL_, { method: "PUT", body: new Uint8Array([0x61, 0xff, 0x62]).buffer }],
  ["a null body", URL_, { method: "DELETE", body: null }],
  [
    "header pairs with a duplicate",
    URL_,
    {
      headers: [
        ["X-Dup", "1"],
        ["x-dup", "2"],
      ],
    },
  ],
  ["a record with names differing in case", URL_, { headers: { "X-Dup": "1", "x-DUP": "2" } }],
  ["a Headers object", URL_, { headers: new Headers({ Accept: "application/json", "X-Dup": " padded " }) }],
  ["an empty header value", URL_, { headers: { "X-Forwarded-For": "" } }],
  ["members given as undefined", URL_, { method: "GET", cache: undefined, body: undefined } as RequestInit],
  ["a signal", URL_, { signal: new AbortController().signal }],
];

const LEFT: [string, unknown, RequestInit][] = [
  ["a lower-case method", URL_, { method: "get" }],
  ["a forbidden method", URL_, { method: "TRACE" }],
  ["a body on a GET", URL_, { body: "x" }],
  ["a string body after a BOM", URL_, { method: "POST", body: "\uFEFF{}" }],
  ["a string body with a lone surrogate", URL_, { method: "POST", body: '{"a":"\uD800"}' }],
  ["a header value with a space at its end", URL_, { headers: { "X-Dup": "a " } }],
  ["a header value past U+00FF", URL_, { headers: { "X-Dup": "€" } }],
  ["a header name that is no token", URL_, { headers: { "Bad Name": "x" } }],
  ["a header value that is not a string", URL_, { headers: { "X-Dup": 1 as unknown as string } }],
  ["a Map of headers", URL_, { headers: new Map([["x-dup", "1"]]) as unknown as RequestInit["headers"] }],
  ["a pair of three", URL_, { headers: [["x-dup", "1", "2"]] as unknown as RequestInit["headers"] }],
  ["URLSearchParams", URL_, { method: "POST", body: new URLSearchParams({ a: "1" }) }],
  ["a Blob", URL_, { method: "POST", body: new Blob(["a"]) }],
  ["FormData", URL_, { method: "POST", body: new FormData() }],
  ["a stream", URL_, { method: "POST", body: new Blob(["a"]).stream(), duplex: "half" } as RequestInit],
  ["another init member", URL_, { cache: "no-store" } as RequestInit],
  ["a signal that is not an AbortSignal", URL_, { signal: {} as AbortSignal }],
  ["a relative URL", "/v1/secrets/a", {}],
  ["a URL with credentials", "http://u:p@vault.test/v1/secrets/a", {}],
  ["a URL that does not parse", "http://", {}],
];

describe("requestFromInit", () => {
  it.each(TAKEN)("takes %s as a Request would read it", async (_, input, init) => {
    const light = requestFromInit(input, init);
    expect(light).toBeDefined();
    expect(await seen(light!)).toEqual(await seen(new Request(input, init)));
  });

  it.each(LEFT)("leaves %s to a Request", (_, input, init) => {
    expect(requestFromInit(input as string, init)).toBeUndefined();
  });

  it("reads the bytes when it is made, as a Request copies them", async () => {
    const bytes = new TextEncoder().encode("abc");
    const light = requestFromInit(URL_, { method: "PUT", body: bytes })!;
    bytes[0] = 0x7a;
    expect(await light.text()).toBe("abc");
  });

  it("copies a URL object it is given", () => {
    const url = new URL(URL_);
    const light = requestFromInit(url, {})!;
    url.pathname = "/elsewhere";
    expect(light.url).toBe(new Request(URL_).url);
  });

  it("keeps the signal it is given, and has none otherwise", () => {
    const { signal } = new AbortController();
    expect(requestFromInit(URL_, { signal })!.signal).toBe(signal);
    expect(requestFromInit(URL_, {})!.signal).toBeUndefined();
  });
});
