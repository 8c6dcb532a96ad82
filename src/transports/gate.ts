/**
 * The request gate both HTTP transports share (Streamable HTTP in ./streamable-http.ts, legacy
 * SSE in ./sse.ts), and the node:http listener it stands in front of:
 *
 * - DNS-rebinding and cross-origin protection: on a loopback bind the Host header must name
 *   localhost, 127.0.0.1 or [::1], and a browser Origin must be this server's own origin
 *   (http://, a loopback spelling of the host, the port it listens on) or in MCP_ALLOWED_ORIGINS,
 *   so a page of another local dev server cannot drive it; on other binds the Origin must match
 *   the Host header or the list. Anything else: 403. Clients that send no Origin are not browsers.
 * - MCP_HTTP_TOKEN: when set, every request needs `Authorization: Bearer <token>` (401 otherwise;
 *   compared in constant time). Binding a non-loopback address without it is refused at start.
 * - OAuth mode (MCP_OAUTH_ISSUER, src/auth/): the Protected Resource Metadata is served without a
 *   token, every other request needs a valid access token of the issuer (401/403 challenges from
 *   src/auth/resource-server.ts), and the route is told who the caller is.
 * - JSON bodies read the same way for both (media type, size bound, parse errors that never echo
 *   the body), and errors sent as JSON-RPC error bodies.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ActingCaller, Authenticated, OAuthResourceServer } from "../auth/resource-server.js";
import { type Config, ConfigError } from "../config.js";
import type { Logger } from "../log.js";
import { answerProbe, isProbe, type Readiness } from "./health.js";
import { IdleCollector } from "./idle-gc.js";

export type HttpSettings = Pick<Config, "host" | "port" | "httpToken" | "allowedOrigins"> &
  Partial<Pick<Config, "allowedHosts" | "oauthIssuer">>;

export interface HttpServeOptions {
  config: HttpSettings;
  /**
   * Builds a fresh, fully guarded server for each session, or each request when stateless (see
   * buildServer in src/server.ts); in OAuth mode for the caller, with the caller's vault token.
   */
  createServer: (acting?: ActingCaller) => McpServer;
  /** OAuth resource-server mode (src/auth/); the config's MCP_OAUTH_ISSUER says it is wanted. */
  oauth?: OAuthResourceServer;
  /** Paths answered before authentication (`--mock` in OAuth mode: the mock issuer's); true when it answered. */
  publicRoute?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
  log: Logger;
  /** Streamable HTTP only: every POST stands alone, no session (the SDK's stateless mode). */
  stateless?: boolean;
  /** Open sessions at most (default MCP_MAX_SESSIONS' default); at the cap the longest-idle one is evicted. */
  maxSessions?: number;
  /** Sessions with no request for this long are closed, open streams or not (default MCP_SESSION_IDLE_S' default). */
  sessionIdleMs?: number;
  /** Clock for idle tracking (tests inject one; default Date.now). */
  now?: () => number;
  /** What GET /readyz answers (see health.ts); without it /readyz says ready whenever the process serves. */
  readiness?: () => Promise<Readiness>;
}

export interface RunningHttpServer {
  /** Base URL, e.g. http://127.0.0.1:8765 (the port is the real one when 0 was asked). */
  readonly url: string;
  readonly port: number;
  /** Open MCP sessions. */
  sessionCount(): number;
  /** Closes every session and the listener. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Idle keep-alive connections are kept this long (see listen). */
export const KEEP_ALIVE_MS = 65_000;
const LOOPBACK_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Start-up check: serving beyond this machine without authentication (a bearer token or OAuth) is refused. */
export function assertSafeBinding(config: HttpSettings): void {
  if (!isLoopbackHost(config.host) && !config.httpToken && !config.oauthIssuer)
    throw new ConfigError(
      `refusing to serve MCP over HTTP on non-loopback host '${config.host}' without MCP_HTTP_TOKEN or MCP_OAUTH_ISSUER; set a token (16+ characters), OAuth, or bind 127.0.0.1`,
    );
}

type GateVerdict =
  | { ok: true; corsOrigin: string | undefined }
  | { ok: false; status: 401 | 403; message: string; authenticate?: string };

/** Host/Origin validation and bearer authentication, the same for every HTTP route. */
export class HttpGate {
  readonly #loopback: boolean;
  readonly #origins: Set<string>;
  /** Hostnames this loopback server answers to (its own origin's spellings). */
  readonly #ownHostnames: Set<string>;
  /** Host names a loopback server accepts: its own, and MCP_ALLOWED_HOSTS (never those of MCP_ALLOWED_ORIGINS). */
  readonly #hosts: Set<string>;
  readonly #token: Buffer | undefined;

  constructor(config: HttpSettings) {
    this.#loopback = isLoopbackHost(config.host);
    this.#origins = new Set(config.allowedOrigins.map(originOf).filter((o): o is string => o !== undefined));
    const bound = config.host.trim().toLowerCase();
    this.#ownHostnames = new Set([
      ...LOOPBACK_HOSTNAMES,
      bound.includes(":") && !bound.startsWith("[") ? `[${bound}]` : bound,
    ]);
    this.#hosts = new Set([...this.#ownHostnames, ...(config.allowedHosts ?? []).map((h) => h.toLowerCase())]);
    this.#token = config.httpToken ? digest(config.httpToken) : undefined;
  }

  /** Host and Origin only (CORS preflights carry no credentials). */
  checkOrigin(req: IncomingMessage): GateVerdict {
    const host = req.headers.host;
    if (this.#loopback) {
      const hostname = host ? hostnameOf(host) : undefined;
      if (!hostname || !this.#hosts.has(hostname))
        return { ok: false, status: 403, message: "Forbidden: Host header not allowed." };
    }
    const origin = req.headers.origin;
    if (origin === undefined) return { ok: true, corsOrigin: undefined };
    const normal = originOf(origin);
    const parsed = normal === undefined ? undefined : new URL(normal);
    const allowed =
      parsed !== undefined &&
      (this.#origins.has(parsed.origin) ||
        (this.#loopback
          ? parsed.protocol === "http:" &&
            this.#ownHostnames.has(parsed.hostname) &&
            Number(parsed.port || 80) === req.socket.localPort
          : host !== undefined && parsed.host === host.trim().toLowerCase()));
    return allowed
      ? { ok: true, corsOrigin: normal }
      : { ok: false, status: 403, message: "Forbidden: Origin not allowed." };
  }

  /** Origin, then the bearer token when one is configured. */
  check(req: IncomingMessage): GateVerdict {
    const origin = this.checkOrigin(req);
    if (!origin.ok || !this.#token) return origin;
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    if (!match)
      return {
        ok: false,
        status: 401,
        message: "Unauthorized: a bearer token is required.",
        authenticate: 'Bearer realm="scaivault-mcp"',
      };
    if (!timingSafeEqual(digest(match[1] as string), this.#token))
      return {
        ok: false,
        status: 401,
        message: "Unauthorized: invalid bearer token.",
        authenticate: 'Bearer realm="scaivault-mcp", error="invalid_token"',
      };
    return origin;
  }
}

/** SHA-256 first, so the constant-time compare never sees different lengths. */
function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

function originOf(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

function hostnameOf(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  return h.split(":")[0] as string;
}

/** A JSON-RPC error body with an HTTP status (id null: it answers no particular request). */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
  code = -32000,
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
}

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 413 | 415 | 400; code: number; message: string };

/**
 * Reads a POSTed JSON body, the same for both HTTP transports: Content-Type application/json
 * (415), at most MAX_BODY_BYTES (413), valid JSON (400, -32700). Messages never echo the body.
 */
export async function readJson(req: IncomingMessage): Promise<BodyResult> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json")
    return {
      ok: false,
      status: 415,
      code: -32000,
      message: "Unsupported Media Type: Content-Type must be application/json.",
    };
  const tooLarge = { ok: false, status: 413, code: -32000, message: "Payload too large." } as const;
  if (Number(req.headers["content-length"]) > MAX_BODY_BYTES) return tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return tooLarge;
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    return { ok: false, status: 400, code: -32700, message: "Parse error: the body is not valid JSON." };
  }
}

/** What a transport plugs into the shared listener. */
export interface Route {
  /** `auth`: in OAuth mode, the validated caller of this request. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, auth?: Authenticated): Promise<void>;
  sessionCount(): number;
  closeAll(): Promise<void>;
  /** The listener has been idle a while: let go of what is kept only for speed (before its idle GC). */
  idle?(): void;
}

/**
 * node:http listener with the gate in front of `route`; resolves once listening.
 * @throws ConfigError for a non-loopback bind without MCP_HTTP_TOKEN or OAuth.
 */
export async function listen(kind: string, options: HttpServeOptions, route: Route): Promise<RunningHttpServer> {
  const { config, log } = options;
  assertSafeBinding(config);
  // Never serve unauthenticated because the OAuth part was left out by a caller building this in code.
  if (config.oauthIssuer && !options.oauth)
    throw new ConfigError("MCP_OAUTH_ISSUER is set, but the HTTP transport was given no OAuth resource server");
  log.redact(config.httpToken);
  const gate = new HttpGate(config);
  // MCP requests only: probes every few seconds must not keep an idle replica from collecting.
  const idle = new IdleCollector({ before: () => route.idle?.() });
  // A GET is a session's event stream, open as long as its client stays: not a request in flight.
  const served = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "GET") res.once("close", idle.begin());
  };
  const server: Server = createServer((req, res) => {
    void serveOne(req, res).catch((error: unknown) => {
      log.log("error", "HTTP request failed", {
        transport: kind,
        error: error instanceof Error ? error.name : "unknown",
      });
      sendError(res, 500, "Internal server error.", {}, -32603);
    });
  });
  // A load balancer or reverse proxy reuses idle keep-alive connections for later requests; with
  // Node's 5 s idle timeout the server closes them under its feet, and the request that races the
  // close fails (nginx: 502, "connection reset by peer"). Longer than the usual proxy idle
  // timeouts (nginx upstream keepalive and AWS ALB: 60 s), so the proxy always closes first.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;

  async function serveOne(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const preflight = req.method === "OPTIONS";
    // Probes need no token (an orchestrator has none), but the Host/Origin rule still holds.
    const probe = isProbe(url.pathname);
    const verdict = preflight || probe ? gate.checkOrigin(req) : gate.check(req);
    if (!verdict.ok) {
      log.log("warn", "HTTP request refused", {
        transport: kind,
        status: verdict.status,
        method: req.method,
        path: url.pathname,
      });
      sendError(
        res,
        verdict.status,
        verdict.message,
        verdict.authenticate ? { "WWW-Authenticate": verdict.authenticate } : {},
      );
      return;
    }
    if (verdict.corsOrigin) {
      res.setHeader("Access-Control-Allow-Origin", verdict.corsOrigin);
      res.setHeader("Vary", "Origin");
      res.setHeader("Access-Control-Expose-Headers", "Mcp-Session-Id, WWW-Authenticate");
    }
    if (preflight) {
      res.writeHead(204, {
        "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
        "Access-Control-Allow-Headers":
          "Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID",
        "Access-Control-Max-Age": "600",
      });
      res.end();
      return;
    }
    if (probe) {
      await answerProbe(url.pathname, req.method, res, options.readiness);
      return;
    }
    if (options.oauth) {
      const metadata = req.method === "GET" ? options.oauth.metadataAt(url.pathname) : undefined;
      if (metadata) {
        res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "max-age=300" });
        res.end(JSON.stringify(metadata));
        return;
      }
      if (options.publicRoute && (await options.publicRoute(req, res, url))) return;
      const auth = await options.oauth.authenticate(req);
      if ("status" in auth) {
        log.log("warn", "HTTP request refused", {
          transport: kind,
          status: auth.status,
          method: req.method,
          path: url.pathname,
        });
        sendError(res, auth.status, auth.message, auth.headers);
        return;
      }
      served(req, res);
      await route.handle(req, res, url, auth);
      return;
    }
    served(req, res);
    await route.handle(req, res, url);
  }

  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => {
      idle.stop();
      reject(error);
    };
    server.once("error", failed);
    server.listen(config.port, config.host, () => {
      server.off("error", failed);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  options.oauth?.bind(url);
  log.log("info", `scaivault-mcp listening (${kind})`, {
    url,
    auth: options.oauth ? "oauth" : config.httpToken ? "bearer" : "none",
  });
  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    sessionCount: () => route.sessionCount(),
    close() {
      closing ??= (async () => {
        idle.stop();
        await route.closeAll();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

/** Runs `close` once, however often it is triggered (transport onclose and server.close call each other). */
export function once(close: () => Promise<void> | void): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= Promise.resolve()
      .then(close)
      .catch(() => undefined);
    return done;
  };
}
