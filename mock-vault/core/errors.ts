import { json } from "./json.js";

/** An error the simulated API answers with, in the documented envelope. Thrown by stores, caught by the pipeline. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** What a failure answers: an ApiProblem as it is, anything else as 500 internal_error (never its text). */
export const asProblem = (error: unknown): ApiProblem =>
  error instanceof ApiProblem
    ? error
    : new ApiProblem(500, "internal_error", "The vault failed to process the request.");

export const notFound = (code: string, message: string, details?: Record<string, unknown>) =>
  new ApiProblem(404, code, message, details);
export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new ApiProblem(400, code, message, details);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new ApiProblem(409, code, message, details);

/** The documented error envelope: { error: { code, message, details?, request_id } }. */
export function problemResponse(problem: ApiProblem, requestId: string): Response {
  return json(
    {
      error: {
        code: problem.code,
        message: problem.message,
        ...(problem.details ? { details: problem.details } : {}),
        request_id: requestId,
      },
    },
    problem.status,
    { "X-Request-ID": requestId, ...problem.headers },
  );
}
