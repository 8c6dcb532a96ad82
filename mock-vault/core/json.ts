import { STATUS_CODES } from "node:http";

/**
 * A JSON answer, as MSW's HttpResponse.json builds it (content type, length, status text), without
 * its per-call cost: it measures the body through a Blob.
 */
export function json(body: unknown, status = 200, headers?: Record<string, string>): Response {
  const text = JSON.stringify(body);
  return new Response(text, {
    status,
    statusText: STATUS_CODES[status] ?? "",
    headers: { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)), ...headers },
  });
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
