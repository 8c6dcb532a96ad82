import type { MockVault } from "../../vault.js";

/** Demo data of the pki domain (deterministic: vault.ids, vault.faker, vault.clock only). */
export function seedPki(_vault: MockVault): void {}
