import { ApiProblem, problemResponse } from "./errors.js";
import type { Vault } from "./vault.js";

/**
 * Checks a request's path before MSW routes it: MSW's matcher throws on a malformed percent
 * escape (the caller would see a rejected fetch or a bare 500) and matches static segments
 * case-insensitively (so /V1/SECRETS would be served). A real router answers both; so does this,
 * with the API's error envelope. Undefined means "route it".
 */
export function screenRequest<S>(vault: Vault<S>, request: Request): Response | undefined {
  const url = new URL(request.url);
  if (url.origin !== vault.baseUrl) return undefined;
  const segments = url.pathname.split("/").slice(1);
  let problem: ApiProblem | undefined;
  for (const segment of segments) {
    try {
      decodeURIComponent(segment);
    } catch {
      problem = new ApiProblem(400, "invalid_path", "The path contains a malformed percent-encoding.");
      break;
    }
  }
  const [root, area] = segments;
  if (!problem && (root === "v1" || root === "_mock") && area !== undefined && area !== area.toLowerCase())
    problem = new ApiProblem(404, "not_found", "No such endpoint.");
  if (!problem && root !== undefined && root.toLowerCase() !== root && ["v1", "_mock"].includes(root.toLowerCase()))
    problem = new ApiProblem(404, "not_found", "No such endpoint.");
  if (!problem) return undefined;
  vault.addJournalEntry({ method: request.method, path: url.pathname, status: problem.status });
  return problemResponse(problem, vault.ids.next("req", 16));
}
