import type { MockVault } from "../../vault.js";

/** Demo data of the dynamic domain (deterministic: vault.ids, vault.faker, vault.clock only). */
export function seedDynamic(_vault: MockVault): void {}
