import type { MockVault } from "../../vault.js";

/** Demo data of the rotation domain (deterministic: vault.ids, vault.faker, vault.clock only). */
export function seedRotation(_vault: MockVault): void {}
