/**
 * Logging for a process whose stdout belongs to the protocol: everything goes to stderr, one line
 * per event, with the server's credentials and anything that looks like one redacted (src/redact.ts).
 */
import { Redactor } from "./redact.js";

export type Level = "debug" | "info" | "warn" | "error";

export interface Logger {
  log(level: Level, message: string, fields?: Record<string, unknown>): void;
  /** Registers a string that must never be printed (the vault token, the HTTP token). */
  redact(secret: string | undefined): void;
}

export function createLogger(
  write: (line: string) => void = (line) => process.stderr.write(line),
  quiet = false,
): Logger {
  const redactor = new Redactor();
  return {
    redact(secret) {
      redactor.add(secret);
    },
    log(level, message, fields) {
      if (quiet && level !== "error") return;
      const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
      write(`${redactor.text(line)}\n`);
    },
  };
}

/** A logger that drops everything (library default: embedding hosts choose their own). */
export const silentLogger: Logger = { log() {}, redact() {} };
