/**
 * Logging for a process whose stdout belongs to the protocol: everything goes to stderr, one line
 * per event, with the token and anything that looks like a bearer credential redacted.
 */
/** From the most to the least severe; a logger set to one level writes it and those before it. */
export const LEVELS = ["error", "warn", "info", "debug"] as const;
export type Level = (typeof LEVELS)[number];

export interface Logger {
  log(level: Level, message: string, fields?: Record<string, unknown>): void;
  /** Registers a string that must never be printed (the vault token, the HTTP token). */
  redact(secret: string | undefined): void;
}

const CREDENTIAL = /\b((?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]+/gi;
const TOKENISH = /\b(skt|scai_live|scai_test)_[A-Za-z0-9_]+/g;

/**
 * Text with the given secrets and anything shaped like a credential (an Authorization value, a
 * ScaiVault token) replaced by [redacted]. For log lines, and for vault-supplied error text.
 */
export function redactText(text: string, secrets: Iterable<string> = []): string {
  let out = text.replace(CREDENTIAL, "$1[redacted]").replace(TOKENISH, "[redacted]");
  for (const s of secrets) if (s) out = out.split(s).join("[redacted]");
  return out;
}

export function createLogger(
  write: (line: string) => void = (line) => process.stderr.write(line),
  /** The least severe level written (SCAIVAULT_LOG_LEVEL for the CLI). */
  verbosity: Level = "debug",
): Logger {
  const threshold = LEVELS.indexOf(verbosity);
  const secrets = new Set<string>();
  const clean = (text: string) => redactText(text, secrets);
  return {
    redact(secret) {
      if (secret && secret.length >= 4) secrets.add(secret);
    },
    log(level, message, fields) {
      if (LEVELS.indexOf(level) > threshold) return;
      const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
      write(`${clean(line)}\n`);
    },
  };
}

/** A logger that drops everything (library default: embedding hosts choose their own). */
export const silentLogger: Logger = { log() {}, redact() {} };
