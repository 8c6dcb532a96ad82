/**
 * One audit line: what an agent asked (method, name, arguments as auditedArguments writes them),
 * for whom (client, user), what the guard decided, what the vault was asked (its request ids),
 * how it ended and how long it took. Built from the request as it arrived and the answer as it
 * leaves, so a refusal answered before the SDK (argument bounds) is recorded like any other.
 */
import { CODE } from "../answers.js";
import type { RequestTrail } from "../request-scope.js";
import { type AuditedArguments, auditedArguments } from "./arguments.js";

/** The requests an audit line is written for: what an agent does, not how it connects. */
export const AUDITED_METHODS: ReadonlySet<string> = new Set([
  "tools/call",
  "resources/read",
  "prompts/get",
  "completion/complete",
]);

/** Refusals made before the guard is asked (the tool's schema, the bounds, a tool SCAIVAULT_TOOLSETS leaves out, the audit itself). */
const REFUSED_BEFORE_THE_GUARD = new Set([
  "invalid_arguments",
  "audit_unavailable",
  "tool_not_served",
  // scaivault_describe_tool refuses a tool hidden by scopes without asking the guard to run anything.
  "insufficient_scope",
]);

export type Decision = "allowed" | "refused" | "none";
export type Outcome = "ok" | "refused" | "error";

export interface AuditLine {
  time: string;
  audit: "agent_action";
  session?: string;
  client: { name: string; version: string } | null;
  user: string;
  method: string;
  name: string | null;
  arguments: Record<string, unknown>;
  withheld?: string[];
  decision: Decision;
  outcome: Outcome;
  code?: string;
  vault_request_ids: string[];
  duration_ms: number;
}

export interface Asked {
  method: string;
  /** The tool, prompt or completion reference called, or the resource URI read. */
  name: string | null;
  args: AuditedArguments;
}

/** What a request asks, as the line says it. */
export function askedBy(method: string, params: unknown): Asked {
  const p = (params && typeof params === "object" ? params : {}) as Record<string, unknown>;
  const str = (value: unknown) => (typeof value === "string" ? value.slice(0, 512) : null);
  switch (method) {
    case "tools/call":
      return {
        method,
        name: str(p.name),
        args: auditedArguments(p.arguments, p.name === "scaivault_call_tool" ? "arguments" : undefined),
      };
    case "prompts/get":
      return { method, name: str(p.name), args: auditedArguments(p.arguments) };
    case "resources/read":
      return { method, name: str(p.uri), args: { arguments: {} } };
    case "completion/complete": {
      const ref = (p.ref ?? {}) as Record<string, unknown>;
      const argument = (p.argument ?? {}) as Record<string, unknown>;
      const named = typeof argument.name === "string" ? { [argument.name]: argument.value } : {};
      return { method, name: str(ref.name) ?? str(ref.uri), args: auditedArguments(named) };
    }
    default:
      return { method, name: str(p.name), args: { arguments: {} } };
  }
}

/** How an answer ended, read from the JSON-RPC message leaving (src/answers.ts puts the code there). */
export function endOf(answer: unknown, trail: RequestTrail): { decision: Decision; outcome: Outcome; code?: string } {
  const code = codeOf(answer);
  const decided = trail.decisions.length > 0 ? "allowed" : "none";
  if (code === undefined) return { decision: decided, outcome: "ok" };
  const refused = REFUSED_BEFORE_THE_GUARD.has(code) || trail.decisions.some((d) => d.code === code);
  return refused ? { decision: "refused", outcome: "refused", code } : { decision: decided, outcome: "error", code };
}

function codeOf(answer: unknown): string | undefined {
  const message = (answer ?? {}) as { result?: Record<string, unknown>; error?: Record<string, unknown> };
  if (message.error) {
    const data = message.error.data as Record<string, unknown> | undefined;
    const given = data?.[CODE];
    return typeof given === "string" ? given : rpcCode(message.error.code);
  }
  const result = message.result;
  if (result?.isError !== true) return undefined;
  const given = (result._meta as Record<string, unknown> | undefined)?.[CODE];
  return typeof given === "string" ? given : "tool_error";
}

/** The SDK's own errors (no scaivault code): named after their JSON-RPC code. */
function rpcCode(code: unknown): string {
  switch (code) {
    case -32602:
      return "invalid_params";
    case -32601:
      return "method_not_found";
    case -32603:
      return "internal_error";
    case -32002:
      return "resource_not_found";
    default:
      return `rpc_error_${String(code)}`;
  }
}

export function lineOf(
  asked: Asked,
  who: { session?: string | undefined; client: AuditLine["client"]; user: string },
  end: ReturnType<typeof endOf>,
  trail: RequestTrail,
  started: { at: Date; ms: number },
  now: number,
): AuditLine {
  return {
    time: started.at.toISOString(),
    audit: "agent_action",
    ...(who.session ? { session: who.session } : {}),
    client: who.client,
    user: who.user,
    method: asked.method,
    name: asked.name,
    arguments: asked.args.arguments,
    ...(asked.args.withheld ? { withheld: asked.args.withheld } : {}),
    decision: end.decision,
    outcome: end.outcome,
    ...(end.code ? { code: end.code } : {}),
    vault_request_ids: [...trail.vaultRequestIds],
    duration_ms: Math.round((now - started.ms) * 10) / 10,
  };
}
