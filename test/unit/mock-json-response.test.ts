/**
 * The mock's JSON answers read their body without a stream, and must read like an ordinary
 * Response built from the same text: the oracle here is `new Response(text, init)`.
 */
import { describe, expect, it } from "vitest";
import { json } from "../../mock-vault/core/json.js";

const BODY = { data: { value: "héllo" }, version: 3 };
const TEXT = JSON.stringify(BODY);
const ordinary = () =>
  new Response(TEXT, {
    status: 201,
    statusText: "Created",
    headers: { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(TEXT)), "X-Id": "r1" },
  });
const ours = () => json(BODY, 201, { "X-Id": "r1" });

async function streamed(response: Response): Promise<string> {
  const chunks: Uint8Array[] = [];
  const reader = response.body!.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
  return Buffer.concat(chunks).toString("utf8");
}

describe("json(): the mock's JSON answer", () => {
  it("is a Response with the status, status text and headers of an ordinary one", () => {
    const [a, b] = [ours(), ordinary()];
    expect(a).toBeInstanceOf(Response);
    expect([a.status, a.statusText, a.ok, a.type]).toEqual([b.status, b.statusText, b.ok, b.type]);
    expect(Object.fromEntries(a.headers)).toEqual(Object.fromEntries(b.headers));
  });

  it.each([
    ["text", (r: Response) => r.text()],
    ["json", (r: Response) => r.json()],
    ["arrayBuffer", async (r: Response) => Buffer.from(await r.arrayBuffer()).toString("hex")],
    [
      "bytes",
      async (r: Response) =>
        Buffer.from(await (r as Response & { bytes(): Promise<Uint8Array> }).bytes()).toString("hex"),
    ],
    [
      "blob",
      async (r: Response) => {
        const blob = await r.blob();
        return [blob.type, await blob.text()];
      },
    ],
    ["body (the stream)", streamed],
  ] as const)("reads through %s as an ordinary Response does", async (_name, read) => {
    expect(await read(ours())).toEqual(await read(ordinary()));
  });

  it("reads once: bodyUsed turns true and a second read is refused, whichever reader came first", async () => {
    for (const first of [(r: Response) => r.text(), streamed]) {
      const response = ours();
      expect(response.bodyUsed).toBe(false);
      await first(response);
      expect(response.bodyUsed).toBe(true);
      await expect(response.text()).rejects.toThrow(TypeError);
      expect(() => response.clone()).toThrow(TypeError);
    }
  });

  it("after a shortcut read, its stream is used and locked like an ordinary Response's", async () => {
    const [a, b] = [ours(), ordinary()];
    await a.text();
    await b.text();
    expect(a.body?.locked).toBe(b.body?.locked);
  });

  it("clones into an answer with the same body, before or after its stream is touched", async () => {
    const untouched = ours();
    const copy = untouched.clone();
    expect(await copy.json()).toEqual(BODY);
    expect(await untouched.json()).toEqual(BODY);

    const touched = ours();
    expect(touched.body).not.toBeNull();
    const copyOfTouched = touched.clone();
    expect(copyOfTouched.headers.get("x-id")).toBe("r1");
    expect(await copyOfTouched.text()).toBe(TEXT);
    expect(await streamed(touched)).toBe(TEXT);
  });

  it("takes headers set after it was made (the pipeline adds X-Request-ID)", () => {
    const response = ours();
    response.headers.set("X-Request-ID", "req_1");
    expect(response.headers.get("x-request-id")).toBe("req_1");
  });
});
