/**
 * The guardrails, in one place, for every surface. Whatever calls the vault (a tool, a resource
 * read) goes through `call`: admitted (`before`), its grants proven (`grants`), run with refills
 * (`fetch`), shown (`after`). A prompt is admitted by `before`; a listing a surface walks itself
 * (resource lists, completions) is admitted by `before` as the tool listing the same things, asks
 * only for `listedPrefixes` and shows only what `permits`. Each surface declares what it does in
 * the same vocabulary as a tool (`Guarded`), so a new rule is written here once. Settings only
 * narrow: each rule can refuse or hide, none can add capability.
 */
import type { VaultClient } from "../client/index.js";
import type { ConfirmMode } from "../config.js";
import type { Logger } from "../log.js";
import { requestSignal } from "../request-scope.js";
import type { OneTimeSpec, ToolDef } from "../tools/define.js";
import { type Ask, confirmAct, questionFor } from "./confirm.js";
import { CursorSeal } from "./cursor.js";
import { checkGrant } from "./grants.js";
import { MASK, maskFields, withhold } from "./mask.js";
import { refillPages } from "./paging.js";
import { PathPolicy } from "./path-policy.js";
import { cutRanking, WHOLE_RANKING } from "./ranking.js";
import type { ClientLimit } from "./rate-limit.js";
import { type Refusal, refuse } from "./refusal.js";
import { scopeRefusal } from "./scopes.js";
import { filterAt, listOf, replaceAt, select } from "./selectors.js";
import { storeOneTime } from "./store.js";

export interface GuardSettings {
  readOnly: boolean;
  maskValues: boolean;
  allowedPaths: readonly string[];
  deniedPaths: readonly string[];
  tenantId?: string | undefined;
  /** SCAIVAULT_CURSOR_KEY (hex); absent: one random key per process. */
  cursorKey?: string | undefined;
  /** SCAIVAULT_CONFIRM (guard/confirm.ts); default destructive. */
  confirm?: ConfirmMode | undefined;
  /**
   * The scopes of the vault token this server acts with, when the catalog is fitted to them
   * (SCAIVAULT_TOOLS_FOR_SCOPES); an operation needing another is refused with insufficient_scope.
   */
  tokenScopes?: readonly string[] | undefined;
  /** SCAIVAULT_RATE_LIMIT as this server's client meets it (guard/rate-limit.ts). */
  limit?: ClientLimit | undefined;
}

/** What a guarded call gets from the request it serves. */
export interface CallContext {
  signal: AbortSignal;
  /** Asks the user (MCP elicitation); absent when the client cannot. */
  ask?: Ask | undefined;
}

/** The facts of a tool declaration (tools/define.ts) the guard reads. */
type GuardFact =
  | "access"
  | "scopes"
  | "paths"
  | "touchesUnseenPaths"
  | "tenantArg"
  | "resultPaths"
  | "paged"
  | "recount"
  | "ranking"
  | "grants"
  | "secretFields"
  | "confirm"
  | "oneTime";

/**
 * What the guard reads of an operation: a tool's declaration, or the same facts declared by a
 * resource read or a prompt. `withheld` is for surfaces that must never carry some fields: a
 * field whose name contains one of these (any case) is removed at any depth, whatever the settings.
 */
export type Guarded = Partial<Pick<ToolDef, "scopes">> &
  Pick<ToolDef, Exclude<GuardFact, "scopes">> & { name: string; withheld?: readonly string[] };

/** An operation with its vault call (a tool's `run`). */
export type GuardedCall = Guarded & {
  run: (client: VaultClient, args: Record<string, unknown>, signal: AbortSignal) => Promise<unknown>;
};

export type Outcome = { ok: true; result: unknown } | { ok: false; refusal: Refusal };

export type Verdict =
  | { allowed: true; args: Record<string, unknown>; tenantId: string | undefined }
  | { allowed: false; refusal: Refusal };

export class Guard {
  readonly paths: PathPolicy;
  readonly #cursors: CursorSeal;
  /** The requests already charged to the rate limit: one MCP request costs one call, however often it asks the guard. */
  readonly #charged = new WeakMap<AbortSignal, Refusal | undefined>();

  constructor(
    readonly settings: GuardSettings,
    /** Where the guard says what it decided beyond refusals (a confirmation, a value stored). */
    readonly log?: Logger,
    /** Told every admission and refusal, for the request's audit line and span (src/audit/). */
    readonly decided?: (name: string, refusal: Refusal | undefined) => void,
  ) {
    this.paths = PathPolicy.from(settings.allowedPaths, settings.deniedPaths);
    this.#cursors = new CursorSeal(settings.cursorKey);
  }

  /**
   * The one guarded call: admitted, its grants proven against the window, confirmed by the user
   * if it is an irreversible act, run in the admitted tenant with refills, a one-time value
   * stored if asked (store_at), shown. A refusal comes
   * back; a vault error is thrown for the surface to answer (src/answers.ts).
   */
  async call(
    op: GuardedCall,
    args: Record<string, unknown>,
    client: VaultClient,
    { signal, ask }: CallContext,
  ): Promise<Outcome> {
    const verdict = this.before(op, args, signal);
    if (!verdict.allowed) return { ok: false, refusal: verdict.refusal };
    const scoped = client.withContext(verdict.tenantId);
    const ungranted = await this.grants(op, verdict.args, scoped, signal);
    if (ungranted) return this.#refused(op, ungranted);
    const unconfirmed = await this.confirm(op, verdict.args, verdict.tenantId, ask, signal);
    if (unconfirmed) return this.#refused(op, unconfirmed);
    // store_at is the guard's argument, never the vault's.
    const { store_at: storeAt, ...sent } = verdict.args;
    const toVault = op.oneTime ? sent : verdict.args;
    const raw = await this.fetch(op, toVault, (given) => op.run(scoped, given, signal));
    if (!op.oneTime || typeof storeAt !== "string") return { ok: true, result: this.after(op, raw, toVault) };
    return { ok: true, result: await this.store(op, op.oneTime, raw, toVault, storeAt, scoped) };
  }

  /**
   * Writes the one-time value of `raw` at `path` (guard/store.ts). The agent sees the result as
   * under MASK_VALUES, whatever the setting, and where the value went.
   */
  async store(
    def: Guarded,
    spec: OneTimeSpec,
    raw: unknown,
    args: Record<string, unknown>,
    path: string,
    client: VaultClient,
  ): Promise<Record<string, unknown>> {
    const shown = this.after(def, raw, args, { mask: true }) as Record<string, unknown>;
    const stored = await storeOneTime(def.name, spec, raw, path, client, shown);
    this.log?.log("info", "one-time value stored", { tool: def.name, path, version: stored.version });
    return { ...shown, stored };
  }

  /**
   * Asks the user to confirm an irreversible act (guard/confirm.ts), last before the vault, so a
   * call another rule refuses never asks; a refusal when the act is not confirmed.
   */
  async confirm(
    def: Guarded,
    args: Record<string, unknown>,
    tenantId: string | undefined,
    ask: Ask | undefined,
    signal: AbortSignal,
  ): Promise<Refusal | undefined> {
    const question = questionFor(def.confirm, args, tenantId);
    if (question === undefined) return undefined;
    const confirmation = await confirmAct(def.name, question, this.settings.confirm ?? "destructive", ask, signal);
    this.log?.log("info", confirmation.go ? "irreversible act admitted" : "irreversible act not confirmed", {
      tool: def.name,
      ...(confirmation.go ? { asked: confirmation.asked } : { code: confirmation.refusal.code }),
    });
    return confirmation.go ? undefined : confirmation.refusal;
  }

  #refused(def: Guarded, refusal: Refusal): Outcome {
    this.decided?.(def.name, refusal);
    return { ok: false, refusal };
  }

  /**
   * Rate limit, scopes, read-only, tenant lock, then every declared path argument. Returns the
   * arguments to send (canonical paths). `signal` names the request for the rate limit (default:
   * the request in scope; a surface the SDK runs outside it passes its own).
   */
  before(def: Guarded, args: Record<string, unknown>, signal: AbortSignal | undefined = requestSignal()): Verdict {
    const verdict = this.#admit(def, args, signal);
    this.decided?.(def.name, verdict.allowed ? undefined : verdict.refusal);
    return verdict;
  }

  #admit(def: Guarded, args: Record<string, unknown>, signal: AbortSignal | undefined): Verdict {
    const limited = this.#charge(signal);
    if (limited) return { allowed: false, refusal: limited };
    const outOfScope = this.outOfScope(def);
    if (outOfScope) return { allowed: false, refusal: outOfScope };
    // store_at writes the one-time value: refused before anything is minted that could not be stored.
    const unstorable =
      def.oneTime && args.store_at !== undefined
        ? scopeRefusal(`${def.name} with store_at`, this.settings.tokenScopes, ["secrets:write"])
        : undefined;
    if (unstorable) return { allowed: false, refusal: unstorable };
    const readOnly = this.#readOnly(def);
    if (readOnly) return { allowed: false, refusal: readOnly };
    const tenant = this.tenant(def.tenantArg ? args[def.tenantArg] : undefined);
    if (!tenant.ok) return { allowed: false, refusal: tenant.refusal };
    const unseen = this.#unseenPaths(def);
    if (unseen) return { allowed: false, refusal: unseen };
    const out = structuredClone(args);
    if (def.paged && this.paths.active && args.cursor !== undefined) {
      const cursor = typeof args.cursor === "string" ? this.#cursors.open(args.cursor) : undefined;
      if (cursor === undefined)
        return {
          allowed: false,
          refusal: refuse(
            "invalid_cursor",
            "this cursor was not issued by this server (or a replica sharing its SCAIVAULT_CURSOR_KEY); start the listing again without a cursor.",
          ),
        };
      out.cursor = cursor;
    }
    for (const { arg, kind, absentMeans } of def.paths ?? []) {
      const nested = arg.includes(".") || arg.includes("[]");
      const given = (nested ? select(args, arg) : [args[arg]]).filter((v) => v !== undefined);
      // An absent scope still has to be checked: "everything" is not a scope inside a window.
      const values = given.length
        ? given
        : absentMeans !== undefined
          ? [absentMeans]
          : kind === "scope"
            ? [undefined]
            : [];
      const canonical = new Map<unknown, string>();
      for (const value of values) {
        const verdict = this.paths.check(value, kind);
        if (!verdict.ok) return { allowed: false, refusal: verdict.refusal };
        canonical.set(value, verdict.path);
      }
      // Send the canonical form the guard approved (patterns are sent as given: they were checked as written).
      if (kind === "pattern" || given.length === 0) continue;
      if (nested) replaceAt(out, arg, (v) => canonical.get(v) ?? v);
      else out[arg] = canonical.get(args[arg]);
    }
    return { allowed: true, args: out, tenantId: tenant.tenantId };
  }

  /**
   * The refusal `before` gives this operation whatever its arguments, if any: for tool discovery,
   * which tells the agent what it cannot call without calling it. The same rules as `before`.
   */
  unavailable(def: Guarded): Refusal | undefined {
    return this.outOfScope(def) ?? this.#readOnly(def) ?? this.#unseenPaths(def);
  }

  /** The refusal of an operation whose scopes the vault token lacks (when the catalog is fitted to them). */
  outOfScope(def: Guarded): Refusal | undefined {
    return scopeRefusal(def.name, this.settings.tokenScopes, def.scopes);
  }

  /**
   * SCAIVAULT_RATE_LIMIT: the request of `signal` takes one call from the limit, the first time
   * it meets the guard (a prompt that checks twenty writes is one request). Without a request
   * (code calling the guard directly) nothing is charged.
   */
  #charge(signal: AbortSignal | undefined): Refusal | undefined {
    const limit = this.settings.limit;
    if (!limit || !signal) return undefined;
    // A request refused once stays refused: a listing made of several looks must not get its later parts.
    if (this.#charged.has(signal)) return this.#charged.get(signal);
    const verdict = limit.take();
    this.#charged.set(signal, verdict);
    return verdict;
  }

  #readOnly(def: Guarded): Refusal | undefined {
    if (!this.settings.readOnly || def.access === "read") return undefined;
    return refuse("read_only", `${def.name} changes the vault and SCAIVAULT_READ_ONLY is on; only read tools run.`);
  }

  #unseenPaths(def: Guarded): Refusal | undefined {
    if (!def.touchesUnseenPaths || !this.paths.active) return undefined;
    return refuse(
      this.paths.allowed.length ? "path_not_allowed" : "path_denied",
      `${def.name} touches secret paths chosen by vault-side configuration, which a path window cannot check; it is unavailable while SCAIVAULT_ALLOWED_PATHS or SCAIVAULT_DENIED_PATHS is set.`,
    );
  }

  /**
   * Under a path window, establishes from the vault that what the call grants or mints lies
   * inside the window (guard/grants.ts); a refusal when it does not or cannot be read.
   */
  grants(
    def: Guarded,
    args: Record<string, unknown>,
    client: VaultClient,
    signal?: AbortSignal,
  ): Promise<Refusal | undefined> {
    if (!def.grants || !this.paths.active) return Promise.resolve(undefined);
    return checkGrant(def.grants, args, client, this.paths, signal);
  }

  /** Tenant lock: another tenant is refused; none given means the locked one (or the token's). */
  tenant(asked: unknown): { ok: true; tenantId: string | undefined } | { ok: false; refusal: Refusal } {
    const locked = this.settings.tenantId;
    if (asked === undefined || asked === null || asked === "") return { ok: true, tenantId: locked };
    if (typeof asked !== "string")
      return { ok: false, refusal: refuse("tenant_locked", "tenant_id must be a string.") };
    if (locked && asked !== locked)
      return {
        ok: false,
        refusal: refuse("tenant_locked", `this server is locked to tenant '${locked}'; '${asked}' is refused.`),
      };
    return { ok: true, tenantId: asked };
  }

  /**
   * Calls the vault for a checked call. Under a path window, paged tools get their short pages
   * refilled, and rankings are asked for whole (after() cuts them to the limit once filtered).
   */
  fetch(
    def: Guarded,
    args: Record<string, unknown>,
    fetchPage: (args: Record<string, unknown>) => Promise<unknown>,
  ): Promise<unknown> {
    if (def.ranking && this.paths.active) return fetchPage({ ...args, limit: WHOLE_RANKING });
    if (!def.paged || !this.paths.active) return fetchPage(args);
    const field = listOf(def.resultPaths?.[0]) as string;
    return refillPages(def, args, fetchPage, (entries) => {
      const holder = { [field]: entries };
      for (const selector of def.resultPaths ?? [])
        filterAt(holder, selector, (path) => typeof path !== "string" || this.paths.permits(path));
      return holder[field] as unknown[];
    });
  }

  /**
   * Removes withheld fields, drops entries outside the path window (recounting totals, cutting
   * rankings to the asked `limit`), then masks declared secret values (under MASK_VALUES, or when
   * `mask` says so). Works on a copy.
   */
  after<T>(def: Guarded, result: T, args: Record<string, unknown> = {}, { mask = this.settings.maskValues } = {}): T {
    const shown = def.withheld ? withhold(result, def.withheld) : result;
    if (!this.paths.active && !mask) return shown;
    const copy = structuredClone(shown);
    if (this.paths.active) {
      for (const selector of def.resultPaths ?? [])
        filterAt(copy, selector, (path) => typeof path !== "string" || this.paths.permits(path));
      for (const [field, selector] of Object.entries(def.recount ?? {}))
        (copy as Record<string, unknown>)[field] = select(copy, selector).reduce<number>(
          (sum, n) => sum + (typeof n === "number" ? n : 0),
          0,
        );
      const field = listOf(def.resultPaths?.[0]);
      if (def.ranking && field)
        cutRanking(
          copy as Record<string, unknown>,
          field,
          typeof args.limit === "number" ? args.limit : def.ranking.defaultLimit,
        );
      const page = copy as { cursor?: unknown };
      if (def.paged && typeof page.cursor === "string") page.cursor = this.#cursors.seal(page.cursor);
    }
    if (mask) maskFields(copy, def.secretFields ?? []);
    return copy;
  }

  /** For listings a surface walks itself (resources, completions): may this concrete path be shown? */
  permits(path: string): boolean {
    return this.paths.permits(path);
  }

  /** For the same listings: the prefixes to ask the vault for so that listing `prefix` stays inside the window. */
  listedPrefixes(prefix: string): string[] {
    return this.paths.narrow(prefix);
  }
}

export { type ClientLimit, RateLimiter } from "./rate-limit.js";
export type { Refusal, RefusalCode } from "./refusal.js";
export { FINAL_REFUSALS } from "./refusal.js";
export { missingScopes, scopeCovers } from "./scopes.js";
export { MASK };
