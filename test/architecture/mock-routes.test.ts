/**
 * The mock's routes are data (mock-vault/domains/routes.ts): one table, one audit action scheme.
 * The audit actions follow the ScaiVault audit reference where it names one (GET /v1/audit/logs,
 * "Actions": read, write, delete, list, rotate, policy_*, pki_issue, pki_revoke, pki_ca_create,
 * dynamic_*, federation_sync, ...); the mock's own actions for other endpoints use the same
 * snake_case <resource>_<verb> form.
 */
import { describe, expect, it } from "vitest";
import type { RawRoute, Route } from "../../mock-vault/core/route.js";
import { RouteTable } from "../../mock-vault/core/route-table.js";
import { domainRoutes } from "../../mock-vault/domains/routes.js";

const routes = domainRoutes.filter((r): r is Route<unknown> => "spec" in r);
const action = (method: string, path: string) =>
  routes.find((r) => r.method === method && r.path === path)?.spec.action;

describe("mock routes", () => {
  it("compile into one table, each method and path once", () => {
    expect(() => new RouteTable(domainRoutes as (Route<unknown> | RawRoute<unknown>)[])).not.toThrow();
    const keys = domainRoutes.map((r) => `${r.method} ${r.path}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it("name their audit actions in one snake_case scheme, bare verbs only for secrets", () => {
    for (const { method, path, spec } of routes) {
      expect(spec.action, `${method} ${path}`).toMatch(/^[a-z]+(_[a-z]+)*$/);
      // Rotate-now of a rotation policy rotates its secrets: audited as the reference's "rotate" too.
      if (
        ["read", "write", "delete", "list", "rotate"].includes(spec.action) &&
        path !== "/v1/rotation/policies/:id/rotate"
      )
        expect(spec.resourceType, `${method} ${path}: a bare verb is a secret operation`).toBe("secret");
    }
  });

  it("use the reference's action names for the operations it names", () => {
    expect(action("GET", "/v1/secrets")).toBe("list");
    expect(action("GET", "/v1/secrets/:path(.*)")).toBe("read");
    expect(action("PUT", "/v1/secrets/:path(.*)")).toBe("write");
    expect(action("DELETE", "/v1/secrets/:path(.*)")).toBe("delete");
    expect(action("POST", "/v1/secrets/:path(.*)")).toBe("rotate");
    expect(action("POST", "/v1/rotation/policies/:id/rotate")).toBe("rotate");
    expect(action("POST", "/v1/policies")).toBe("policy_create");
    expect(action("PUT", "/v1/policies/:id")).toBe("policy_update");
    expect(action("DELETE", "/v1/policies/:id")).toBe("policy_delete");
    expect(action("POST", "/v1/policies/:id/bindings")).toBe("policy_bind");
    expect(action("DELETE", "/v1/policies/:id/bindings/:bindingId")).toBe("policy_unbind");
    expect(action("POST", "/v1/pki/issue/:role")).toBe("pki_issue");
    expect(action("POST", "/v1/pki/certificates/:id/revoke")).toBe("pki_revoke");
    expect(action("POST", "/v1/pki/ca")).toBe("pki_ca_create");
    expect(action("POST", "/v1/dynamic/engines/:engine/creds/:role")).toBe("dynamic_generate");
    expect(action("POST", "/v1/dynamic/leases/:id/renew")).toBe("dynamic_renew");
    expect(action("DELETE", "/v1/dynamic/leases/:id")).toBe("dynamic_revoke");
    expect(action("POST", "/v1/federation/backends/:id/sync")).toBe("federation_sync");
  });
});
