/**
 * Routes as data. A route says where it is (method + path pattern), what the pipeline checks
 * before its handler runs (scope, body, access policy), what the audit log calls it, and the
 * handler, which translates the request into calls on the tenant's stores. The route table
 * (route-table.ts) compiles every route once; the pipeline (pipeline.ts) runs one.
 */
import type { z } from "zod";
import type { TokenRecord } from "./tokens.js";
import type { Vault } from "./vault.js";
import type { VaultRequest } from "./vault-request.js";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Decoded path parameters by name. */
export type Params = Readonly<Record<string, string>>;

export interface RouteSpec<B extends z.ZodType | undefined = z.ZodType | undefined> {
  /** Token scope the endpoint needs; null: any valid token. */
  scope: string | null;
  /** Audit action: the API reference's name where it has one ("read", "policy_create", "pki_issue"). */
  action: string;
  /** Audit resource type ("secret", "policy", ...); the domain's default when omitted. */
  resourceType?: string;
  /** Access-policy permission (read/write/delete/list/rotate/admin) checked on `secretPath`. */
  permission?: string;
  /** The secret path the request concerns, for the audit log and access policies. */
  secretPath?: (request: { params: Params; query: URLSearchParams; body: unknown }) => string | null;
  /** Schema of the JSON body; the handler gets the parsed value. */
  body?: B;
  /**
   * The 400 codes the reference gives for invalid fields of the body, by top-level field name
   * ("*": any field), e.g. { secret_type: "invalid_secret_type" }. Other field errors answer
   * 422 validation_error; a body that is not a JSON object, 400 invalid_request.
   */
  fieldCodes?: Readonly<Record<string, string>>;
  /**
   * The one parameter that may arrive as a single URL-encoded segment holding a secret path
   * (`app%2Fdb%2Fpassword`), where the reference writes it so. Everywhere else an encoded
   * separator is refused with 400 invalid_path.
   */
  encodedPath?: string;
}

/** One more audit entry for the request being answered (a batch's per-path reads). */
export interface AuditNote {
  action: string;
  path: string | null;
  status: number;
  error_code?: string | null;
  extra_data?: Record<string, unknown>;
}

export interface RouteContext<B, S> {
  request: VaultRequest;
  /**
   * Aborts when the caller gives up: the request's own signal, or the one mock.fetch was given
   * beside it; undefined when the caller cannot give up (mock.fetch(url) without init.signal).
   */
  signal: AbortSignal | undefined;
  url: URL;
  query: URLSearchParams;
  /** Path parameters, decoded (no dot segments, no encoded separators: the pipeline refuses those). */
  params: Params;
  body: B;
  identity: TokenRecord;
  tenantId: string;
  /** The stores of the request's tenant. */
  tenant: S;
  vault: Vault<S>;
  requestId: string;
  actor: string;
  /** The caller's address (X-Forwarded-For's first hop, else 127.0.0.1), as access policies see it. */
  sourceIp: string;
  /** Adds to this request's own audit entry (its `extra_data`). */
  note(extra: Record<string, unknown>): void;
  /** Records one more audit entry under this request's id, identity and tenant. */
  audit(entry: AuditNote): void;
}

/** Returns the answer's body (200 JSON), `withStatus(...)`, a Response, or nothing (204). */
export type Handler<B, S> = (ctx: RouteContext<B, S>) => unknown | Promise<unknown>;

/** An endpoint of the API: runs the pipeline (faults, auth, tenant, scope, body, policy, audit), then `handle`. */
export interface Route<S> {
  readonly method: Method;
  /**
   * Path pattern (rou3 syntax, case-sensitive): static segments, `:name` for one segment and,
   * last, `:name(.*)` for the rest of the path (its segments joined by "/", possibly empty).
   */
  readonly path: string;
  readonly spec: RouteSpec & { resourceType: string };
  readonly handle: Handler<unknown, S>;
}

/** An endpoint outside the pipeline: it answers the request itself (health, the /_mock/ control routes). */
export interface RawRoute<S> {
  readonly method: Method;
  readonly path: string;
  readonly answer: (request: VaultRequest, vault: Vault<S>) => Response | Promise<Response>;
}

/** A handler's answer with a status other than 200 (e.g. 201 Created). */
export class WithStatus {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

export const withStatus = (status: number, body: unknown) => new WithStatus(status, body);

type Body<B> = B extends z.ZodType ? z.output<B> : undefined;

/**
 * The route builders of a domain: `get(path, spec, handle)`, `post(...)`, ... with the domain's
 * resource type as the default. S is the type of a tenant's stores.
 */
export function routeBuilders<S>(defaults: { resourceType: string }) {
  const at =
    (method: Method) =>
    <B extends z.ZodType | undefined = undefined>(
      path: string,
      spec: RouteSpec<B>,
      handle: Handler<Body<B>, S>,
    ): Route<S> => ({
      method,
      path,
      spec: { ...spec, resourceType: spec.resourceType ?? defaults.resourceType },
      handle: handle as Handler<unknown, S>,
    });
  return { get: at("GET"), post: at("POST"), put: at("PUT"), patch: at("PATCH"), del: at("DELETE") };
}

/** Where a pattern's parameters sit among the path's segments (split on "/", leading "" dropped). */
export interface ParamSlots {
  single: readonly (readonly [name: string, index: number])[];
  /** The final `:name(.*)`: the segments from `index` on. */
  rest?: readonly [name: string, index: number];
}

export function paramSlots(path: string): ParamSlots {
  const single: [string, number][] = [];
  let rest: [string, number] | undefined;
  path
    .split("/")
    .slice(1)
    .forEach((segment, index, all) => {
      const many = /^:(\w+)\(\.\*\)$/.exec(segment);
      if (many) {
        if (index !== all.length - 1) throw new Error(`route ${path}: a rest parameter must come last`);
        rest = [many[1] as string, index];
      } else if (segment.startsWith(":")) single.push([segment.slice(1), index]);
    });
  return rest ? { single, rest } : { single };
}

/** The parameters of a path whose segments (decoded) matched the pattern the slots came from. */
export function readParams(slots: ParamSlots, segments: readonly string[]): Params {
  const params: Record<string, string> = {};
  for (const [name, index] of slots.single) params[name] = segments[index] as string;
  if (slots.rest) params[slots.rest[0]] = segments.slice(slots.rest[1]).join("/");
  return params;
}
