import type { ArgCondition } from "../tools/define.js";
import { select } from "./selectors.js";

/**
 * Whether a call's arguments meet one of `conditions`: a value the condition's argument (or
 * selector) reaches is given, and equals `equals` when set. True when there are none.
 */
export function meetsAny(conditions: readonly ArgCondition[] | undefined, args: Record<string, unknown>): boolean {
  if (!conditions?.length) return true;
  return conditions.some(({ arg, equals }) =>
    select(args, arg).some((value) => value !== undefined && (equals === undefined || value === equals)),
  );
}
