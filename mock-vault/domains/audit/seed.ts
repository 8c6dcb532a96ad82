import type { MockVault } from "../stores.js";

/** Demo data of the audit domain (deterministic: vault.ids, vault.faker, vault.clock only). */
export function seedAudit(_vault: MockVault): void {}
