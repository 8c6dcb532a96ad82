import { z } from "zod";
import { ApiProblem } from "../../core/errors.js";
import { type RouteContext, withStatus } from "../../core/route.js";
import type { TokenRecord } from "../../core/tokens.js";
import { routesOf } from "../route.js";
import type { MockVault, TenantStores } from "../stores.js";
import { numberedPage } from "./paging.js";
import { IDENTITY_TYPES, type IdentityType, ROLES, type Role } from "./store.js";

// Documented (reference/identity): every path, query, scope and the 202 of sync; the list keys
// partners, users, members with total. The shapes past the cut of the page (tenants, groups,
// resolve, sync history, user roles) are this mock's choice; see docs/mock-vault.md, "Identity".

type Ctx = RouteContext<unknown, TenantStores>;

const denied = (message: string) => new ApiProblem(403, "tenant_access_denied", message);

/** The roles the caller acts with, from its own tenant's cache. */
const callerRoles = (vault: MockVault, identity: TokenRecord): Role[] =>
  vault.tenant(identity.tenant_id).identity.rolesOf(identity);

const reachesPartners = (roles: readonly Role[]) => roles.includes("super_admin");
const reachesTenants = (roles: readonly Role[]) => roles.includes("super_admin") || roles.includes("partner_admin");

/**
 * A tenant named in a path or query, by the rules of X-Tenant-ID: the caller's own, or one of its
 * partner's for a partner admin (any for a super admin). A caller that may reach other tenants is
 * told when one does not exist (404 tenant_not_found); any other caller gets 403 either way.
 */
function reachableTenant({ vault, identity, tenantId }: Ctx, asked: string): string {
  if (asked === identity.tenant_id || asked === tenantId) return asked;
  const roles = callerRoles(vault, identity);
  const partner = vault.tenantPartners.get(asked);
  if (partner === undefined && reachesTenants(roles))
    throw new ApiProblem(404, "tenant_not_found", `No tenant '${asked.slice(0, 80)}'.`);
  if (partner && (reachesPartners(roles) || (reachesTenants(roles) && partner === identity.partner_id))) return asked;
  throw denied(`No tenant '${asked.slice(0, 80)}' the token may reach.`);
}

/** The tenants the caller reaches, optionally of one partner. */
function reachableTenants({ vault, identity }: Ctx, partnerId: string | null): string[] {
  const roles = callerRoles(vault, identity);
  if (partnerId && partnerId !== identity.partner_id && !reachesPartners(roles))
    throw denied("The token does not belong to that partner.");
  if (!reachesTenants(roles)) return [identity.tenant_id];
  return [...vault.tenantPartners]
    .filter(([, partner]) =>
      partnerId ? partner === partnerId : reachesPartners(roles) || partner === identity.partner_id,
    )
    .map(([tenant]) => tenant)
    .sort();
}

function partnerView(vault: MockVault, id: string) {
  const known = vault.partners.get(id);
  return { ...(known ?? { id, name: id, slug: id, region: null, status: "ACTIVE", last_synced_at: null }) };
}

const byStatus = (query: URLSearchParams) => {
  const status = query.get("status")?.toUpperCase();
  return (record: { status: string }) => !status || record.status === status;
};

const RolesBody = z.object({ roles: z.array(z.string().min(1).max(64)).max(ROLES.length * 2) });

const { get, post, put } = routesOf("identity");

/** Routes of the identity cache (/v1/identity): translate HTTP <-> IdentityStore (one per tenant). */
export const identityRoutes = [
  get(
    "/v1/identity/partners",
    { scope: "identity:read", action: "identity_partner_list" },
    ({ vault, identity, query }) => {
      const ids = reachesPartners(callerRoles(vault, identity))
        ? [...vault.partners.keys()].sort()
        : [identity.partner_id];
      return numberedPage("partners", ids.map((id) => partnerView(vault, id)).filter(byStatus(query)), query);
    },
  ),
  get("/v1/identity/tenants", { scope: "identity:read", action: "identity_tenant_list" }, (ctx) => {
    const tenants = reachableTenants(ctx, ctx.query.get("partner_id")).map((id) =>
      ctx.vault.tenant(id).identity.tenantView(),
    );
    return numberedPage("tenants", tenants.filter(byStatus(ctx.query)), ctx.query);
  }),
  get("/v1/identity/tenants/:tenant/users", { scope: "identity:read", action: "identity_user_list" }, (ctx) => {
    const store = ctx.vault.tenant(reachableTenant(ctx, ctx.params.tenant!)).identity;
    const users = store.listUsers({ status: ctx.query.get("status") ?? undefined, q: ctx.query.get("q") ?? undefined });
    return numberedPage("users", users, ctx.query);
  }),
  get("/v1/identity/tenants/:tenant/groups", { scope: "identity:read", action: "identity_group_list" }, (ctx) =>
    numberedPage("groups", ctx.vault.tenant(reachableTenant(ctx, ctx.params.tenant!)).identity.listGroups(), ctx.query),
  ),
  get(
    "/v1/identity/groups/:group/members",
    { scope: "identity:read", action: "identity_member_list" },
    ({ tenant, params, query }) => numberedPage("members", tenant.identity.members(params.group!), query),
  ),
  get(
    "/v1/identity/resolve/:type/:id",
    { scope: "identity:read", action: "identity_resolve" },
    ({ tenant, params }) => {
      const type = params.type as IdentityType;
      if (!IDENTITY_TYPES.includes(type))
        throw new ApiProblem(400, "invalid_request", `identity_type must be one of ${IDENTITY_TYPES.join(", ")}.`);
      return tenant.identity.resolve(type, params.id!);
    },
  ),
  post("/v1/identity/sync", { scope: "identity:admin", action: "identity_sync" }, (ctx) => {
    const { vault, query } = ctx;
    const asked = query.get("tenant_id");
    const partnerId = query.get("partner_id");
    if (asked && partnerId && vault.tenantPartners.get(asked) !== partnerId)
      throw denied(`Tenant '${asked.slice(0, 80)}' is not a tenant of partner '${partnerId.slice(0, 80)}'.`);
    const tenants = asked ? [reachableTenant(ctx, asked)] : reachableTenants(ctx, partnerId);
    const startedAt = vault.clock.iso();
    const synced = { partners: 0, tenants: tenants.length, users: 0, groups: 0 };
    const partners = new Set<string>();
    for (const id of tenants) {
      const counts = vault.tenant(id).identity.refresh(startedAt);
      synced.users += counts.users;
      synced.groups += counts.groups;
      const partner = vault.partners.get(vault.tenantPartners.get(id) ?? "");
      if (partner) {
        partner.last_synced_at = startedAt;
        partners.add(partner.id);
      }
    }
    synced.partners = partners.size;
    const run = ctx.tenant.identity.record({
      sync_id: vault.ids.next("sync"),
      partner_id: partnerId,
      tenant_id: asked,
      requested_by: ctx.actor,
      started_at: startedAt,
      synced,
    });
    const { sync_id, status, started_at } = ctx.tenant.identity.syncView(run);
    return withStatus(202, { sync_id, status, started_at });
  }),
  get("/v1/identity/sync/history", { scope: "identity:read", action: "identity_sync_history" }, ({ tenant, query }) =>
    numberedPage("syncs", tenant.identity.syncHistory(), query),
  ),
  get("/v1/identity/roles", { scope: null, action: "identity_role_list" }, ({ vault, identity }) => {
    const roles = callerRoles(vault, identity);
    const assignable = (name: Role) =>
      roles.includes("super_admin") || (roles.includes("partner_admin") && name !== "super_admin");
    return { roles: ROLES.map((r) => ({ ...r, assignable: assignable(r.name) })) };
  }),
  get(
    "/v1/identity/users/:user/roles",
    { scope: "identity:read", action: "identity_roles_read" },
    ({ tenant, params }) => tenant.identity.userRoles(params.user!),
  ),
  put(
    "/v1/identity/users/:user/roles",
    { scope: "identity:admin", action: "identity_roles_update", body: RolesBody },
    ({ vault, tenant, params, body, identity }) =>
      tenant.identity.setRoles(params.user!, body.roles, {
        identity_id: identity.identity_id,
        roles: callerRoles(vault, identity),
      }),
  ),
];
