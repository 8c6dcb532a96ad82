import { canonicalPath, canonicalPrefix, isUnder, overlaps } from "../paths.js";
import type { PathArg } from "../tools/define.js";
import { type Refusal, refuse } from "./refusal.js";

const GLOB = /[*?[\]{}]/;

/** SCAIVAULT_ALLOWED_PATHS / SCAIVAULT_DENIED_PATHS, canonicalised once at start-up. */
export class PathPolicy {
  constructor(
    readonly allowed: readonly string[],
    readonly denied: readonly string[],
  ) {}

  static from(allowed: readonly string[], denied: readonly string[]): PathPolicy {
    const canon = (list: readonly string[], name: string) =>
      list.map((p) => {
        const c = canonicalPath(p);
        if (!c.ok) throw new Error(`${name} entry "${p}" is not a valid path: ${c.reason}`);
        return c.path;
      });
    return new PathPolicy(canon(allowed, "SCAIVAULT_ALLOWED_PATHS"), canon(denied, "SCAIVAULT_DENIED_PATHS"));
  }

  get active(): boolean {
    return this.allowed.length > 0 || this.denied.length > 0;
  }

  #window(): string {
    return this.allowed.length ? `allowed: ${this.allowed.join(", ")}` : "every path not denied";
  }

  /** True when a concrete path may be shown or touched. */
  permits(path: string): boolean {
    if (this.denied.some((d) => isUnder(path, d))) return false;
    return this.allowed.length === 0 || this.allowed.some((a) => isUnder(path, a));
  }

  /**
   * The prefixes that cover what a listing of the canonical `prefix` may show: the prefix itself
   * when it lies inside an allowed path (or no window is set), else the allowed paths under it.
   */
  narrow(prefix: string): string[] {
    if (this.allowed.length === 0) return [prefix];
    const out = new Set<string>();
    for (const a of this.allowed) {
      if (isUnder(prefix, a)) out.add(prefix);
      else if (isUnder(a, prefix)) out.add(a);
    }
    return [...out].sort();
  }

  /** Checks one argument value; returns its canonical form or a refusal. */
  check(raw: unknown, kind: PathArg["kind"]): { ok: true; path: string } | { ok: false; refusal: Refusal } {
    if (kind === "pattern") return this.#checkPattern(raw);
    if (kind === "scope") return this.#checkScope(raw);
    const canon = kind === "prefix" ? canonicalPrefix(raw) : canonicalPath(raw);
    if (!canon.ok) return { ok: false, refusal: refuse("invalid_path", `${canon.reason}.`) };
    const path = canon.path;
    const denied = this.denied.find((d) => isUnder(path, d));
    if (denied)
      return {
        ok: false,
        refusal: refuse("path_denied", `'${path}' is under the denied prefix '${denied}' (${this.#window()}).`),
      };
    const inside =
      this.allowed.length === 0 ||
      (kind === "prefix" ? this.allowed.some((a) => overlaps(path, a)) : this.allowed.some((a) => isUnder(path, a)));
    if (!inside)
      return {
        ok: false,
        refusal: refuse("path_not_allowed", `'${path || "/"}' is outside the allowed paths (${this.#window()}).`),
      };
    return { ok: true, path };
  }

  /** The prefix an aggregate counts over: inside ALLOWED, clear of DENIED, and required while a window is set. */
  #checkScope(raw: unknown): { ok: true; path: string } | { ok: false; refusal: Refusal } {
    const canon = raw === undefined ? ({ ok: true, path: "" } as const) : canonicalPrefix(raw);
    if (!canon.ok) return { ok: false, refusal: refuse("invalid_path", `${canon.reason}.`) };
    const path = canon.path;
    if (!this.active) return { ok: true, path };
    const denied = this.denied.find((d) => overlaps(path, d));
    if (denied)
      return {
        ok: false,
        refusal: refuse(
          "path_denied",
          `counts under '${path || "/"}' would include the denied prefix '${denied}'; give a path prefix clear of it.`,
        ),
      };
    if (this.allowed.length > 0 && (path === "" || !this.allowed.some((a) => isUnder(path, a))))
      return {
        ok: false,
        refusal: refuse(
          "path_not_allowed",
          `counts must be scoped to a path prefix inside the allowed paths (${this.#window()}).`,
        ),
      };
    return { ok: true, path };
  }

  /** A policy glob may only reach paths inside the window: its literal part must be allowed, and no denied prefix may overlap it. */
  #checkPattern(raw: unknown): { ok: true; path: string } | { ok: false; refusal: Refusal } {
    if (typeof raw !== "string" || raw.trim() === "")
      return { ok: false, refusal: refuse("invalid_path", "a path pattern must be a non-empty string.") };
    const segments = raw.split("/").filter((s) => s !== "");
    if (segments.some((s) => s === "." || s === ".." || /[%\\\s]/.test(s)))
      return {
        ok: false,
        refusal: refuse("invalid_path", "a path pattern may not contain '.', '..', '%', '\\' or whitespace."),
      };
    // Allowlist as for concrete paths (plus glob characters): look-alikes such as fullwidth dots never pass.
    if (!segments.every((s) => /^[A-Za-z0-9_.*?[\]{},-]+$/.test(s)))
      return {
        ok: false,
        refusal: refuse(
          "invalid_path",
          "a path pattern segment may hold only letters, digits, '_', '-', '.' and glob characters.",
        ),
      };
    const literal: string[] = [];
    for (const s of segments) {
      if (GLOB.test(s)) break;
      literal.push(s);
    }
    const stem = literal.join("/");
    const denied = this.denied.find((d) => overlaps(stem, d));
    if (denied)
      return {
        ok: false,
        refusal: refuse("path_denied", `pattern '${raw}' can match paths under the denied prefix '${denied}'.`),
      };
    if (this.allowed.length > 0 && !this.allowed.some((a) => stem !== "" && isUnder(stem, a)))
      return {
        ok: false,
        refusal: refuse("path_not_allowed", `pattern '${raw}' reaches outside the allowed paths (${this.#window()}).`),
      };
    return { ok: true, path: raw };
  }
}
