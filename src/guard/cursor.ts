import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const PREFIX = "sv1.";

/**
 * Without SCAIVAULT_CURSOR_KEY: one random key per process, shared by all its sessions (and by
 * every request in stateless mode), so a cursor works on any session of the process that issued
 * it and on no other process.
 */
const PROCESS_KEY = randomBytes(32);

/** The AES-256 key for a configured hex key (any length from 32 bytes), bound to this use by HKDF. */
function derive(hex: string): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(hex, "hex"), Buffer.alloc(0), "scaivault-mcp cursor seal v1", 32));
}

/**
 * Under a path window the vault's page cursors are sealed before the agent sees them: a cursor
 * often encodes the position of the last entry of the vault's page (a time, an id), and that
 * entry may be one the window hides. AES-256-GCM, so a sealed cursor is opaque and cannot be
 * forged or edited. Replicas behind a load balancer share the key (SCAIVAULT_CURSOR_KEY), so a
 * cursor sealed by one opens on another.
 */
export class CursorSeal {
  readonly #key: Buffer;

  /** @param keyHex SCAIVAULT_CURSOR_KEY (hex, checked by the config); absent: the process's random key. */
  constructor(keyHex?: string) {
    this.#key = keyHex ? derive(keyHex) : PROCESS_KEY;
  }

  seal(cursor: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    const body = Buffer.concat([cipher.update(cursor, "utf8"), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  }

  /** The vault's cursor, or undefined when `sealed` was not made with this key. */
  open(sealed: string): string | undefined {
    if (!sealed.startsWith(PREFIX)) return undefined;
    const raw = Buffer.from(sealed.slice(PREFIX.length), "base64url");
    if (raw.length < 28) return undefined;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    } catch {
      return undefined;
    }
  }
}
