import type { MockVault } from "../../vault.js";

/** Demo data of the subscriptions domain (deterministic: vault.ids, vault.faker, vault.clock only). */
export function seedSubscriptions(_vault: MockVault): void {}
