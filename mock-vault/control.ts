import type { AuditEvent } from "./audit-log.js";
import type { FaultRule } from "./faults.js";
import type { TokenRecord } from "./tokens.js";
import { type MockVault, makeFaker } from "./vault.js";

/** A whole-vault snapshot: plain data, safe to keep and restore many times. Holds raw secrets. */
export interface VaultSnapshot {
  formatVersion: 1;
  seed: number;
  clock: string;
  ids: ReturnType<MockVault["ids"]["snapshot"]>;
  tokens: TokenRecord[];
  audit: AuditEvent[];
  tenants: [string, Record<string, unknown>][];
}

export function snapshotVault(vault: MockVault): VaultSnapshot {
  return structuredClone({
    formatVersion: 1 as const,
    seed: vault.seed,
    clock: vault.clock.iso(),
    ids: vault.ids.snapshot(),
    tokens: [...vault.tokens.values()],
    audit: vault.audit.events,
    tenants: [...vault.tenants].map(([id, stores]) => [
      id,
      Object.fromEntries(Object.entries(stores).map(([name, store]) => [name, (store as { state: unknown }).state])),
    ]),
  });
}

export function restoreVault(vault: MockVault, snapshot: VaultSnapshot): void {
  if (snapshot.formatVersion !== 1) throw new Error(`unsupported snapshot format ${String(snapshot.formatVersion)}`);
  const s = structuredClone(snapshot);
  vault.clock.set(s.clock);
  vault.ids.restore(s.ids);
  vault.faker = makeFaker(vault.seed, vault.clock.now());
  vault.tokens = new Map(s.tokens.map((t) => [t.token, t]));
  vault.audit.events = s.audit;
  vault.tenants.clear();
  for (const [id, states] of s.tenants) {
    const stores = vault.tenant(id) as Record<string, { state: unknown }>;
    for (const [name, state] of Object.entries(states)) if (stores[name]) stores[name].state = state;
  }
}

export type { FaultRule };
