/**
 * The redaction module: the server's credentials in every form they can take (raw, JSON-escaped,
 * URL-encoded, base64 at any byte alignment, hex), credential-shaped text, and what it must leave
 * alone (ordinary words, short key prefixes, the structure of the JSON it walks).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REDACTED, Redactor } from "../../src/redact.js";
import { credentialsOf } from "../../src/server.js";

const SECRET = 'srv-"cred"/ü+ 42&x';
const redactor = new Redactor([SECRET]);
const b64 = (bytes: string) => Buffer.from(bytes).toString("base64");

describe("Redactor.text", () => {
  it.each([
    ["raw", SECRET],
    ["JSON-escaped", JSON.stringify(SECRET).slice(1, -1)],
    ["JSON-escaped twice", JSON.stringify(JSON.stringify(SECRET)).slice(1, -1)],
    ["JSON-escaped, ASCII only", JSON.stringify(SECRET).slice(1, -1).replace("ü", "\\u00fc")],
    ["URL-encoded", encodeURIComponent(SECRET)],
    ["URL-encoded, lower-case escapes", encodeURIComponent(SECRET).toLowerCase()],
    ["form-encoded", encodeURIComponent(SECRET).replaceAll("%20", "+")],
    ["hex", Buffer.from(SECRET).toString("hex")],
    ["HEX", Buffer.from(SECRET).toString("hex").toUpperCase()],
    ["base64", b64(SECRET)],
    ["base64url", Buffer.from(SECRET).toString("base64url")],
    ["base64 inside a header blob (offset 1)", b64(`Authorization: Bearer ${SECRET}`)],
    ["base64 inside a blob (offset 2)", b64(`ab${SECRET}cd`)],
  ])("removes the %s form", (_form, text) => {
    const out = redactor.text(`before ${text} after`);
    expect(out).not.toContain(text);
    expect(out).toContain("before");
  });

  it("removes Authorization values and ScaiVault-shaped tokens of anyone", () => {
    expect(redactor.text("got Bearer abcDEF123456.x-y and basic dXNlcjpwYXNzd29yZA==")).toBe(
      `got Bearer ${REDACTED} and basic ${REDACTED}`,
    );
    expect(redactor.text("skt_live_0123456789abcdef scai_test_ABCDEFGHIJKL1 scai_live_x_y_z_1234567")).toBe(
      `${REDACTED} ${REDACTED} ${REDACTED}`,
    );
  });

  it("leaves ordinary text alone: 'bearer token', a key prefix, a short credential", () => {
    const text = "Issue an API key (bearer token); prefix skt_mock_sa_r; the ScaiVault token skt_…";
    expect(redactor.text(text)).toBe(text);
    expect(new Redactor(["short"]).text("a short word")).toBe("a short word");
  });

  it("learns credentials added later", () => {
    const r = new Redactor();
    r.add("late-credential-0001");
    expect(r.text("x late-credential-0001 y")).toBe(`x ${REDACTED} y`);
  });

  it("property: a credential embedded in any bytes, base64-encoded at any alignment, is found", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 8, maxLength: 40, unit: "grapheme" }),
        fc.string({ maxLength: 8, unit: "grapheme" }),
        fc.string({ maxLength: 8, unit: "grapheme" }),
        (secret, before, after) => {
          const r = new Redactor([secret]);
          const blob = b64(`${before}${secret}${after}`);
          expect(r.finds(blob)).toBe(true);
          expect(r.text(`${before}${secret}${after}`)).not.toContain(secret);
          expect(r.text(Buffer.from(secret).toString("hex"))).toBe(REDACTED);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("Redactor.value", () => {
  it("returns the value itself when nothing needs redacting, a copy when something does", () => {
    const clean = { a: [1, { b: "x" }], c: null };
    expect(redactor.value(clean)).toBe(clean);
    const dirty = { a: [1, { b: `x${SECRET}` }], [SECRET]: true, c: null };
    const out = redactor.value(dirty);
    expect(out).toEqual({ a: [1, { b: `x${REDACTED}` }], [REDACTED]: true, c: null });
    expect(dirty.a[1]).toEqual({ b: `x${SECRET}` });
  });

  it("finds a credential of the shortest length it learns, beside numbers, booleans and nulls", () => {
    const shortest = "k8-cred!";
    const narrow = new Redactor([shortest]);
    const message = { a: [0, false, null, 7, { b: [true, 1, shortest] }], [shortest]: 0, c: "k8-cred" };
    expect(narrow.value(message)).toEqual({
      a: [0, false, null, 7, { b: [true, 1, REDACTED] }],
      [REDACTED]: 0,
      c: "k8-cred",
    });
    expect(narrow.value({ a: [0, false, null, "k8-cred"] })).toEqual({ a: [0, false, null, "k8-cred"] });
  });

  it("keeps a key named __proto__ as a key, and walks 100,000 levels without recursion", () => {
    const parsed = JSON.parse(`{"__proto__": {"v": "${SECRET.replaceAll('"', '\\"')}"}}`);
    const out = redactor.value(parsed) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    let deep: unknown = SECRET;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let node = redactor.value(deep);
    for (let i = 0; i < 100_000; i++) node = (node as unknown[])[0];
    expect(node).toBe(REDACTED);
  });
});

describe("credentialsOf", () => {
  it("names the vault token (the mock's when none is set in mock mode), the HTTP token and the cursor key", () => {
    const cursorKey = "ab".repeat(32);
    expect(credentialsOf({ token: "t-000000000", httpToken: "h-0000000000000000", mock: false, cursorKey })).toEqual([
      "t-000000000",
      "h-0000000000000000",
      cursorKey,
    ]);
    expect(credentialsOf({ token: undefined, httpToken: undefined, mock: true, cursorKey: undefined })).toEqual([
      "skt_mock_demo_admin",
    ]);
  });
});
