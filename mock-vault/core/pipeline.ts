import { delay, HttpResponse } from "msw";
import type { z } from "zod";
import { ApiProblem, asProblem, problemResponse } from "./errors.js";
import { empty, json } from "./json.js";
import { inRequest } from "./request-scope.js";
import { type ParamSlots, type Route, readParams, WithStatus } from "./route.js";
import { hasScope, type TokenRecord } from "./tokens.js";
import type { Vault } from "./vault.js";

/**
 * The request pipeline every route of the API runs: faults -> auth -> tenant -> scope -> body ->
 * access policy -> handler -> audit. Nothing a handler throws leaves as a stack trace.
 */
export async function runRoute<S>(
  vault: Vault<S>,
  route: Route<S>,
  slots: ParamSlots,
  request: Request,
  url: URL,
): Promise<Response> {
  const { spec } = route;
  const requestId = vault.ids.next("req", 16);
  const audit: Partial<AuditDraft> = {
    method: request.method,
    action: spec.action,
    resource_type: spec.resourceType,
  };
  let response: Response;
  try {
    const fault = vault.faults.take(request.method, url.pathname);
    const journal = (status: number) => {
      vault.addJournalEntry({
        method: request.method,
        path: url.pathname,
        status,
        ...(fault ? { fault: fault.network ?? (fault.status ? "status" : "latency") } : {}),
      });
    };
    if (fault?.latencyMs) await delay(fault.latencyMs);
    if (fault && fault.phase !== "after" && (fault.network || fault.status)) {
      if (fault.network === "hang") journal(0);
      const faulted = await faultResponse(fault, requestId);
      if (fault.network !== "hang") journal(faulted.type === "error" ? 0 : faulted.status);
      return faulted;
    }
    try {
      // In the request's scope: the events it causes carry its id.
      response = await inRequest(requestId, () => run(vault, route, slots, request, url, requestId, audit));
    } catch (error) {
      const problem = asProblem(error);
      audit.error_code = problem.code;
      response = problemResponse(problem, requestId);
    }
    // The vault did (or refused) the work and recorded it; then the answer is lost or replaced.
    record(vault, audit, response.status, response, requestId);
    if (fault && (fault.network || fault.status)) response = await faultResponse(fault, requestId);
    journal(response.type === "error" ? 0 : response.status);
    return response;
  } catch {
    return problemResponse(
      new ApiProblem(500, "internal_error", "The vault failed to process the request."),
      requestId,
    );
  }
}

/** What an audit entry says about a request; routes outside the pipeline fill it themselves. */
export interface AuditDraft {
  method: string;
  action: string;
  resource_type: string;
  path: string | null;
  tenant_id: string | null;
  actor: string | null;
  actor_type: string | null;
  error_code: string | null;
}

async function run<S>(
  vault: Vault<S>,
  { spec, handle }: Route<S>,
  slots: ParamSlots,
  request: Request,
  url: URL,
  requestId: string,
  audit: Partial<AuditDraft>,
): Promise<Response> {
  const params = readParams(slots, decodeSegments(url.pathname));
  const identity = authenticate(vault, request);
  audit.actor = identity.identity_id;
  audit.actor_type = identity.identity_type;
  audit.tenant_id = identity.tenant_id;
  const tenantId = resolveTenant(vault, identity, request);
  audit.tenant_id = tenantId;
  const body = await parseBody(request, spec.body);
  const query = url.searchParams;
  audit.path = spec.secretPath?.({ params, query, body }) ?? null;
  if (spec.scope && !hasScope(identity, spec.scope))
    throw new ApiProblem(403, "insufficient_scope", `The token lacks the ${spec.scope} scope.`, {
      required_scope: spec.scope,
    });
  if (spec.permission) {
    const decision = vault.authorize({ identity, tenantId, permission: spec.permission, path: audit.path });
    if (!decision.allowed) throw new ApiProblem(403, "access_denied", decision.reason, { path: audit.path });
  }
  const result = await handle({
    request,
    url,
    query,
    params,
    body,
    identity,
    tenantId,
    tenant: vault.tenant(tenantId),
    vault,
    requestId,
    actor: identity.identity_id,
  });
  if (result instanceof Response) {
    result.headers.set("X-Request-ID", requestId);
    return result;
  }
  if (result === undefined) return empty(204, { "X-Request-ID": requestId });
  if (result instanceof WithStatus) return json(result.body, result.status, { "X-Request-ID": requestId });
  return json(result, 200, { "X-Request-ID": requestId });
}

function authenticate<S>(vault: Vault<S>, request: Request): TokenRecord {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiProblem(401, "authentication_required", "Missing or malformed Authorization header.");
  const token = vault.tokens.get(match[1] as string);
  if (!token) throw new ApiProblem(401, "token_invalid", "The token is not valid.");
  if (token.revoked) throw new ApiProblem(401, "token_revoked", "The token has been revoked.");
  if (token.expires_at && Date.parse(token.expires_at) <= vault.clock.nowMs())
    throw new ApiProblem(401, "token_expired", "The token has expired.");
  return token;
}

function resolveTenant<S>(vault: Vault<S>, identity: TokenRecord, request: Request): string {
  const asked = request.headers.get("x-tenant-id");
  const partner = request.headers.get("x-partner-id");
  if (partner && partner !== identity.partner_id)
    throw new ApiProblem(403, "tenant_access_denied", "The token does not belong to that partner.");
  if (!asked || asked === identity.tenant_id) return identity.tenant_id;
  if (!identity.partner_admin)
    throw new ApiProblem(403, "tenant_access_denied", "Cross-tenant access needs a partner admin token.");
  // Unknown tenants and other partners' tenants answer alike: existence is not given away.
  if (vault.tenantPartners.get(asked) !== identity.partner_id)
    throw new ApiProblem(403, "tenant_access_denied", `No tenant '${asked}' under partner '${identity.partner_id}'.`);
  return asked;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** The JSON body against a route's schema: 400 invalid_request, 413 payload_too_large, 422 validation_error. */
export async function parseBody(request: Request, schema: z.ZodType | undefined): Promise<unknown> {
  if (!schema) return undefined;
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES)
    throw new ApiProblem(413, "payload_too_large", `The request body exceeds ${MAX_BODY_BYTES / 1024 / 1024} MiB.`);
  let json: unknown;
  try {
    json = text === "" ? {} : JSON.parse(text);
  } catch {
    throw new ApiProblem(400, "invalid_request", "The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message }));
    throw new ApiProblem(
      422,
      "validation_error",
      `Invalid request body: ${fields.map((f) => `${f.field || "body"} ${f.message}`).join("; ")}`,
      { fields },
    );
  }
  return parsed.data;
}

/** The path's segments, decoded, refusing what a real router would not route. */
function decodeSegments(pathname: string): string[] {
  return pathname
    .split("/")
    .slice(1)
    .map((segment) => {
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        throw new ApiProblem(400, "invalid_path", "The path contains a malformed percent-encoding.");
      }
      if (decoded.includes("/") || decoded.includes("\\") || decoded === "." || decoded === "..")
        throw new ApiProblem(400, "invalid_path", "The path contains an encoded separator or a dot segment.");
      return decoded;
    });
}

/** The answer an injected fault gives instead of the route's: a dropped connection, a hang, garbage, an error. */
export async function faultResponse(
  fault: { status?: number; code?: string; retryAfter?: number; network?: string },
  requestId: string,
) {
  if (fault.network === "reset") return HttpResponse.error();
  if (fault.network === "hang") {
    await delay("infinite");
  }
  if (fault.network === "malformed")
    return new HttpResponse('{"data": {"trunc', { status: 200, headers: { "Content-Type": "application/json" } });
  const status = fault.status ?? 500;
  const headers: Record<string, string> =
    fault.retryAfter !== undefined ? { "Retry-After": String(fault.retryAfter) } : {};
  const code =
    fault.code ?? (status === 429 ? "rate_limited" : status === 503 ? "service_unavailable" : "internal_error");
  return problemResponse(
    new ApiProblem(status, code, `Injected fault: HTTP ${status}.`, undefined, headers),
    requestId,
  );
}

function record<S>(vault: Vault<S>, draft: Partial<AuditDraft>, status: number, response: Response, requestId: string) {
  if (response.type === "error") return;
  void vault.audit.append({
    id: vault.ids.next("aud"),
    timestamp: vault.clock.iso(),
    tenant_id: draft.tenant_id ?? null,
    actor: draft.actor ?? null,
    actor_type: draft.actor_type ?? null,
    action: draft.action ?? "unknown",
    method: draft.method ?? "GET",
    resource_type: draft.resource_type ?? "unknown",
    path: draft.path ?? null,
    outcome: status < 400 ? "success" : status === 401 || status === 403 ? "denied" : "error",
    status,
    error_code: status >= 400 ? (draft.error_code ?? "error") : null,
    request_id: requestId,
    source_ip: "127.0.0.1",
  });
}

/** Appends a request's audit entry (none for a dropped connection): routes outside the pipeline use it too. */
export { record };
