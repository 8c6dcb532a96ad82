import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const PREFIX = "sv1.";

/**
 * Under a path window the vault's page cursors are sealed before the agent sees them: a cursor
 * often encodes the position of the last entry of the vault's page (a time, an id), and that
 * entry may be one the window hides. AES-256-GCM with a key that lives only in this server
 * instance, so a sealed cursor is opaque and cannot be forged or edited.
 */
export class CursorSeal {
  readonly #key = randomBytes(32);

  seal(cursor: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    const body = Buffer.concat([cipher.update(cursor, "utf8"), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  }

  /** The vault's cursor, or undefined when `sealed` was not made by this instance. */
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
