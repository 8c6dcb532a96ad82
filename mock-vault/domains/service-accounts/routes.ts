import { z } from "zod";
import { page } from "../../core/paging.js";
import { withStatus } from "../../core/route.js";
import { hasScope, SCOPES } from "../../core/tokens.js";
import { routesOf } from "../route.js";
import { NAME } from "./store.js";

// Assumed REST shape (no ScaiVault reference page for service accounts; see store.ts).
const Scopes = z.array(z.enum(SCOPES)).max(SCOPES.length);

const CreateBody = z.object({
  name: z.string().regex(NAME, "2-63 characters of a-z, 0-9 and '-'"),
  description: z.string().max(500).optional(),
  scopes: Scopes.optional(),
});

const UpdateBody = z
  .object({
    description: z.string().max(500).nullable().optional(),
    scopes: Scopes.optional(),
    status: z.enum(["active", "disabled"]).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), "give at least one of description, scopes, status");

const KeyBody = z.object({
  name: z.string().min(1).max(100).optional(),
  expires_in: z.string().max(32).optional(),
});

const { get, post, patch, del } = routesOf("service_account");

/** Routes of the service accounts API (/v1/service-accounts): translate HTTP <-> ServiceAccountsStore. */
export const serviceAccountsRoutes = [
  get("/v1/service-accounts", { scope: "identity:read", action: "service_account_list" }, ({ tenant, query }) => {
    return page("data", tenant.serviceAccounts.list(), query);
  }),
  post(
    "/v1/service-accounts",
    { scope: "identity:admin", action: "service_account_create", body: CreateBody },
    ({ tenant, body, identity }) => withStatus(201, tenant.serviceAccounts.create(body, identity, identity.partner_id)),
  ),
  // With policies:read, the access policies bound to the account (directly or through a group) come along.
  get(
    "/v1/service-accounts/:id",
    { scope: "identity:read", action: "service_account_read" },
    ({ tenant, params, identity }) => {
      const account = tenant.serviceAccounts.get(params.id!);
      if (!hasScope(identity, "policies:read")) return account;
      return { ...account, policies: tenant.accessPolicies.boundTo(account.identity_id) };
    },
  ),
  patch(
    "/v1/service-accounts/:id",
    { scope: "identity:admin", action: "service_account_update", body: UpdateBody },
    ({ tenant, params, body, identity }) => tenant.serviceAccounts.update(params.id!, body, identity),
  ),
  del(
    "/v1/service-accounts/:id",
    { scope: "identity:admin", action: "service_account_delete" },
    ({ tenant, params, identity }) => tenant.serviceAccounts.remove(params.id!, identity),
  ),
  get(
    "/v1/service-accounts/:id/keys",
    { scope: "identity:read", action: "api_key_list", resourceType: "api_key" },
    ({ tenant, params, query }) => {
      return page("data", tenant.serviceAccounts.listKeys(params.id!), query);
    },
  ),
  post(
    "/v1/service-accounts/:id/keys",
    { scope: "identity:admin", action: "api_key_create", resourceType: "api_key", body: KeyBody },
    ({ tenant, params, body, identity }) =>
      withStatus(201, tenant.serviceAccounts.createKey(params.id!, body, identity)),
  ),
  del(
    "/v1/service-accounts/:id/keys/:keyId",
    { scope: "identity:admin", action: "api_key_delete", resourceType: "api_key" },
    ({ tenant, params, identity }) => tenant.serviceAccounts.deleteKey(params.id!, params.keyId!, identity),
  ),
];
