import type { StoreEnv } from "../../core/vault.js";
import type { PkiState } from "./records.js";
import { serialFrom } from "./x509.js";

/**
 * What every part of one tenant's PKI shares: its state (read through the store on every use,
 * since a restore replaces it), the clock and the seeded ids.
 */
export class PkiContext {
  constructor(
    readonly env: StoreEnv,
    private readonly store: { readonly state: PkiState },
  ) {}

  get state(): PkiState {
    return this.store.state;
  }

  now(): string {
    return this.env.vault.clock.iso();
  }

  nowMs(): number {
    return this.env.vault.clock.nowMs();
  }

  /** Now, truncated to whole seconds (X.509 times have second precision). */
  nowSeconds(offsetMs = 0): string {
    return new Date(Math.floor((this.nowMs() + offsetMs) / 1000) * 1000).toISOString();
  }

  /** Seed of a derived key. */
  seedHex(): string {
    return this.env.vault.ids.hex(48);
  }

  serial(): string {
    return serialFrom(this.env.vault.ids.hex(16));
  }

  crlUrl(caId: string): string {
    return `${this.env.vault.baseUrl}/v1/pki/ca/${caId}/crl`;
  }
}
