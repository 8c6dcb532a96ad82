import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Dispatch } from "./core/dispatch.js";
import { LightHeaders, LightRequest, NO_BODY, utf8Text } from "./core/vault-request.js";

export interface ServeOptions {
  port?: number;
  /** Bind address; loopback unless you mean otherwise. */
  host?: string;
  /** Mount the /_mock/ control routes (reset, clock, faults, snapshot); default true. */
  control?: boolean;
}

export interface ServedVault {
  url: string;
  close(): Promise<void>;
}

/**
 * A small node:http adapter around the vault's dispatcher: the same routes as in-process, over a
 * real socket. Network-error faults destroy the socket; nothing a handler throws leaks out.
 */
export function serveOverHttp(dispatch: Dispatch, baseUrl: string, options: ServeOptions = {}): Promise<ServedVault> {
  const server = createServer((req, res) => {
    handle(dispatch, baseUrl, req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { "Content-Type": "application/json" });
        res.end(
          JSON.stringify({ error: { code: "internal_error", message: "The vault failed to process the request." } }),
        );
      } else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8200, options.host ?? "127.0.0.1", () => {
      const { port, address } = server.address() as AddressInfo;
      const host = address.includes(":") ? `[${address}]` : address;
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

async function handle(dispatch: Dispatch, baseUrl: string, req: IncomingMessage, res: ServerResponse) {
  // Requests are rewritten onto the mock's own origin, so the routes match whatever port we listen on.
  const url = new URL(req.url ?? "/", baseUrl);
  const method = req.method ?? "GET";
  // What a Request refuses (node hands these to the request listener too).
  if (FORBIDDEN_METHODS.has(method)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
  const controller = new AbortController();
  res.on("close", () => controller.abort());
  let body: Promise<string> | undefined;
  const request = new LightRequest(
    method,
    url,
    headersOf(req),
    method === "GET" || method === "HEAD" ? NO_BODY : () => (body ??= collect(req)),
    controller.signal,
  );
  const response = await dispatch(request);
  if (!response) {
    res.writeHead(404, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ error: { code: "not_found", message: "No such endpoint." } }));
    return;
  }
  if (response.type === "error") {
    req.socket.destroy();
    return;
  }
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

/** Node's headers (names already lower-case, values already trimmed), as a Request built from them has them. */
function headersOf(req: IncomingMessage): LightHeaders {
  const byName = new Map<string, string>();
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) byName.set(name, typeof value === "string" ? value : value.join(","));
  return new LightHeaders(byName);
}

/** The whole body as text, read only when a route asks for it (the pipeline refuses over 1 MiB with 413). */
function collect(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(utf8Text(Buffer.concat(chunks))));
    req.on("error", reject);
    // A client gone before the end of its body (no-op once resolved).
    req.on("close", () => reject(new Error("the request body ended early")));
  });
}
