/** Every failure has one form per kind of answer, and the tool and request forms say the same. */
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import {
  CODE,
  callFailed,
  failedCall,
  failedRequest,
  invalidRequest,
  refusalError,
  refusalResult,
  requestFailed,
} from "../../src/answers.js";
import { VaultError } from "../../src/client/errors.js";
import type { Logger } from "../../src/log.js";

function recording(): Logger & { lines: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  return { lines, log: (level, message, fields) => lines.push({ level, message, fields }), redact() {} };
}

const textOf = (result: { content: { type: string; text?: string }[] }) => result.content[0]?.text;

describe("answers", () => {
  it("a vault error reads the same as a tool result and as a request error", () => {
    const error = new VaultError("slow down", "rate_limited", 429, "req_1", 2.2);
    const log = recording();
    const result = callFailed(error, log, "scaivault_read_secret");
    const request = requestFailed(error, log, "resource read", { resource: "secret" });
    expect(textOf(result)).toBe("rate_limited: slow down (HTTP 429, request req_1, retry after 3 s)");
    expect(request.message).toBe(textOf(result));
    expect(result._meta).toEqual({ [CODE]: "rate_limited", "scaivault/status": 429, "scaivault/retry_after": 3 });
    expect(request.data).toEqual(result._meta);
    expect(request.code).toBe(ErrorCode.InvalidRequest);
    expect(result.structuredContent).toBeUndefined();
    expect(log.lines.map((l) => `${l.level} ${l.message}`)).toEqual(["warn tool failed", "warn resource read failed"]);
  });

  it("a missing resource is the spec's resource-not-found; a vault outage an internal error", () => {
    const log = recording();
    expect(requestFailed(new VaultError("no", "secret_not_found", 404), log, "resource read", {}).code).toBe(-32002);
    expect(requestFailed(new VaultError("down", "service_unavailable", 503), log, "resource read", {}).code).toBe(
      ErrorCode.InternalError,
    );
  });

  it("a crash is one sentence everywhere, its details only in the log", () => {
    const log = recording();
    const crash = new TypeError("secret-looking detail");
    const result = callFailed(crash, log, "scaivault_list_secrets");
    const request = requestFailed(crash, log, "prompt", { prompt: "rotate-credential" });
    expect(textOf(result)).toMatch(/^internal_error: scaivault-mcp failed to handle this request; /);
    expect(request.message).toBe(textOf(result));
    expect(request.code).toBe(ErrorCode.InternalError);
    expect(JSON.stringify([result, request.message, request.data])).not.toContain("secret-looking");
    expect(log.lines.map((l) => [l.level, l.message, l.fields?.error])).toEqual([
      ["error", "tool crashed", "TypeError: secret-looking detail"],
      ["error", "prompt crashed", "TypeError: secret-looking detail"],
    ]);
  });

  it("refusals and bad input start with their code and carry it; an McpError already made passes as it is", () => {
    const refusal = { code: "path_denied", message: "'infra/db' is under the denied prefix 'infra'." } as const;
    expect(textOf(refusalResult(refusal))).toBe(`path_denied: ${refusal.message}`);
    expect(refusalError(refusal).message).toBe(`path_denied: ${refusal.message}`);
    expect(refusalError(refusal).data).toEqual({ [CODE]: "path_denied" });
    expect(invalidRequest("bad id.").message).toBe("invalid_request: bad id.");
    const made = new McpError(ErrorCode.InvalidParams, "x");
    expect(requestFailed(made, recording(), "resource read", {})).toBe(made);
    expect(failedCall({ code: "invalid_arguments", message: "too deep." })._meta).toEqual({
      [CODE]: "invalid_arguments",
    });
    expect(failedRequest({ code: "invalid_arguments", message: "too deep." }).code).toBe(ErrorCode.InvalidParams);
  });
});
