/**
 * The tenant path prefix of core-concepts/multi-tenancy: `/v1/t/{tenant_id}/...` is the request
 * `/v1/...` in that tenant, "equivalent to" the X-Tenant-ID header and first in priority, so the
 * prefix replaces any header. The pipeline then decides it as it decides the header (partner
 * admin, a tenant of the caller's partner).
 */
import { LightRequest, type VaultHeaders, type VaultRequest } from "./vault-request.js";

const PREFIX = /^\/v1\/t\/([^/]+)(\/.+)$/;

/** The request as the vault routes it: unchanged unless its path carries the tenant prefix. */
export function withoutTenantPrefix(request: VaultRequest, url: URL): { request: VaultRequest; url: URL } {
  const match = PREFIX.exec(url.pathname);
  if (!match) return { request, url };
  const [, tenant, rest] = match as unknown as [string, string, string];
  const routed = new URL(url);
  routed.pathname = `/v1${rest}`;
  const headers = new WithTenant(request.headers, headerValue(decodeURIComponent(tenant)));
  return {
    request: new LightRequest(request.method, routed, headers, () => request.text(), request.signal),
    url: routed,
  };
}

/** The request's headers with X-Tenant-ID set. */
class WithTenant implements VaultHeaders {
  constructor(
    readonly inner: VaultHeaders,
    readonly tenant: string,
  ) {}

  get(name: string): string | null {
    return name.toLowerCase() === "x-tenant-id" ? this.tenant : this.inner.get(name);
  }
}

/** A space or tab at either end, or a byte a header cannot hold. */
const UNPLAIN = /^[\t ]|[\t ]$|[\0\n\r\u0100-\uffff]/;

/** The value as Headers.set keeps it: trimmed, or refused with its TypeError. */
function headerValue(value: string): string {
  if (!UNPLAIN.test(value)) return value;
  return new Headers([["x-tenant-id", value]]).get("x-tenant-id") as string;
}
