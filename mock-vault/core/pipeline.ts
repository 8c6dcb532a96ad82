import { isIP } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import type { z } from "zod";
import { ApiProblem, asProblem, problemResponse } from "./errors.js";
import type { ActiveFault } from "./faults.js";
import { empty, json, respond } from "./json.js";
import { inRequest } from "./request-scope.js";
import { type AuditNote, type ParamSlots, type Route, readParams, WithStatus } from "./route.js";
import { hasScope, type TokenRecord } from "./tokens.js";
import type { Vault } from "./vault.js";
import type { VaultRequest } from "./vault-request.js";

/**
 * The request pipeline every route of the API runs: faults -> auth -> tenant -> scope -> body ->
 * access policy -> handler -> audit. Nothing a handler throws leaves as a stack trace.
 */
export async function runRoute<S>(
  vault: Vault<S>,
  route: Route<S>,
  slots: ParamSlots,
  request: VaultRequest,
  url: URL,
  signal: AbortSignal | undefined = request.signal,
): Promise<Response> {
  const { spec } = route;
  const started = performance.now();
  const requestId = vault.ids.next("req", 16);
  const audit = auditDraft(request, spec.action, spec.resourceType);
  let response: Response;
  try {
    const fault = vault.faults.take(request.method, url.pathname);
    const journal = (status: number) => journalEntry(vault, request.method, url.pathname, status, fault);
    if (fault?.latencyMs) await delay(fault.latencyMs);
    if (fault && fault.phase !== "after" && (fault.network || fault.status)) {
      if (fault.network === "hang") journal(0);
      const faulted = await faultResponse(fault, requestId);
      if (fault.network !== "hang") journal(faulted.type === "error" ? 0 : faulted.status);
      return faulted;
    }
    try {
      // In the request's scope: the events it causes carry its id.
      response = await inRequest(requestId, () => run(vault, route, slots, request, url, signal, requestId, audit));
    } catch (error) {
      const problem = asProblem(error);
      audit.error_code = problem.code;
      for (const key of DENIAL_CONTEXT)
        if (problem.details?.[key] !== undefined) audit.extra_data[key] = problem.details[key];
      response = problemResponse(problem, requestId);
    }
    // The vault did (or refused) the work and recorded it; then the answer is lost or replaced.
    record(vault, audit, response, requestId, Math.round(performance.now() - started));
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

function journalEntry<S>(
  vault: Vault<S>,
  method: string,
  path: string,
  status: number,
  fault: ActiveFault | undefined,
) {
  vault.addJournalEntry(
    fault
      ? { method, path, status, fault: fault.network ?? (fault.status ? "status" : "latency") }
      : { method, path, status },
  );
}

/** Details of a refusal worth keeping in its audit entry's extra_data. */
const DENIAL_CONTEXT = ["required_scope", "failed_condition"] as const;

/** What an audit entry says about a request; routes outside the pipeline fill it themselves. */
export interface AuditDraft {
  method: string;
  action: string;
  resource_type: string;
  source_ip: string;
  user_agent: string | null;
  extra_data: Record<string, unknown>;
  /** Further entries the handler recorded under this request (a batch's per-path reads). */
  more: AuditNote[];
  path?: string | null;
  tenant_id?: string | null;
  actor?: string | null;
  actor_type?: string | null;
  error_code?: string | null;
}

/** A request's audit entry in the making, before anyone knows who asked. */
export function auditDraft(request: VaultRequest, action: string, resourceType: string): AuditDraft {
  return {
    method: request.method,
    action,
    resource_type: resourceType,
    source_ip: sourceIp(request),
    user_agent: request.headers.get("user-agent"),
    extra_data: {},
    more: [],
  };
}

/**
 * The caller's address: the first X-Forwarded-For hop when it is an IP address (the vault
 * stands behind the caller's proxy), else loopback, where every in-process request comes from.
 */
function sourceIp(request: VaultRequest): string {
  const forwarded = request.headers.get("x-forwarded-for");
  if (forwarded === null) return LOOPBACK;
  const first = forwarded.split(",")[0]?.trim() ?? "";
  return isIP(first) ? first : LOOPBACK;
}

const LOOPBACK = "127.0.0.1";

async function run<S>(
  vault: Vault<S>,
  { spec, handle }: Route<S>,
  slots: ParamSlots,
  request: VaultRequest,
  url: URL,
  signal: AbortSignal | undefined,
  requestId: string,
  audit: AuditDraft,
): Promise<Response> {
  const encodedFrom = spec.encodedPath === undefined ? undefined : paramIndex(slots, spec.encodedPath);
  const params = readParams(slots, decodeSegments(url.pathname, encodedFrom));
  const identity = authenticate(vault, request);
  audit.actor = identity.identity_id;
  audit.actor_type = identity.identity_type;
  audit.tenant_id = identity.tenant_id;
  const tenantId = resolveTenant(vault, identity, request);
  audit.tenant_id = tenantId;
  const body = spec.body ? await parseBody(request, spec.body, spec.fieldCodes) : undefined;
  const query = url.searchParams;
  audit.path = spec.secretPath?.({ params, query, body }) ?? null;
  if (spec.scope && !hasScope(identity, spec.scope))
    throw new ApiProblem(403, "insufficient_scope", `The token lacks the ${spec.scope} scope.`, {
      required_scope: spec.scope,
    });
  if (spec.permission) {
    const decision = vault.authorize({
      identity,
      tenantId,
      permission: spec.permission,
      path: audit.path,
      sourceIp: audit.source_ip,
    });
    if (!decision.allowed)
      throw new ApiProblem(403, decision.code ?? "access_denied", decision.reason, {
        path: audit.path,
        ...decision.details,
      });
  }
  const result = await handle({
    request,
    signal,
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
    sourceIp: audit.source_ip,
    note: (extra) => Object.assign(audit.extra_data, extra),
    audit: (entry) => audit.more.push(entry),
  });
  if (result instanceof Response) {
    result.headers.set("X-Request-ID", requestId);
    return result;
  }
  if (result === undefined) return empty(204, { "X-Request-ID": requestId });
  if (result instanceof WithStatus) return json(result.body, result.status, { "X-Request-ID": requestId });
  return json(result, 200, { "X-Request-ID": requestId });
}

function authenticate<S>(vault: Vault<S>, request: VaultRequest): TokenRecord {
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

function resolveTenant<S>(vault: Vault<S>, identity: TokenRecord, request: VaultRequest): string {
  const asked = request.headers.get("x-tenant-id");
  const partner = request.headers.get("x-partner-id");
  if (partner && partner !== identity.partner_id)
    throw new ApiProblem(403, "tenant_access_denied", "The token does not belong to that partner.");
  if (!asked || asked === identity.tenant_id) return identity.tenant_id;
  if (!identity.partner_admin)
    throw new ApiProblem(403, "tenant_access_denied", "Cross-tenant access needs a partner admin token.");
  // As core-concepts/multi-tenancy has it: a tenant that does not exist is 404, another partner's 403.
  // Only a partner admin gets this far, so only a partner admin learns which tenants exist.
  const owner = vault.tenantPartners.get(asked);
  if (owner === undefined) throw new ApiProblem(404, "tenant_not_found", `No tenant '${asked.slice(0, 80)}'.`);
  if (owner !== identity.partner_id)
    throw new ApiProblem(
      403,
      "tenant_access_denied",
      `Tenant '${asked.slice(0, 80)}' is not under partner '${identity.partner_id}'.`,
    );
  return asked;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The body against the route's schema, answered as the error-code reference has it: not JSON, or
 * not a JSON object, is 400 invalid_request ("malformed JSON or shape"); a field with a code of
 * its own (`fieldCodes`) is 400 with that code; any other field is 422 validation_error with
 * `details.fields`; over 1 MiB is 413 payload_too_large.
 */
export async function parseBody(
  request: VaultRequest,
  schema: z.ZodType | undefined,
  fieldCodes?: Readonly<Record<string, string>>,
): Promise<unknown> {
  if (!schema) return undefined;
  return parseBodyText(await request.text(), schema, fieldCodes);
}

/** parseBody of a body already read (a webhook reads it first for its signature). */
export function parseBodyText(text: string, schema: z.ZodType, fieldCodes?: Readonly<Record<string, string>>): unknown {
  if (text.length > MAX_BODY_BYTES)
    throw new ApiProblem(413, "payload_too_large", `The request body exceeds ${MAX_BODY_BYTES / 1024 / 1024} MiB.`);
  let json: unknown;
  try {
    json = text === "" ? {} : JSON.parse(text);
  } catch {
    throw new ApiProblem(400, "invalid_request", "The request body is not valid JSON.");
  }
  if (json === null || typeof json !== "object" || Array.isArray(json))
    throw new ApiProblem(400, "invalid_request", "The request body must be a JSON object.");
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({
    field: i.path.join("."),
    message: i.message,
    code: fieldCodes?.[String(i.path[0] ?? "")] ?? fieldCodes?.["*"],
  }));
  const coded = issues.find((i) => i.code !== undefined);
  const listed = coded ? issues.filter((i) => i.code === coded.code) : issues;
  const fields = listed.map(({ field, message }) => ({ field, message }));
  const summary = fields.map((f) => `${f.field || "body"} ${f.message}`).join("; ");
  if (coded) throw new ApiProblem(400, coded.code as string, `Invalid request body: ${summary}`, { fields });
  throw new ApiProblem(422, "validation_error", `Invalid request body: ${summary}`, { fields });
}

/** Index of the segment where a named parameter starts. */
function paramIndex(slots: ParamSlots, name: string): number | undefined {
  if (slots.rest?.[0] === name) return slots.rest[1];
  return slots.single.find(([n]) => n === name)?.[1];
}

/**
 * The path's segments, decoded, refusing what a real router would not route: an encoded
 * separator or a dot segment. From `encodedFrom` on (a secret path the reference writes
 * URL-encoded), an encoded "/" separates the secret path's own segments, which are checked alike.
 */
function decodeSegments(pathname: string, encodedFrom?: number): string[] {
  const segments = pathname.split("/");
  segments.shift();
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index] as string;
    // Without an escape a segment is its own decoding, and holds no separator.
    if (!segment.includes("%")) {
      if (segment === "." || segment === ".." || segment.includes("\\")) throw unroutable();
      continue;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new ApiProblem(400, "invalid_path", "The path contains a malformed percent-encoding.");
    }
    const parts = encodedFrom !== undefined && index >= encodedFrom ? decoded.split("/") : [decoded];
    if (parts.some((p) => p.includes("/") || p.includes("\\") || p === "." || p === "..")) throw unroutable();
    segments[index] = decoded;
  }
  return segments;
}

const unroutable = () =>
  new ApiProblem(400, "invalid_path", "The path contains an encoded separator or a dot segment.");

/** The answer an injected fault gives instead of the route's: a dropped connection, a hang, garbage, an error. */
export async function faultResponse(
  fault: { status?: number; code?: string; retryAfter?: number; network?: string },
  requestId: string,
) {
  if (fault.network === "reset") return Response.error();
  if (fault.network === "hang") {
    await new Promise<never>(() => {}); // until the caller gives up
  }
  if (fault.network === "malformed") return respond('{"data": {"trunc', 200, { "Content-Type": "application/json" });
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

const outcomeOf = (status: number) =>
  status < 400 ? "success" : status === 401 || status === 403 ? "denied" : "error";

/** The request's audit entry, then the entries its handler added, all under its request id. */
function record<S>(vault: Vault<S>, draft: AuditDraft, response: Response, requestId: string, durationMs: number) {
  if (response.type === "error") return;
  const own: AuditNote = {
    action: draft.action,
    path: draft.path ?? null,
    status: response.status,
    error_code: draft.error_code,
    extra_data: draft.extra_data,
  };
  append(vault, draft, requestId, durationMs, own);
  for (const more of draft.more) append(vault, draft, requestId, durationMs, more);
}

/** One audit entry: who and how from the request's draft, what from the note. */
function append<S>(vault: Vault<S>, draft: AuditDraft, requestId: string, durationMs: number, note: AuditNote) {
  vault.audit.append({
    id: vault.ids.next("log"),
    timestamp: vault.clock.iso(),
    tenant_id: draft.tenant_id ?? null,
    actor: draft.actor ?? null,
    actor_type: draft.actor_type ?? null,
    action: note.action,
    method: draft.method,
    resource_type: draft.resource_type,
    path: note.path,
    outcome: outcomeOf(note.status),
    status: note.status,
    error_code: note.status >= 400 ? (note.error_code ?? "error") : null,
    request_id: requestId,
    source_ip: draft.source_ip,
    user_agent: draft.user_agent,
    duration_ms: durationMs,
    extra_data: note.extra_data ?? {},
  });
}

/** Appends a request's audit entry (none for a dropped connection): routes outside the pipeline use it too. */
export { record };
