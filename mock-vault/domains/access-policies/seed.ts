import type { MockVault } from "../../vault.js";

/** Demo data of the access policies domain (deterministic: vault.ids, vault.faker, vault.clock only). */
export function seedAccessPolicies(_vault: MockVault): void {}
