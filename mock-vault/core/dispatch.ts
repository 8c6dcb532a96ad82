import { ApiProblem, problemResponse } from "./errors.js";
import { runRoute } from "./pipeline.js";
import type { RouteTable } from "./route-table.js";
import { withoutTenantPrefix } from "./tenant-prefix.js";
import type { Vault } from "./vault.js";
import { urlOf, type VaultRequest } from "./vault-request.js";

/**
 * Answers one request to a vault; undefined when the request is not for the vault's origin.
 * `signal`, when given, aborts it in place of the request's own.
 */
export type Dispatch = (request: VaultRequest, signal?: AbortSignal) => Promise<Response> | undefined;

/**
 * The way in for every request, whoever delivers it (mock.fetch, the MSW handler, the HTTP
 * server): screen the path, take off a tenant prefix (/v1/t/{tenant_id}/...), find the route in
 * the table, run it through the pipeline (or let a route outside the pipeline answer), else the
 * API's 404.
 */
export function dispatcher<S>(vault: Vault<S>, table: RouteTable<S>): Dispatch {
  return (incoming, signal) => {
    const given = urlOf(incoming);
    if (given.origin !== vault.baseUrl) return undefined;
    const refused = screen(vault, incoming, given);
    if (refused) return Promise.resolve(refused);
    const { request, url } = withoutTenantPrefix(incoming, given);
    const entry = table.match(request.method, url.pathname);
    if (!entry) return Promise.resolve(problemResponse(NOT_FOUND, vault.ids.next("req", 16)));
    if ("answer" in entry.route) return answerRaw(entry.route.answer, request, vault);
    return runRoute(vault, entry.route, entry.slots, request, url, signal ?? request.signal);
  };
}

const NOT_FOUND = new ApiProblem(404, "not_found", "No such endpoint.");

/** A route outside the pipeline still never answers with a stack trace. */
async function answerRaw<S>(
  answer: (request: VaultRequest, vault: Vault<S>) => Response | Promise<Response>,
  request: VaultRequest,
  vault: Vault<S>,
): Promise<Response> {
  try {
    return await answer(request, vault);
  } catch {
    return problemResponse(
      new ApiProblem(500, "internal_error", "The vault failed to process the request."),
      vault.ids.next("req", 16),
    );
  }
}

/**
 * Refuses, with the API's envelope and a journal entry, what a real router would refuse before
 * routing: a malformed percent escape (400 invalid_path) and a mis-cased /V1/ or /v1/SECRETS (404;
 * the table is case-sensitive anyway, this only keeps them in the journal).
 */
function screen<S>(vault: Vault<S>, request: VaultRequest, url: URL): Response | undefined {
  const path = url.pathname;
  const problem = malformedEscape(path) ? MALFORMED : misCased(path) ? NOT_FOUND : undefined;
  if (!problem) return undefined;
  vault.addJournalEntry({ method: request.method, path, status: problem.status });
  return problemResponse(problem, vault.ids.next("req", 16));
}

const MALFORMED = new ApiProblem(400, "invalid_path", "The path contains a malformed percent-encoding.");

/** A percent escape that decodes to nothing (no escape can span a "/", so the whole path decodes iff each segment does). */
function malformedEscape(path: string): boolean {
  if (!path.includes("%")) return false;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/** /v1/ and an area without an upper-case letter (pathnames are ASCII: anything else is percent-encoded). */
const WELL_CASED_AREA = /^\/v1\/[^/A-Z]*(?:\/|$)/;

/** /V1/..., /_MOCK/..., or a mis-cased area under them (/v1/SECRETS). */
function misCased(path: string): boolean {
  // The well-cased path every API request has, told apart without splitting it.
  if (WELL_CASED_AREA.test(path)) return false;
  const [, root, area] = path.split("/", 3);
  if (root === "v1" || root === "_mock") return area !== undefined && area !== area.toLowerCase();
  return root !== undefined && (root.toLowerCase() === "v1" || root.toLowerCase() === "_mock");
}
