/**
 * The tenant path prefix of core-concepts/multi-tenancy: `/v1/t/{tenant_id}/...` is the request
 * `/v1/...` in that tenant, "equivalent to" the X-Tenant-ID header and first in priority, so the
 * prefix replaces any header. The pipeline then decides it as it decides the header (partner
 * admin, a tenant of the caller's partner).
 */
const PREFIX = /^\/v1\/t\/([^/]+)(\/.+)$/;

/** The request as the vault routes it: unchanged unless its path carries the tenant prefix. */
export function withoutTenantPrefix(request: Request, url: URL): { request: Request; url: URL } {
  const match = PREFIX.exec(url.pathname);
  if (!match) return { request, url };
  const [, tenant, rest] = match as unknown as [string, string, string];
  const routed = new URL(url);
  routed.pathname = `/v1${rest}`;
  const headers = new Headers(request.headers);
  headers.set("X-Tenant-ID", decodeURIComponent(tenant));
  const init: RequestInit & { duplex?: "half" } = { method: request.method, headers, signal: request.signal };
  if (request.body !== null) {
    init.body = request.body;
    init.duplex = "half";
  }
  return { request: new Request(routed, init), url: routed };
}
