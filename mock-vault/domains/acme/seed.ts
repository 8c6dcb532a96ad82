import type { MockVault } from "../../vault.js";

/** Demo data of the acme domain (deterministic: vault.ids, vault.faker, vault.clock only). */
export function seedAcme(_vault: MockVault): void {}
