import { parseDuration } from "./duration.js";

/** The mock's only source of time: tests move it instead of sleeping. */
export class Clock {
  #ms: number;

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
    return new Date(this.#ms + offsetMs).toISOString();
  }

  set(at: Date | string | number): void {
    const ms = new Date(at).getTime();
    if (Number.isNaN(ms)) throw new Error(`invalid time: ${String(at)}`);
    this.#ms = ms;
  }

  /** Moves time forward by milliseconds or a duration string ("1h", "89d"). */
  advance(by: number | string): Date {
    const ms = typeof by === "number" ? by : parseDuration(by);
    if (ms === undefined || ms < 0) throw new Error(`invalid duration: ${String(by)}`);
    this.#ms += ms;
    return this.now();
  }
}
