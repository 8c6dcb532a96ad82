import { z } from "zod";
import { badRequest } from "../../core/errors.js";
import { page } from "../../core/paging.js";
import { flag, oneOf } from "../../core/query.js";
import { withStatus } from "../../core/route.js";
import { routesOf } from "../route.js";
import { PROVIDER_TYPES } from "./store.js";

// Documented (reference/dns-providers, tutorials/acme-wildcard-cert): the base path, the types,
// their credential fields, POST's body (name, provider_type, credentials, managed_zones, verify)
// and its answer's id and is_active. The list, get, update and delete endpoints and the scopes
// are past the cut of the page: REST over /v1/dns/providers/{id}, with the PKI scopes the ACME
// tutorial's token holds (pki:read to read, pki:admin to change).

const Name = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "1-63 of a-z, 0-9, '-' and '_'");
const Credentials = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/), z.string().min(1).max(8192));
const Config = z.record(z.string().max(64), z.unknown());
const Zones = z.array(z.string().min(1).max(253)).min(1).max(100);

const CreateBody = z.object({
  name: Name,
  provider_type: z.enum(PROVIDER_TYPES),
  config: Config.optional(),
  credentials: Credentials,
  managed_zones: Zones,
  is_active: z.boolean().optional(),
  verify: z.boolean().optional(),
});

const UpdateBody = z.object({
  name: Name.optional(),
  provider_type: z.string().optional(),
  config: Config.optional(),
  credentials: Credentials.optional(),
  managed_zones: Zones.optional(),
  is_active: z.boolean().optional(),
  verify: z.boolean().optional(),
});

const { get, post, patch, del } = routesOf("dns_provider");

/** Routes of the DNS providers API (/v1/dns/providers): translate HTTP <-> DnsProvidersStore. */
export const dnsRoutes = [
  get("/v1/dns/providers", { scope: "pki:read", action: "dns_provider_list" }, ({ tenant, query }) =>
    page(
      "data",
      tenant.dnsProviders.list({
        provider_type: oneOf(query, "provider_type", PROVIDER_TYPES),
        is_active: flag(query, "is_active"),
      }),
      query,
    ),
  ),
  post(
    "/v1/dns/providers",
    { scope: "pki:admin", action: "dns_provider_create", body: CreateBody },
    ({ tenant, body, actor }) => withStatus(201, tenant.dnsProviders.create(body, actor)),
  ),
  get("/v1/dns/providers/:id", { scope: "pki:read", action: "dns_provider_read" }, ({ tenant, params }) =>
    tenant.dnsProviders.get(params.id!),
  ),
  patch(
    "/v1/dns/providers/:id",
    { scope: "pki:admin", action: "dns_provider_update", body: UpdateBody },
    ({ tenant, params, body }) => {
      const { provider_type, ...update } = body;
      const current = tenant.dnsProviders.get(params.id!);
      if (provider_type !== undefined && provider_type !== current.provider_type)
        throw badRequest("invalid_request", "provider_type cannot change: create a provider of the new type.", {
          field: "provider_type",
        });
      return tenant.dnsProviders.update(current.id, update);
    },
  ),
  del("/v1/dns/providers/:id", { scope: "pki:admin", action: "dns_provider_delete" }, ({ tenant, params }) => {
    tenant.dnsProviders.remove(params.id!);
  }),
];
