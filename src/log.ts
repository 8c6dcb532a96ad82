/**
 * Logging for a process whose stdout belongs to the protocol: everything goes to stderr, one line
 * per event, with the server's credentials and anything that looks like one redacted (src/redact.ts).
 */
import { LEVELS, type Level } from "./levels.js";
import { Redactor } from "./redact.js";

export { LEVELS, type Level };

export interface Logger {
  log(level: Level, message: string, fields?: Record<string, unknown>): void;
  /** Registers a string that must never be printed (the vault token, the HTTP token). */
  redact(secret: string | undefined): void;
}

export function createLogger(
  write: (line: string) => void = (line) => process.stderr.write(line),
  /** The least severe level written (SCAIVAULT_LOG_LEVEL for the CLI). */
  verbosity: Level = "debug",
): Logger {
  const threshold = LEVELS.indexOf(verbosity);
  const redactor = new Redactor();
  return {
    redact(secret) {
      redactor.add(secret);
    },
    log(level, message, fields) {
      if (LEVELS.indexOf(level) > threshold) return;
      const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
      write(`${redactor.text(line)}\n`);
    },
  };
}

/** A logger that drops everything (library default: embedding hosts choose their own). */
export const silentLogger: Logger = { log() {}, redact() {} };

/** What a warning may say about an error: its code or class name, never a message that could carry data. */
export function errorName(error: unknown): string {
  if (error && typeof error === "object" && "code" in error && typeof error.code === "string") return error.code;
  return error instanceof Error ? error.name : "unknown";
}
