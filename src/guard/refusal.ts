/** Stable refusal codes: the first word of every refusal text, and `_meta["scaivault/code"]`. */
export type RefusalCode =
  | "read_only"
  | "path_denied"
  | "path_not_allowed"
  | "invalid_path"
  | "tenant_locked"
  | "invalid_cursor"
  | "grant_outside_window"
  /** Arguments the tool's listed schema does not allow (not a guardrail: fix them and call again). */
  | "invalid_arguments";

export interface Refusal {
  code: RefusalCode;
  message: string;
}

export const refuse = (code: RefusalCode, message: string): Refusal => ({ code, message });
