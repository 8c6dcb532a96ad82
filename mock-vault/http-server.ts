import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { Dispatch } from "./core/dispatch.js";

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
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const controller = new AbortController();
  res.on("close", () => controller.abort());
  const request = new Request(url, {
    method: req.method ?? "GET",
    headers: req.headers as Record<string, string>,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream) : null,
    signal: controller.signal,
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
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
