/**
 * The vault token's scopes against what an operation needs (each tool's `scopes`, tools/define.ts).
 * The vault enforces scopes itself; this rule only spares the agent tools its token cannot use:
 * they are left out of the listing (tools/scope-fit.ts) and a call is refused here, before the
 * vault, with insufficient_scope.
 */
import { type Refusal, refuse } from "./refusal.js";

/**
 * Scopes that cover every other: `admin` (the vault's and the mock's all-scopes grant), `*`, and
 * `<area>:*` for the scopes of one area (`pki:*` covers `pki:read`, `pki:issue`, `pki:admin`).
 */
export function scopeCovers(held: readonly string[], needed: string): boolean {
  if (held.includes(needed) || held.includes("admin") || held.includes("*")) return true;
  const area = needed.indexOf(":");
  return area > 0 && held.includes(`${needed.slice(0, area)}:*`);
}

/** The scopes of `needed` that `held` does not cover, in the order needed. */
export function missingScopes(held: readonly string[], needed: readonly string[] | undefined): string[] {
  return (needed ?? []).filter((scope) => !scopeCovers(held, scope));
}

/** The refusal of an operation the token's scopes do not cover, or undefined. */
export function scopeRefusal(
  name: string,
  held: readonly string[] | undefined,
  needed: readonly string[] | undefined,
): Refusal | undefined {
  if (held === undefined) return undefined;
  const missing = missingScopes(held, needed);
  if (!missing.length) return undefined;
  return refuse(
    "insufficient_scope",
    `${name} needs the vault scope${missing.length > 1 ? "s" : ""} ${missing.join(", ")}, which this server's vault token lacks; ask for a token with ${missing.length > 1 ? "them" : "it"}.`,
  );
}
