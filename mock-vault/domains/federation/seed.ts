import type { MockVault } from "../../vault.js";

/** Demo data of the federation domain (deterministic: vault.ids, vault.faker, vault.clock only). */
export function seedFederation(_vault: MockVault): void {}
