/**
 * Confirmation before irreversible acts (SCAIVAULT_CONFIRM). A tool declares the act (`confirm`:
 * the question naming what is destroyed, and the calls it applies to); Guard.call asks the user
 * through the client after every other check has admitted the call and before the vault is
 * called, so a refused call never asks and an unconfirmed one never reaches the vault.
 * - `off`: never asks;
 * - `destructive` (default): asks when the client can (MCP elicitation); a client that cannot
 *   is served as before, with the tool's destructiveHint for the host to act on;
 * - `required`: asks, and refuses the act (confirmation_unavailable) when the client cannot.
 */
import type { ConfirmMode } from "../config.js";
import type { ConfirmSpec } from "../tools/define.js";
import { meetsAny } from "./conditions.js";
import { type Refusal, refuse } from "./refusal.js";
import { select } from "./selectors.js";

/** The user's answer: accepted (with or without the box ticked), declined, dismissed, or no answer at all. */
export type Answer =
  | { action: "accept"; confirmed: boolean }
  | { action: "decline" }
  | { action: "cancel" }
  | { action: "failed"; reason: string };

/** Puts a question to the user through the client; absent when the client cannot ask. */
export type Ask = (question: string, signal: AbortSignal) => Promise<Answer>;

/** What a confirmation decided: go on (asked and confirmed, or not asked), or the refusal. */
export type Confirmation = { go: true; asked: boolean } | { go: false; refusal: Refusal };

/**
 * The question of `spec` for these arguments (as the vault will get them) in the admitted tenant,
 * or undefined when the call is not the act.
 */
export function questionFor(
  spec: ConfirmSpec | undefined,
  args: Record<string, unknown>,
  tenantId?: string,
): string | undefined {
  if (!spec || !meetsAny(spec.when, args)) return undefined;
  if (typeof spec.ask === "function") return inTenant(spec.ask(args), tenantId);
  const question = spec.ask.replace(/\{([^{}]+)\}/g, (_, selector: string) =>
    select(args, selector)
      .filter((value) => value !== undefined)
      .map((value) => `'${String(value)}'`)
      .join(", "),
  );
  return inTenant(question, tenantId);
}

const inTenant = (question: string, tenantId: string | undefined) =>
  tenantId ? `In tenant '${tenantId}': ${question}` : question;

export async function confirmAct(
  tool: string,
  question: string,
  mode: ConfirmMode,
  ask: Ask | undefined,
  signal: AbortSignal,
): Promise<Confirmation> {
  if (mode === "off") return { go: true, asked: false };
  if (!ask) {
    if (mode === "destructive") return { go: true, asked: false };
    return {
      go: false,
      refusal: refuse(
        "confirmation_unavailable",
        `${tool} needs the user's confirmation (SCAIVAULT_CONFIRM=required) and this client cannot ask for it (it declares no elicitation support, or the server runs stateless HTTP). Nothing was sent to the vault. The act: ${question}`,
      ),
    };
  }
  const answer = await ask(question, signal);
  if (answer.action === "accept" && answer.confirmed) return { go: true, asked: true };
  const why =
    answer.action === "decline"
      ? "the user declined"
      : answer.action === "cancel"
        ? "the user dismissed the question without answering"
        : answer.action === "accept"
          ? "the user answered without confirming"
          : `the confirmation could not be asked or answered (${answer.reason})`;
  return {
    go: false,
    refusal: refuse(
      "not_confirmed",
      `${why}, so ${tool} did not run and nothing was sent to the vault. Asked: ${question} Do not call it again unless the user asks for it anew.`,
    ),
  };
}
