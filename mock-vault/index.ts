/**
 * The ScaiVault simulator: an in-memory, deterministic mock of the ScaiVault REST API, built on
 * MSW handlers. Use it in-process (`mock.fetch`, or `mock.listen()` to intercept global fetch),
 * over real HTTP (`mock.serve({ port })` or the `scaivault-mock` binary), or as a library.
 *
 * @example
 * ```ts
 * import { createMockVault } from "scaivault-mcp/mock-vault";
 * const mock = createMockVault({ seed: 7 });
 * const res = await mock.fetch(`${mock.baseUrl}/v1/secrets/integrations/stripe/api-key`,
 *   { headers: { Authorization: `Bearer ${mock.tokens.admin}` } });
 * mock.clock.advance("90d"); // expiry, leases and rotation follow the mock clock
 * ```
 */

import { createRequire } from "node:module";
import type { HttpHandler } from "msw";
import { type SeedAuditSpec, type SeedSecretsSpec, seedAudit, seedSecrets } from "./bulk-seed.js";
import { restoreVault, snapshotVault, type VaultSnapshot } from "./control.js";
import { controlRoutes } from "./control-routes.js";
import { DEMO } from "./core/demo.js";
import { type Dispatch, dispatcher } from "./core/dispatch.js";
import type { FaultRule } from "./core/faults.js";
import { json } from "./core/json.js";
import { vaultHandler } from "./core/msw-handler.js";
import { requestFromInit } from "./core/request-from-init.js";
import { RouteTable } from "./core/route-table.js";
import type { VaultOptions } from "./core/vault.js";
import type { VaultRequest } from "./core/vault-request.js";
import { DEMO_CLIENTS, issuerOf, retargetIssuerTrust, setIssuerUrl } from "./domains/auth/issuer.js";
import { domainRoutes } from "./domains/routes.js";
import { MockVault, type TenantStores } from "./domains/stores.js";
import { type ServedVault, type ServeOptions, serveOverHttp } from "./http-server.js";
import { seedDemo, seedEmpty } from "./seed.js";

export interface MockVaultOptions extends VaultOptions {
  /** Load the demo data set (default true); false gives an empty vault with the demo tokens only. */
  demo?: boolean;
}

export interface MockVaultHandle {
  readonly baseUrl: string;
  /** The simulated vault: stores per tenant, tokens, audit log, clock, faults. */
  readonly state: MockVault;
  /** MSW request handlers (one, for the vault's origin), for your own setupServer/setupWorker. */
  readonly handlers: HttpHandler[];
  /** Demo bearer tokens (admin, readOnly, reportRunner, otherTenantAdmin, partnerAdmin, expired). */
  readonly tokens: typeof DEMO.tokens;
  readonly tenantId: string;
  readonly clock: MockVault["clock"];
  /**
   * Answers a request in-process without touching global fetch; called as the platform fetch is.
   * - `fetch(url, init)` with a string or URL: the cheap way. With a body that is a string, bytes
   *   or absent (and plain method and headers), the vault reads the URL and init directly, with
   *   no Request, body stream or AbortSignal of its own; any other body (FormData, Blob, a
   *   stream, URLSearchParams) or init member goes through `new Request(url, init)` as fetch would.
   * - `fetch(request, init?)` with a Request: used as it is; of `init` only `signal` counts.
   *
   * `init.signal`, when given, aborts the request (in place of a Request's own signal: a Request
   * made without one is cheaper on Node 20). Two marks say so to the MCP server's client:
   * `Symbol.for("scaivault.fetch.signal-apart")` (the signal comes beside the request) and
   * `Symbol.for("scaivault.fetch.url-init")` (a URL and init are taken as they are).
   */
  readonly fetch: ((input: string | URL | Request, init?: RequestInit) => Promise<Response>) & {
    readonly [SIGNAL_APART]: true;
    readonly [URL_INIT]: true;
  };
  /** Intercepts global fetch for `baseUrl` with MSW setupServer until close(). */
  listen(): MockVaultHandle;
  close(): void;
  /** Serves the same handlers over real HTTP (127.0.0.1 by default), plus the /_mock/ control routes unless control: false. */
  serve(options?: ServeOptions): Promise<ServedVault>;
  /** Adds a fault rule (status, latency, network reset/hang/malformed, 429 + Retry-After); returns its id. */
  fault(rule: FaultRule): number;
  /**
   * Resolves once every webhook POST in flight to a loopback receiver has answered and its
   * delivery is recorded (deliveries to other hosts are recorded at once).
   */
  settle(): Promise<void>;
  /** Back to the seeded state: data, clock, ids, audit; faults cleared; deliveries in flight are dropped. */
  reset(): void;
  snapshot(): VaultSnapshot;
  restore(snapshot: VaultSnapshot): void;
  /** Writes many secrets at once (scale tests, benchmarks); throws SeedError on a bad spec. */
  seedSecrets(spec: SeedSecretsSpec): ReturnType<typeof seedSecrets>;
  /** Adds many audit entries at once, merged in time order; the retention still applies. */
  seedAudit(spec: SeedAuditSpec): ReturnType<typeof seedAudit>;
  /**
   * The mock's OAuth authorization server (playing ScaiKey; domains/auth/issuer.ts): its URL
   * (the vault's origin, or where `serve()` or `serveAt` put it), its demo clients, and `serveAt`
   * for a host that forwards the issuer's paths from its own origin (`scaivault-mcp --mock`).
   */
  readonly issuer: {
    readonly url: string;
    readonly clients: typeof DEMO_CLIENTS;
    serveAt(url: string): void;
  };
}

/** Creates a mock ScaiVault. Same `seed` and `now`, same vault: ids, data, keys, timestamps, certificate contents (ECDSA signatures differ). */
export function createMockVault(options: MockVaultOptions = {}): MockVaultHandle {
  const vault = new MockVault(options);
  if (options.demo === false) seedEmpty(vault);
  else seedDemo(vault);
  // The counters count what happens once the vault runs, not how its demo data was made.
  vault.metrics.clear();
  const initial = snapshotVault(vault);
  const dispatch = dispatcher(vault, apiRoutes());
  let handlers: HttpHandler[] | undefined;
  let server: { listen(o: object): void; close(): void } | undefined;

  const handle: MockVaultHandle = {
    baseUrl: vault.baseUrl,
    state: vault,
    get handlers() {
      // Built on first use: MSW loads only for the handlers and listen(), not for fetch().
      handlers ??= [vaultHandler(vault.baseUrl, dispatch)];
      return handlers;
    },
    tokens: DEMO.tokens,
    tenantId: DEMO.tenantId,
    clock: vault.clock,
    fetch: Object.assign(
      (input: string | URL | Request, init?: RequestInit) => {
        if (typeof input !== "string" && !(input instanceof URL))
          return answer(dispatch, input, init?.signal ?? undefined);
        const light = requestFromInit(input, init);
        if (light) return answer(dispatch, light, light.signal);
        let request: Request;
        try {
          request = new Request(input, init);
        } catch (error) {
          return Promise.reject(error);
        }
        return answer(dispatch, request, init?.signal ?? undefined);
      },
      { [SIGNAL_APART]: true as const, [URL_INIT]: true as const },
    ),
    listen() {
      if (!server) {
        // Loaded on demand: the interceptors cost start-up time and `--mock` answers via fetch().
        const { setupServer } = createRequire(import.meta.url)("msw/node") as typeof import("msw/node");
        server = setupServer(...handle.handlers);
        server.listen({ onUnhandledRequest: "bypass" });
      }
      return handle;
    },
    close() {
      server?.close();
      server = undefined;
    },
    async serve(serveOptions = {}) {
      const served = await serveOverHttp(
        serveOptions.control === false
          ? dispatch
          : dispatcher(vault, new RouteTable([...controlRoutes<TenantStores>(handle), ...domainRoutes])),
        vault.baseUrl,
        serveOptions,
      );
      // Clients reach the issuer where the vault is served (unless a host put it elsewhere).
      if (issuerOf(vault).url === vault.baseUrl) setIssuerUrl(vault, served.url);
      return served;
    },
    fault: (rule) => vault.faults.add(rule),
    settle: () => vault.outbox.settled(),
    reset() {
      vault.faults.clear();
      vault.journal = [];
      vault.metrics.clear();
      restoreVault(vault, initial);
      retargetIssuerTrust(vault);
    },
    snapshot: () => snapshotVault(vault),
    restore: (snapshot) => {
      restoreVault(vault, snapshot);
      retargetIssuerTrust(vault);
    },
    seedSecrets: (spec) => seedSecrets(vault, spec),
    seedAudit: (spec) => seedAudit(vault, spec),
    issuer: {
      get url() {
        return issuerOf(vault).url;
      },
      clients: DEMO_CLIENTS,
      serveAt: (url) => setIssuerUrl(vault, url),
    },
  };
  return handle;
}

/** The API's routes, compiled once for every vault of the process (they hold no vault state). */
let api: RouteTable<TenantStores> | undefined;
const apiRoutes = () => (api ??= new RouteTable(domainRoutes));

/** The mark of a fetch that takes its abort signal beside the Request (the MCP server's client reads it). */
const SIGNAL_APART: unique symbol = Symbol.for("scaivault.fetch.signal-apart");

/** The mark of a fetch that takes (url, init) as the platform fetch does, so a caller need not build a Request. */
const URL_INIT: unique symbol = Symbol.for("scaivault.fetch.url-init");

/** The dispatcher's answer as fetch gives it: network errors as rejected fetches, the caller's abort signal honoured. */
function answer(dispatch: Dispatch, request: VaultRequest, given?: AbortSignal): Promise<Response> {
  const signal = given ?? request.signal;
  if (signal?.aborted) return Promise.reject(signal.reason);
  let pending: Promise<Response>;
  try {
    pending =
      dispatch(request, signal) ??
      Promise.resolve(json({ error: { code: "not_found", message: "No such endpoint." } }, 404));
  } catch (error) {
    return Promise.reject(error);
  }
  // One promise between the caller and the dispatcher: every in-process request passes here.
  if (!signal) return pending.then(asFetched);
  return new Promise<Response>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    pending.then(
      (response) => {
        signal.removeEventListener("abort", onAbort);
        if (response.type === "error") reject(connectionReset());
        else resolve(response);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** A dropped connection, as fetch reports it. */
const connectionReset = () => new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });

function asFetched(response: Response): Response {
  if (response.type === "error") throw connectionReset();
  return response;
}

export { type SeedAuditSpec, SeedError, type SeedSecretsSpec } from "./bulk-seed.js";
export type { VaultSnapshot } from "./control.js";
export type { AuditEvent } from "./core/audit-log.js";
export { DEMO } from "./core/demo.js";
export type { FaultRule } from "./core/faults.js";
export type { TokenRecord } from "./core/tokens.js";
export { MockVault } from "./domains/stores.js";
export type { ServedVault, ServeOptions } from "./http-server.js";
