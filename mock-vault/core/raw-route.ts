/**
 * Routes outside the pipeline that still answer like the API: requests without a bearer token
 * (health, version, metrics) and those that authenticate themselves (a token exchange by its
 * subject token, a webhook by its signature). Each answer carries X-Request-ID and, for an
 * ApiProblem, the error envelope; each request goes into the journal and, when the route names an
 * audit action, into the audit log with whatever the handler learnt about it (actor, tenant).
 */
import { asProblem, problemResponse } from "./errors.js";
import { json } from "./json.js";
import { type AuditDraft, auditDraft, record } from "./pipeline.js";
import { type Method, type RawRoute, WithStatus } from "./route.js";
import type { JournalEntry, Vault } from "./vault.js";
import { urlOf, type VaultRequest } from "./vault-request.js";

export interface RawContext<S> {
  request: VaultRequest;
  url: URL;
  vault: Vault<S>;
  requestId: string;
  /** The audit entry in the making: the handler sets actor, actor_type, tenant_id, path. */
  audit: AuditDraft;
  /** Marks the journal entry as shaped by an injected fault. */
  journal: Pick<JournalEntry, "fault">;
}

export interface RawSpec {
  /** Audit action; a request is audited only when the route names one. */
  action?: string;
  resourceType?: string;
}

/** Returns a body (200 JSON), `withStatus(...)` or a Response; throws ApiProblem for the API's errors. */
export type RawHandler<S> = (ctx: RawContext<S>) => unknown | Promise<unknown>;

export function rawRoute<S>(method: Method, path: string, spec: RawSpec, handle: RawHandler<S>): RawRoute<S> {
  return {
    method,
    path,
    answer: async (request, vault) => {
      const url = urlOf(request);
      const started = performance.now();
      const requestId = vault.ids.next("req", 16);
      const audit = auditDraft(request, spec.action ?? "unknown", spec.resourceType ?? "system");
      const journal: RawContext<S>["journal"] = {};
      let response: Response;
      try {
        const result = await handle({ request, url, vault, requestId, audit, journal });
        response =
          result instanceof Response
            ? result
            : result instanceof WithStatus
              ? json(result.body, result.status)
              : json(result);
      } catch (error) {
        const problem = asProblem(error);
        audit.error_code = problem.code;
        response = problemResponse(problem, requestId);
      }
      if (response.type !== "error") response.headers.set("X-Request-ID", requestId);
      if (spec.action) record(vault, audit, response, requestId, Math.round(performance.now() - started));
      const status = response.type === "error" ? 0 : response.status;
      vault.addJournalEntry({ method, path: url.pathname, status, ...journal });
      return response;
    },
  };
}
