import { parseDuration } from "./duration.js";

/** Told of every move of the clock, after it happened. */
export type ClockListener = (fromMs: number, toMs: number) => void;

/** The mock's only source of time: tests move it instead of sleeping. */
export class Clock {
  #ms: number;
  #isoAt = Number.NaN;
  #iso = "";
  readonly #listeners = new Set<ClockListener>();

  constructor(start: Date | string | number) {
    this.#ms = new Date(start).getTime();
    if (Number.isNaN(this.#ms)) throw new Error(`invalid clock start: ${String(start)}`);
  }

  now(): Date {
    return new Date(this.#ms);
  }

  nowMs(): number {
    return this.#ms;
  }

  iso(offsetMs = 0): string {
    if (offsetMs !== 0) return new Date(this.#ms + offsetMs).toISOString();
    // One string per instant: every entry and record made while the clock stands still shares it.
    if (this.#isoAt !== this.#ms) {
      this.#isoAt = this.#ms;
      this.#iso = new Date(this.#ms).toISOString();
    }
    return this.#iso;
  }

  /**
   * Runs `listener` after every set() and advance() that changes the time (time-driven behaviour:
   * expiry and rotation schedules). Returns a function that removes it.
   */
  onChange(listener: ClockListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  set(at: Date | string | number): void {
    const ms = new Date(at).getTime();
    if (Number.isNaN(ms)) throw new Error(`invalid time: ${String(at)}`);
    this.#move(ms);
  }

  /**
   * Puts the clock at `at` without telling the listeners: for restoring a snapshot, whose state
   * already reflects that time (its expiry and rotation watermarks included).
   */
  restoreTo(at: Date | string | number): void {
    const ms = new Date(at).getTime();
    if (Number.isNaN(ms)) throw new Error(`invalid time: ${String(at)}`);
    this.#ms = ms;
  }

  /** Moves time forward by milliseconds or a duration string ("1h", "89d"). */
  advance(by: number | string): Date {
    const ms = typeof by === "number" ? by : parseDuration(by);
    if (ms === undefined || ms < 0) throw new Error(`invalid duration: ${String(by)}`);
    this.#move(this.#ms + ms);
    return this.now();
  }

  #move(toMs: number): void {
    const fromMs = this.#ms;
    this.#ms = toMs;
    if (toMs !== fromMs) for (const listener of [...this.#listeners]) listener(fromMs, toMs);
  }
}
