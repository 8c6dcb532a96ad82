const UNDERSCORE = 95;

/** Seeded identifiers: the same seed gives the same ids in the same order (mulberry32 PRNG). */
export class Ids {
  #state: number;
  #counters = new Map<string, number>();

  constructor(seed: number) {
    this.#state = seed >>> 0 || 1;
  }

  /** A float in [0, 1). */
  random(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Random characters from an alphabet (default lowercase base32). */
  chars(length: number, alphabet = "abcdefghijkmnpqrstuvwxyz23456789"): string {
    return this.#codes([], length, alphabet);
  }

  /** `prefix_xxxxxxxxxxxx`, e.g. lease_4kq2…; unique per vault. */
  next(prefix: string, length = 12): string {
    const codes: number[] = [];
    for (let i = 0; i < prefix.length; i++) codes.push(prefix.charCodeAt(i));
    codes.push(UNDERSCORE);
    return this.#codes(codes, length, "abcdefghijkmnpqrstuvwxyz23456789");
  }

  /**
   * Appends `length` random characters to `codes` and makes one flat string of them: built with
   * `+=`, a string of 13 or more characters is a rope of one node per character, and the audit
   * log holds two ids per entry.
   */
  #codes(codes: number[], length: number, alphabet: string): string {
    for (let i = 0; i < length; i++) codes.push(alphabet.charCodeAt(Math.floor(this.random() * alphabet.length)));
    return String.fromCharCode(...codes);
  }

  /** A monotonically increasing number per name (serials, sequence numbers). */
  counter(name: string): number {
    const n = (this.#counters.get(name) ?? 0) + 1;
    this.#counters.set(name, n);
    return n;
  }

  hex(bytes: number): string {
    return this.chars(bytes * 2, "0123456789abcdef");
  }

  snapshot(): { state: number; counters: [string, number][] } {
    return { state: this.#state, counters: [...this.#counters] };
  }

  restore(s: { state: number; counters: [string, number][] }): void {
    this.#state = s.state;
    this.#counters = new Map(s.counters);
  }
}
