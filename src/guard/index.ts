/**
 * The guardrails, in one place. The registration loop calls `before` ahead of every tool call
 * and `after` on every result; resources and completions use the same checks. Settings only
 * narrow: each rule can refuse or hide, none can add capability.
 */
import type { VaultClient } from "../client/index.js";
import type { ToolDef } from "../tools/define.js";
import { CursorSeal } from "./cursor.js";
import { checkGrant } from "./grants.js";
import { MASK, maskFields } from "./mask.js";
import { refillPages } from "./paging.js";
import { PathPolicy } from "./path-policy.js";
import { cutRanking, WHOLE_RANKING } from "./ranking.js";
import { type Refusal, refuse } from "./refusal.js";
import { filterAt, listOf, replaceAt, select } from "./selectors.js";

export interface GuardSettings {
  readOnly: boolean;
  maskValues: boolean;
  allowedPaths: readonly string[];
  deniedPaths: readonly string[];
  tenantId?: string | undefined;
  /** SCAIVAULT_CURSOR_KEY (hex); absent: one random key per process. */
  cursorKey?: string | undefined;
}

export type Verdict =
  | { allowed: true; args: Record<string, unknown>; tenantId: string | undefined }
  | { allowed: false; refusal: Refusal };

export class Guard {
  readonly paths: PathPolicy;
  readonly #cursors: CursorSeal;

  constructor(readonly settings: GuardSettings) {
    this.paths = PathPolicy.from(settings.allowedPaths, settings.deniedPaths);
    this.#cursors = new CursorSeal(settings.cursorKey);
  }

  /** Read-only, tenant lock, then every declared path argument. Returns the arguments to send (canonical paths). */
  before(def: ToolDef, args: Record<string, unknown>): Verdict {
    if (this.settings.readOnly && def.access !== "read")
      return {
        allowed: false,
        refusal: refuse(
          "read_only",
          `${def.name} changes the vault and SCAIVAULT_READ_ONLY is on; only read tools run.`,
        ),
      };
    const tenant = this.tenant(def.tenantArg ? args[def.tenantArg] : undefined);
    if (!tenant.ok) return { allowed: false, refusal: tenant.refusal };
    if (def.touchesUnseenPaths && this.paths.active)
      return {
        allowed: false,
        refusal: refuse(
          this.paths.allowed.length ? "path_not_allowed" : "path_denied",
          `${def.name} touches secret paths chosen by vault-side configuration, which a path window cannot check; it is unavailable while SCAIVAULT_ALLOWED_PATHS or SCAIVAULT_DENIED_PATHS is set.`,
        ),
      };
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
   * Under a path window, establishes from the vault that what the call grants or mints lies
   * inside the window (guard/grants.ts); a refusal when it does not or cannot be read.
   */
  grants(
    def: ToolDef,
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
    def: ToolDef,
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
   * Drops entries outside the path window (recounting totals, cutting rankings to the asked
   * `limit`), then masks declared secret values. Works on a copy.
   */
  after<T>(def: ToolDef, result: T, args: Record<string, unknown> = {}): T {
    if (!this.paths.active && !this.settings.maskValues) return result;
    const copy = structuredClone(result);
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
    if (this.settings.maskValues) maskFields(copy, def.secretFields ?? []);
    return copy;
  }

  /** For resources and completions: may this concrete path be shown? */
  permits(path: string): boolean {
    return this.paths.permits(path);
  }

  mask<T>(value: T, selectors: readonly string[]): T {
    return this.settings.maskValues ? maskFields(structuredClone(value), selectors) : value;
  }
}

export type { Refusal, RefusalCode } from "./refusal.js";
export { MASK };
