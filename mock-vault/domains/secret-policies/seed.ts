import type { MockVault } from "../../vault.js";

/** Demo data of the secret policies domain (deterministic: vault.ids, vault.faker, vault.clock only). */
export function seedSecretPolicies(_vault: MockVault): void {}
