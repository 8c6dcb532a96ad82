import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { VaultClient } from "../client/index.js";
import type { SecretType } from "../client/schemas/secrets.js";
import type { ToolGroup } from "../config.js";
import { SecretPath } from "./schemas.js";

export type Access = "read" | "write" | "delete";

/**
 * How an argument holds secret paths, for the path guard:
 * - `exact`: one secret path; must be allowed and not denied (the canonical form is sent);
 * - `prefix`: a listing prefix; refused only when no allowed path can be under it, results filtered;
 * - `pattern`: an access-policy glob; its literal part must stay inside the allowed window;
 * - `scope`: the prefix an aggregate (counts, summaries) is computed over: under a path window it
 *   is required and must lie inside ALLOWED and clear of DENIED, since counts cannot be filtered.
 * `arg` is a top-level argument name or a selector into it ("rules[].path").
 */
export interface PathArg {
  arg: string;
  kind: "exact" | "prefix" | "pattern" | "scope";
  /** What an absent argument means to the vault (e.g. "**" for "every path"); checked like a given value. */
  absentMeans?: string;
}

/**
 * A condition on a call's arguments: the argument is given (and equals `equals`, when set). A list
 * holds when any of its conditions does.
 */
export interface ArgCondition {
  /** An argument's name, or a selector into the arguments ("rules[].effect"): any value it reaches counts. */
  arg: string;
  equals?: unknown;
}

/**
 * What a call grants or mints, for the guard to establish under a path window (guard/grants.ts):
 * - `service_account`: credentials acting as a service account, named by the `account` argument
 *   (an existing one) or the `name` argument (a new one); `scopes` names the argument holding the
 *   scopes it will have (else its current ones are checked); `when` limits the check to calls that
 *   set one of these arguments (to `equals`, when given);
 * - `engine`: credentials issued by the dynamic engine named by the `engine` argument, or by the
 *   engine of the lease named by the `lease` argument.
 */
export type GrantSpec =
  | {
      kind: "service_account";
      account?: string;
      name?: string;
      scopes?: string;
      when?: ArgCondition[];
    }
  | { kind: "engine"; engine?: string; lease?: string };

/**
 * An act the user is asked to confirm first (SCAIVAULT_CONFIRM, guard/confirm.ts): it destroys
 * something for good, or stops access that works now. Every tool with destructiveHint declares one
 * (held by test/integration/confirm.test.ts).
 */
export interface ConfirmSpec {
  /**
   * The question, naming exactly what is destroyed: `{arg}` (an argument's name or a selector into
   * the arguments) is replaced by its values as the vault will get them (a path in its canonical
   * form), quoted. A function, for a question a template cannot say (only some of a list's items).
   */
  ask: string | ((args: Record<string, unknown>) => string);
  /** Only calls meeting one of these (`permanent: true`, `status: "disabled"`); every call when absent. */
  when?: ArgCondition[];
}

/**
 * A value the result shows only once (a new API key, an issued private key, generated
 * credentials). The tool takes `store_at`, a secret path: the guard writes the value there
 * (guard/store.ts) and the agent sees the result masked, with where it was stored, so the value
 * goes vault to vault and never through the model. Selectors are into the result (guard/selectors.ts).
 */
export interface OneTimeSpec {
  /** What is minted, for the sentences: "API key", "certificate and private key". */
  what: string;
  /** The stored secret's data: key -> selector of a field of the result; `"*"` -> an object spread whole. */
  data: Record<string, string>;
  /** Non-secret fields of the result kept as the secret's metadata, so a reader knows what it holds. */
  metadata: Record<string, string>;
  secretType: z.output<typeof SecretType>;
  /** The call that removes what was minted, should its value be lost: the tool and its arguments (selectors into the result). */
  undo: { tool: `scaivault_${string}`; args: Record<string, string> };
}

/** Where a one-time value was stored, added to the result of a call with `store_at`. */
export const StoredAt = z
  .object({ path: z.string(), version: z.number().int().nullable(), fields: z.array(z.string()) })
  .describe("Where the one-time value was written (store_at), and which of its fields");

/** The `store_at` argument every tool with `oneTime` takes. */
export const StoreAt = SecretPath.describe(
  "Secret path to write the one-time value to instead of showing it: you get the path and version, never the value",
);

/** A tool, declared as data. No tool implements a guardrail: the registration loop applies them. */
export interface ToolSpec<I extends z.ZodRawShape = z.ZodRawShape, O extends z.ZodRawShape = z.ZodRawShape> {
  name: `scaivault_${string}`;
  title: string;
  description: string;
  access: Access;
  /**
   * The vault scopes its calls need, all of them (the reference's scope tables, as the mock
   * enforces them); empty: any valid token. A token without one of them does not see the tool
   * (SCAIVAULT_TOOLS_FOR_SCOPES) and a call is refused with insufficient_scope (guard/scopes.ts).
   */
  scopes: readonly string[];
  /**
   * A write that can stop access that works now (disabling an account, a deny rule): listed with
   * destructiveHint like the deletes and revocations, so hosts that confirm by it ask first.
   */
  destructive?: boolean;
  idempotent?: boolean;
  /**
   * Argument sets of which a call gives exactly one, e.g. `order_id`, or `account_id` with
   * `identifiers` (and optionally `challenge_type`): an alternative is given when any of its
   * arguments is, and must then be complete. Enforced at validation and said at the end of the
   * listed description: a oneOf at the top of an input schema makes the Anthropic and OpenAI APIs
   * refuse the whole tool list.
   */
  exactlyOne?: { args: string[]; optional?: string[] }[];
  /** Arguments that hold secret paths (empty when the tool takes none). */
  paths?: PathArg[];
  /**
   * The vault reads or writes secret paths chosen by stored configuration the guard cannot see
   * (a federation sync writes wherever a backend's mapping points): refused while a path window is set.
   */
  touchesUnseenPaths?: boolean;
  /** Argument naming a tenant; refused when it differs from SCAIVAULT_TENANT_ID. */
  tenantArg?: keyof I & string;
  /** Selectors of result entries carrying secret paths ("data[].path"): entries outside the window are dropped. */
  resultPaths?: string[];
  /**
   * The result is one page (`cursor`, `has_more`) of the list its first resultPaths selector
   * filters: under a path window short pages are refilled and cursors sealed (guard/paging.ts).
   */
  paged?: boolean;
  /** Totals to recompute from the entries left after path filtering: { total_denied: "groups[].count" }. */
  recount?: Record<string, string>;
  /**
   * The list of the first resultPaths selector is a ranking cut at the `limit` argument (this
   * default when absent). Under a path window the guard asks for it whole and cuts it after
   * filtering and recounting (guard/ranking.ts), so hidden entries neither crowd out nor count.
   */
  ranking?: { defaultLimit: number };
  /** The access this call grants or mints; under a path window it must be shown to lie inside the window first. */
  grants?: GrantSpec;
  /** Selectors of secret values to mask under MASK_VALUES ("data.*", "versions[].data.*", "connection_url#password"). */
  secretFields?: string[];
  /** An irreversible act, confirmed by the user through the client first (see ConfirmSpec). */
  confirm?: ConfirmSpec;
  /** A value shown once, which `store_at` keeps out of the result (see OneTimeSpec); group() adds the argument. */
  oneTime?: OneTimeSpec;
  input: I;
  /**
   * The result's shape: the wire schema of what `run` returns (`X.shape` from client/schemas, or
   * the named shape of a result a tool computes, beside the computation), extended only by optional
   * fields the tool adds itself. Never a lean copy: tools/list advertises its top-level fields.
   */
  output: O;
  run: (client: VaultClient, args: z.output<z.ZodObject<I>>, signal: AbortSignal) => Promise<z.output<z.ZodObject<O>>>;
}

/** A tool with its group stamped and its annotations derived from `access`. */
export interface ToolDef extends ToolSpec<any, any> {
  group: ToolGroup;
  annotations: ToolAnnotations;
}

const HINTS: Record<Access, ToolAnnotations> = {
  read: { readOnlyHint: true, destructiveHint: false, openWorldHint: true },
  write: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
  delete: { readOnlyHint: false, destructiveHint: true, openWorldHint: true },
};

/** Identity function for inference: `run` gets its args typed from `input`. */
export function tool<I extends z.ZodRawShape, O extends z.ZodRawShape>(spec: ToolSpec<I, O>): ToolSpec<I, O> {
  return spec;
}

/**
 * Stamps the group and derives annotations, so the hints cannot drift from the guardrail class; a
 * tool with a one-time value gets `store_at` (an exact path argument) and `stored` in its output.
 */
export function group(name: ToolGroup, specs: ToolSpec<any, any>[]): ToolDef[] {
  return specs.map((spec) => ({
    ...spec,
    ...(spec.oneTime
      ? {
          input: { ...spec.input, store_at: StoreAt.optional() },
          output: { ...spec.output, stored: StoredAt.optional() },
          paths: [...(spec.paths ?? []), { arg: "store_at", kind: "exact" as const }],
        }
      : {}),
    group: name,
    annotations: {
      title: spec.title,
      ...HINTS[spec.access],
      ...(spec.destructive ? { destructiveHint: true } : {}),
      ...(spec.idempotent !== undefined ? { idempotentHint: spec.idempotent } : {}),
    },
  }));
}
