import type { TenantStores } from "../stores.js";

/**
 * A secret read as the API composes it, for a single read and each path of a batch alike: a
 * proxy-mode federation backend serves its paths (read through), the tenant's store the rest;
 * every read is announced (secret.accessed).
 */
export function readSecret(
  tenant: Pick<TenantStores, "secrets" | "federation">,
  path: string,
  version: number | undefined,
  actor: string | null,
) {
  const read = tenant.federation.proxiedSecret(path) ?? tenant.secrets.read(path, version);
  tenant.secrets.accessed(path, typeof read.version === "number" ? read.version : undefined, actor);
  return read;
}
