import { z } from "zod";
import type { AuditEvent } from "./core/audit-log.js";
import type { FaultRule } from "./core/faults.js";
import type { PartnerRecord } from "./core/partners.js";
import type { TokenRecord } from "./core/tokens.js";
import { makeFaker, type Vault } from "./core/vault.js";

/** A whole-vault snapshot: plain data, safe to keep and restore many times. Holds raw secrets. */
export interface VaultSnapshot {
  formatVersion: 1;
  seed: number;
  clock: string;
  ids: ReturnType<Vault<unknown>["ids"]["snapshot"]>;
  tokens: TokenRecord[];
  audit: AuditEvent[];
  tenants: [string, Record<string, unknown>][];
  /** Tenant -> partner (absent in snapshots from before it existed: then derived from the tokens). */
  tenantPartners?: [string, string][];
  /** The identity cache's partners (absent in older snapshots: then none are named). */
  partners?: [string, PartnerRecord][];
}

/** What restore checks before it touches anything: the frame of a snapshot, not every store's insides. */
const SnapshotFrame = z.object({
  formatVersion: z.literal(1, { error: "formatVersion must be 1 (a snapshot of this mock)" }),
  seed: z.number().int(),
  clock: z.iso.datetime({ offset: true }),
  ids: z.object({ state: z.number(), counters: z.array(z.tuple([z.string(), z.number()])) }),
  tokens: z.array(
    z.looseObject({
      token: z.string(),
      identity_id: z.string(),
      identity_type: z.string(),
      tenant_id: z.string(),
      partner_id: z.string(),
      scopes: z.array(z.string()),
    }),
  ),
  audit: z.array(z.looseObject({ id: z.string(), timestamp: z.string() })),
  tenants: z.array(z.tuple([z.string(), z.record(z.string(), z.unknown())])),
  tenantPartners: z.array(z.tuple([z.string(), z.string()])).optional(),
  partners: z.array(z.tuple([z.string(), z.looseObject({ id: z.string(), name: z.string() })])).optional(),
});

/** A snapshot that cannot be restored; the vault is left exactly as it was. */
export class SnapshotError extends Error {
  override name = "SnapshotError";
}

export function snapshotVault<S extends object>(vault: Vault<S>): VaultSnapshot {
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
    tenantPartners: [...vault.tenantPartners],
    partners: [...vault.partners],
  });
}

/**
 * Restores a snapshot, all or nothing: the frame is validated before anything is touched, and
 * applying a valid frame only assigns plain data (the clock moves without running its listeners).
 */
export function restoreVault<S extends object>(vault: Vault<S>, snapshot: unknown): void {
  const checked = SnapshotFrame.safeParse(snapshot);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const what = issue?.message.endsWith("received undefined") ? "missing" : issue?.message;
    throw new SnapshotError(`not a snapshot of this mock: ${issue?.path.join(".") || "snapshot"}: ${what}`);
  }
  apply(vault, structuredClone(snapshot as VaultSnapshot));
}

function apply<S extends object>(vault: Vault<S>, s: VaultSnapshot): void {
  vault.clock.restoreTo(s.clock);
  vault.ids.restore(s.ids);
  vault.faker = makeFaker(vault.seed, vault.clock.now());
  vault.tokens = new Map(s.tokens.map((t) => [t.token, t]));
  vault.tenantPartners = new Map(s.tenantPartners ?? s.tokens.map((t) => [t.tenant_id, t.partner_id]));
  vault.partners = new Map(s.partners ?? []);
  // Time-window queries bisect the log: it must be in time order whatever the snapshot holds.
  vault.audit.events = [...s.audit].sort((a, b) =>
    a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0,
  );
  vault.tenants.clear();
  for (const [id, states] of s.tenants) {
    const stores = vault.tenant(id) as unknown as Record<string, { state: unknown }>;
    for (const [name, state] of Object.entries(states)) if (stores[name]) stores[name].state = state;
  }
}

export type { FaultRule };
