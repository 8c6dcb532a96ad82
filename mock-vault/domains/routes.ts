/** Every route of the API, domain by domain (routes are data: see core/route.ts). */
import type { RawRoute } from "../core/route.js";
import { accessPoliciesRoutes } from "./access-policies/routes.js";
import { acmeRoutes } from "./acme/routes.js";
import { auditRoutes } from "./audit/routes.js";
import { exchangeRoute } from "./auth/exchange.js";
import { issuerRoutes } from "./auth/issuer-routes.js";
import { authRoutes } from "./auth/routes.js";
import { dnsRoutes } from "./dns/routes.js";
import { dynamicRoutes } from "./dynamic/routes.js";
import { federationRoutes } from "./federation/routes.js";
import { identityRoutes } from "./identity/routes.js";
import { scaikeyWebhookRoute } from "./identity/scaikey-webhook.js";
import { pkiRoutes } from "./pki/routes.js";
import { rotationRoutes } from "./rotation/routes.js";
import type { DomainRoute } from "./route.js";
import { secretPoliciesRoutes } from "./secret-policies/routes.js";
import { secretsRoutes } from "./secrets/routes.js";
import { serviceAccountsRoutes } from "./service-accounts/routes.js";
import type { TenantStores } from "./stores.js";
import { subscriptionsRoutes } from "./subscriptions/routes.js";
import { systemRoutes } from "./system/routes.js";
import { webhooksRoutes } from "./webhooks/routes.js";

export const domainRoutes: (DomainRoute | RawRoute<TenantStores>)[] = [
  ...systemRoutes,
  ...authRoutes,
  exchangeRoute,
  ...issuerRoutes,
  ...secretsRoutes,
  ...secretPoliciesRoutes,
  ...accessPoliciesRoutes,
  ...rotationRoutes,
  ...serviceAccountsRoutes,
  ...pkiRoutes,
  ...acmeRoutes,
  ...dynamicRoutes,
  ...federationRoutes,
  ...subscriptionsRoutes,
  ...auditRoutes,
  ...identityRoutes,
  scaikeyWebhookRoute,
  ...dnsRoutes,
  ...webhooksRoutes,
];
