/**
 * A partner as the vault knows it: the top of the tenancy model (partner -> tenants ->
 * identities), mirrored from ScaiKey into the identity cache. Tenants live in their own stores;
 * a partner spans them, so it is kept beside the tenant -> partner map of the vault.
 */
export interface PartnerRecord {
  id: string;
  name: string;
  slug: string;
  region: string | null;
  /** ScaiKey's word: ACTIVE, SUSPENDED, DELETED. */
  status: string;
  last_synced_at: string | null;
}
