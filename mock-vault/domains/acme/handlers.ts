import { http } from "msw";
import { z } from "zod";
import { badRequest } from "../../core/errors.js";
import { page } from "../../core/paging.js";
import { endpoint, type RouteContext, withStatus } from "../../core/pipeline.js";
import type { MockVault, TenantStores } from "../stores.js";
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

function oneOf<T extends string>(query: URLSearchParams, name: string, values: readonly T[]): T | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if ((values as readonly string[]).includes(raw)) return raw as T;
  throw badRequest("invalid_request", `${name} must be one of ${values.join(", ")}.`);
}

/** MSW routes of the acme API: translate HTTP <-> AcmeStore only. */
export function acmeHandlers(vault: MockVault) {
  const on = endpoint(vault);
  const base = `${vault.baseUrl}/v1/pki/acme`;
  /** ACME certificates live in the PKI store, which announces expiring ones. */
  const store = (ctx: RouteContext<unknown, TenantStores>) => {
    ctx.tenant.pki.certificates.sweep();
    return ctx.tenant.acme;
  };
  const spec = (scope: string, action: string, resourceType: string) => ({ scope, action, resourceType });
  const seg = (ctx: { segments: string[] }, index: number) => ctx.segments[index] as string;

  return [
    http.get(
      `${base}/accounts`,
      on(spec("pki:read", "acme_account_list", "acme_account"), async (ctx) => {
        const { items, cursor, has_more } = page(
          store(ctx).listAccounts({ provider: oneOf(ctx.query, "provider", ACME_PROVIDERS) }),
          ctx.query,
        );
        return { data: items, cursor, has_more };
      }),
    ),
    http.post(
      `${base}/accounts`,
      on({ ...spec("pki:admin", "acme_account_create", "acme_account"), body: AccountBody }, async (ctx) =>
        withStatus(201, store(ctx).createAccount(ctx.body, ctx.actor)),
      ),
    ),
    http.get(
      `${base}/accounts/:id`,
      on(spec("pki:read", "acme_account_read", "acme_account"), async (ctx) => store(ctx).getAccount(seg(ctx, 3))),
    ),

    http.get(
      `${base}/orders`,
      on(spec("pki:read", "acme_order_list", "acme_order"), async (ctx) => {
        const q = ctx.query;
        const list = store(ctx).listOrders({
          account_id: q.get("account_id") ?? undefined,
          status: oneOf(q, "status", ORDER_STATUSES),
        });
        const { items, cursor, has_more } = page(list, q);
        return { data: items, cursor, has_more };
      }),
    ),
    http.post(
      `${base}/orders`,
      on({ ...spec("pki:issue", "acme_order_create", "acme_order"), body: OrderBody }, async (ctx) =>
        withStatus(201, store(ctx).createOrder(ctx.body, ctx.actor)),
      ),
    ),
    http.get(
      `${base}/orders/:id`,
      on(spec("pki:read", "acme_order_read", "acme_order"), async (ctx) => store(ctx).getOrder(seg(ctx, 3))),
    ),
    http.post(
      `${base}/orders/:id/challenges/:challenge/complete`,
      on(spec("pki:issue", "acme_challenge_complete", "acme_order"), async (ctx) =>
        store(ctx).completeChallenge(seg(ctx, 3), seg(ctx, 5)),
      ),
    ),
    http.post(
      `${base}/orders/:id/finalize`,
      on(spec("pki:issue", "acme_order_finalize", "acme_order"), async (ctx) =>
        store(ctx).finalize(seg(ctx, 3), ctx.actor),
      ),
    ),
  ];
}
