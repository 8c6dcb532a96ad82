import type { MockVault } from "../../vault.js";

/** Demo data of the service accounts domain (deterministic: vault.ids, vault.faker, vault.clock only). */
export function seedServiceAccounts(_vault: MockVault): void {}
