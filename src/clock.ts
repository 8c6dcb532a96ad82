import type { Logger } from "./log.js";

/** Beyond this, a vault and a host disagreeing on the time is worth an operator's look. */
const SKEW_WARNING_MS = 60_000;

/**
 * The time the server works in, which the instructions tell the agent: it would otherwise read
 * "today" and "around 14:30" by its own calendar and zone. Always UTC; taken from the vault's
 * clock (GET /v1/health) once the vault has answered, from the host's until then.
 */
export class ServerClock {
  #offsetMs = 0;
  #fromVault = false;
  #reading: Promise<void> | undefined;

  /** `fixed`: a clock that stands still there (the mock vault's), never read from a vault. */
  constructor(
    private readonly fixed?: Date,
    private readonly hostNow: () => number = Date.now,
  ) {}

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date(this.hostNow() + this.#offsetMs);
  }

  /** Whether now() follows the vault's clock (else the host's, or a fixed one). */
  get fromVault(): boolean {
    return this.#fromVault;
  }

  /**
   * Reads the vault's time with `readVault` (its GET /v1/health timestamp), once: a reading in
   * flight is shared, one that failed leaves the host clock and is tried again on the next call.
   * Never throws, so callers can leave it running in the background.
   */
  calibrate(readVault: () => Promise<string | undefined>, log?: Logger): Promise<void> {
    if (this.fixed || this.#fromVault) return Promise.resolve();
    this.#reading ??= (async () => {
      try {
        const sentAt = this.hostNow();
        const vaultMs = Date.parse((await readVault()) ?? "");
        if (Number.isNaN(vaultMs)) return;
        // The vault stamped its answer about halfway through the round trip.
        this.#offsetMs = vaultMs - (sentAt + this.hostNow()) / 2;
        this.#fromVault = true;
        if (Math.abs(this.#offsetMs) > SKEW_WARNING_MS)
          log?.log("warn", "the vault's clock and this host's disagree; the agent is told the vault's", {
            vault_ahead_seconds: Math.round(this.#offsetMs / 1000),
          });
      } catch {
        // Unreachable now: the host clock stands, and the next call tries again.
      } finally {
        this.#reading = undefined;
      }
    })();
    return this.#reading;
  }

  /** The instructions' sentence on time, as of now. */
  sentence(): string {
    const now = this.now().toISOString().replace(".000Z", "Z");
    const when = this.fixed
      ? `The mock vault's clock stands still at ${now}`
      : `When this session began it was ${now} by ${this.#fromVault ? "the vault's clock" : "this server's clock"}`;
    return `The server works in UTC. ${when}: read "now", "today" and "around 14:30" in the user's questions by that date and time (in UTC unless the user names a zone), not by your own, and give times with Z or an offset.`;
  }
}
