import { describe, expect, it } from "vitest";
import { CursorSeal } from "../../src/guard/cursor.js";

const KEY_A = "a1".repeat(32);
const KEY_B = "b2".repeat(32);
const VAULT_CURSOR = "2026-05-17T14:32:16.000Z|aud_0001";

describe("CursorSeal", () => {
  it("opens on any seal holding the same configured key (replicas), and never shows the vault's cursor", () => {
    const sealed = new CursorSeal(KEY_A).seal(VAULT_CURSOR);
    expect(sealed).toMatch(/^sv1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(Buffer.from(VAULT_CURSOR).toString("base64url").slice(0, 12));
    expect(new CursorSeal(KEY_A).open(sealed)).toBe(VAULT_CURSOR);
    // Hex is read as bytes: the same key in capitals is the same key.
    expect(new CursorSeal(KEY_A.toUpperCase()).open(sealed)).toBe(VAULT_CURSOR);
  });

  it("refuses a cursor sealed with another key, or with the process key when one is configured", () => {
    const sealed = new CursorSeal(KEY_A).seal(VAULT_CURSOR);
    expect(new CursorSeal(KEY_B).open(sealed)).toBeUndefined();
    expect(new CursorSeal().open(sealed)).toBeUndefined();
    expect(new CursorSeal(KEY_A).open(new CursorSeal().seal(VAULT_CURSOR))).toBeUndefined();
  });

  it("without a configured key, every seal of the process shares one random key (sessions, stateless requests)", () => {
    expect(new CursorSeal().open(new CursorSeal().seal(VAULT_CURSOR))).toBe(VAULT_CURSOR);
  });

  it("refuses forged, edited and truncated cursors", () => {
    const seal = new CursorSeal(KEY_A);
    const sealed = seal.seal(VAULT_CURSOR);
    const flipped = `${sealed.slice(0, 10)}${sealed[10] === "A" ? "B" : "A"}${sealed.slice(11)}`;
    for (const bad of [flipped, sealed.slice(0, 30), "sv1.", `sv1.${"A".repeat(60)}`, VAULT_CURSOR, ""])
      expect(seal.open(bad), bad).toBeUndefined();
  });
});
