/** Stable refusal codes: the first word of every refusal text, and `_meta["scaivault/code"]`. */
export type RefusalCode =
  | "read_only"
  | "path_denied"
  | "path_not_allowed"
  | "invalid_path"
  | "tenant_locked"
  | "invalid_cursor"
  | "grant_outside_window"
  /** An irreversible act the user declined, dismissed or did not confirm (SCAIVAULT_CONFIRM). */
  | "not_confirmed"
  /** SCAIVAULT_CONFIRM=required and the client cannot ask the user. */
  | "confirmation_unavailable"
  /** Arguments the tool's listed schema does not allow (not a guardrail: fix them and call again). */
  | "invalid_arguments"
  /** The vault token's scopes do not cover the tool (SCAIVAULT_TOOLS_FOR_SCOPES, guard/scopes.ts). */
  | "insufficient_scope"
  /** The tool's group is left out by SCAIVAULT_TOOLSETS. */
  | "tool_not_served"
  /** Over SCAIVAULT_RATE_LIMIT (guard/rate-limit.ts): retry after `retryAfter` seconds. */
  | "rate_limited"
  /** SCAIVAULT_AUDIT_LOG cannot be written: nothing runs unrecorded (src/audit/observer.ts). */
  | "audit_unavailable";

/** The guardrails' refusals: the call is refused as asked, so the agent should not retry it. */
export const FINAL_REFUSALS: readonly RefusalCode[] = [
  "read_only",
  "path_denied",
  "path_not_allowed",
  "tenant_locked",
  "grant_outside_window",
  "not_confirmed",
  "confirmation_unavailable",
  "insufficient_scope",
  "tool_not_served",
];

export interface Refusal {
  code: RefusalCode;
  message: string;
  /** Seconds until the call may succeed (rate_limited); answered as `scaivault/retry_after`. */
  retryAfter?: number;
}

export const refuse = (code: RefusalCode, message: string): Refusal => ({ code, message });
