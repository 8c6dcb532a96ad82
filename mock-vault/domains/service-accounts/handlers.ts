import { http } from "msw";
import { z } from "zod";
import { page } from "../../core/paging.js";
import { endpoint, withStatus } from "../../core/pipeline.js";
import { SCOPES } from "../../core/tokens.js";
import type { MockVault } from "../stores.js";
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

/** MSW routes of the service accounts API: translate HTTP <-> ServiceAccountsStore only. */
export function serviceAccountsHandlers(vault: MockVault) {
  const on = endpoint(vault);
  const base = `${vault.baseUrl}/v1/service-accounts`;
  const read = (action: string) => ({ scope: "identity:read", action, resourceType: "service_account" });
  const admin = (action: string) => ({ scope: "identity:admin", action, resourceType: "service_account" });
  return [
    http.get(
      base,
      on(read("service_account_list"), ({ tenant, query }) => {
        const { items, cursor, has_more } = page(tenant.serviceAccounts.list(), query);
        return { data: items, cursor, has_more };
      }),
    ),
    http.post(
      base,
      on({ ...admin("service_account_create"), body: CreateBody }, ({ tenant, body, identity }) =>
        withStatus(201, tenant.serviceAccounts.create(body, identity, identity.partner_id)),
      ),
    ),
    http.get(
      `${base}/:id`,
      on(read("service_account_read"), ({ tenant, segments }) => tenant.serviceAccounts.get(segments[1] as string)),
    ),
    http.patch(
      `${base}/:id`,
      on({ ...admin("service_account_update"), body: UpdateBody }, ({ tenant, segments, body, identity }) =>
        tenant.serviceAccounts.update(segments[1] as string, body, identity),
      ),
    ),
    http.delete(
      `${base}/:id`,
      on(admin("service_account_delete"), ({ tenant, segments, identity }) =>
        tenant.serviceAccounts.remove(segments[1] as string, identity),
      ),
    ),
    http.get(
      `${base}/:id/keys`,
      on({ ...read("api_key_list"), resourceType: "api_key" }, ({ tenant, segments, query }) => {
        const { items, cursor, has_more } = page(tenant.serviceAccounts.listKeys(segments[1] as string), query);
        return { data: items, cursor, has_more };
      }),
    ),
    http.post(
      `${base}/:id/keys`,
      on(
        { ...admin("api_key_create"), resourceType: "api_key", body: KeyBody },
        ({ tenant, segments, body, identity }) =>
          withStatus(201, tenant.serviceAccounts.createKey(segments[1] as string, body, identity)),
      ),
    ),
    http.delete(
      `${base}/:id/keys/:keyId`,
      on({ ...admin("api_key_delete"), resourceType: "api_key" }, ({ tenant, segments, identity }) =>
        tenant.serviceAccounts.deleteKey(segments[1] as string, segments[3] as string, identity),
      ),
    ),
  ];
}
