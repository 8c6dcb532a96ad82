import { z } from "zod";
import { page } from "../../core/paging.js";
import { oneOf } from "../../core/query.js";
import { type RouteContext, withStatus } from "../../core/route.js";
import { routesOf } from "../route.js";
import type { TenantStores } from "../stores.js";
import { ACME_ENVIRONMENTS, ACME_PROVIDERS, CHALLENGE_TYPES, ORDER_STATUSES } from "./store.js";

// Documented: POST /v1/pki/acme/accounts (name, provider, environment, email, directory_url). Not found in
// the docs, shapes chosen here (RFC 8555 vocabulary): account list/get, orders (create/list/get),
// POST /v1/pki/acme/orders/{id}/challenges/{challenge_id}/complete and POST /v1/pki/acme/orders/{id}/finalize.
// Scopes follow the ACME tutorial (pki:issue + pki:admin): admin registers accounts, issue drives orders.

const AccountBody = z.object({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "1-64 of letters, digits, '.', '_' and '-'"),
  provider: z.enum(ACME_PROVIDERS),
  environment: z.enum(ACME_ENVIRONMENTS).optional(),
  email: z.email().max(254),
  directory_url: z
    .url({ protocol: /^https$/ })
    .max(2048)
    .optional(),
});

const OrderBody = z.object({
  account_id: z.string().min(1).max(64),
  identifiers: z.array(z.string().min(1).max(253)).min(1).max(100),
  challenge_type: z.enum(CHALLENGE_TYPES).optional(),
  dns_provider_id: z.string().max(64).optional(),
});

/** ACME certificates live in the PKI store, which announces expiring ones first. */
const acme = (ctx: RouteContext<unknown, TenantStores>) => {
  ctx.tenant.pki.certificates.sweep();
  return ctx.tenant.acme;
};

const { get, post } = routesOf("acme_order");

/** Routes of the ACME API (/v1/pki/acme): translate HTTP <-> AcmeStore. */
export const acmeRoutes = [
  get(
    "/v1/pki/acme/accounts",
    { scope: "pki:read", action: "acme_account_list", resourceType: "acme_account" },
    async (ctx) => {
      return page(
        "data",
        acme(ctx).listAccounts({ provider: oneOf(ctx.query, "provider", ACME_PROVIDERS) }),
        ctx.query,
      );
    },
  ),
  post(
    "/v1/pki/acme/accounts",
    { scope: "pki:admin", action: "acme_account_create", resourceType: "acme_account", body: AccountBody },
    async (ctx) => withStatus(201, acme(ctx).createAccount(ctx.body, ctx.actor)),
  ),
  get(
    "/v1/pki/acme/accounts/:id",
    { scope: "pki:read", action: "acme_account_read", resourceType: "acme_account" },
    async (ctx) => acme(ctx).getAccount(ctx.params.id!),
  ),

  get("/v1/pki/acme/orders", { scope: "pki:read", action: "acme_order_list" }, async (ctx) => {
    const q = ctx.query;
    const list = acme(ctx).listOrders({
      account_id: q.get("account_id") ?? undefined,
      status: oneOf(q, "status", ORDER_STATUSES),
    });
    return page("data", list, q);
  }),
  post("/v1/pki/acme/orders", { scope: "pki:issue", action: "acme_order_create", body: OrderBody }, async (ctx) =>
    withStatus(201, acme(ctx).createOrder(ctx.body, ctx.actor)),
  ),
  get("/v1/pki/acme/orders/:id", { scope: "pki:read", action: "acme_order_read" }, async (ctx) =>
    acme(ctx).getOrder(ctx.params.id!),
  ),
  post(
    "/v1/pki/acme/orders/:id/challenges/:challenge/complete",
    { scope: "pki:issue", action: "acme_challenge_complete" },
    async (ctx) => acme(ctx).completeChallenge(ctx.params.id!, ctx.params.challenge!),
  ),
  post("/v1/pki/acme/orders/:id/finalize", { scope: "pki:issue", action: "acme_order_finalize" }, async (ctx) =>
    acme(ctx).finalize(ctx.params.id!, ctx.actor),
  ),
];
