import { STATUS_CODES } from "node:http";

/**
 * A JSON answer, as MSW's HttpResponse.json builds it (content type, length, status text), without
 * its per-call cost: it measures the body without a Blob, and the body's stream is made only for a
 * reader that asks for it (see JsonResponse).
 */
export function json(body: unknown, status = 200, headers?: Record<string, string>): Response {
  const text = JSON.stringify(body);
  return new JsonResponse(text, {
    status,
    statusText: STATUS_CODES[status] ?? "",
    headers: { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)), ...headers },
  }) as unknown as Response;
}

/** Response, as far as the subclass below uses it: lib.dom types its body readers as properties, not methods. */
const ResponseBase = Response as unknown as new (
  body: null,
  init: ResponseInit,
) => Pick<Response, "status" | "statusText" | "headers">;

/**
 * A Response whose body is a string held as it is: text(), json() and arrayBuffer() read it
 * without a ReadableStream, which costs more on Node 20 than the rest of a mock request (the
 * stream and its reader are transferable objects). `body`, or any other reader, gets the real
 * stream, made once on first use; from then on the Response behaves as an ordinary one.
 * Used only with a Content-Type given, which an ordinary Response built from a string would
 * otherwise set to text/plain.
 */
class JsonResponse extends ResponseBase {
  #text: string;
  #used = false;
  #real: Response | undefined;

  constructor(text: string, init: ResponseInit) {
    super(null, init);
    this.#text = text;
  }

  /** The same body as an ordinary Response, for the readers this class does not shortcut. */
  #ordinary(): Response {
    this.#real ??= new Response(this.#used ? null : this.#text);
    return this.#real;
  }

  #take(): string {
    if (this.#used) throw new TypeError("Body is unusable: Body has already been read");
    this.#used = true;
    return this.#text;
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#used && !this.#real) {
      // Read already through the shortcut: a used, empty stream, as an ordinary Response has.
      const used = new Response("");
      void used.text();
      this.#real = used;
    }
    return this.#ordinary().body;
  }

  get bodyUsed(): boolean {
    return this.#real ? this.#real.bodyUsed : this.#used;
  }

  text(): Promise<string> {
    if (this.#real) return this.#real.text();
    try {
      return Promise.resolve(this.#take());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  json(): Promise<unknown> {
    return this.text().then((text) => JSON.parse(text) as unknown);
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.text().then((text) => {
      const bytes = Buffer.from(text);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    });
  }

  blob(): Promise<Blob> {
    if (this.#real) return this.#real.blob();
    return this.text().then((text) => new Blob([text], { type: this.headers.get("content-type") ?? "" }));
  }

  bytes(): Promise<Uint8Array> {
    return this.arrayBuffer().then((buffer) => new Uint8Array(buffer));
  }

  formData(): Promise<FormData> {
    return this.#ordinary().formData();
  }

  clone(): Response {
    if (this.bodyUsed) throw new TypeError("Response.clone: Body has already been consumed.");
    if (this.#real) {
      // The stream may be locked or half read by now: clone the ordinary Response's body.
      const copy = this.#real.clone();
      return new Response(copy.body, { status: this.status, statusText: this.statusText, headers: this.headers });
    }
    return new JsonResponse(this.#text, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    }) as unknown as Response;
  }
}

/** Any other answer (PEM, DER, metrics text, a body already serialised), with its status text. */
export function respond(
  body: ConstructorParameters<typeof Response>[0],
  status = 200,
  headers?: Record<string, string>,
): Response {
  return new Response(body, { status, statusText: STATUS_CODES[status] ?? "", headers });
}

/** An answer without a body (204 No Content). */
export function empty(status: number, headers?: Record<string, string>): Response {
  return new Response(null, { status, statusText: STATUS_CODES[status] ?? "", headers });
}
