/** The MSW handlers of every API area, in routing order. */
import type { HttpHandler } from "msw";
import { accessPoliciesHandlers } from "./access-policies/handlers.js";
import { acmeHandlers } from "./acme/handlers.js";
import { auditHandlers } from "./audit/handlers.js";
import { authHandlers } from "./auth/handlers.js";
import { dynamicHandlers } from "./dynamic/handlers.js";
import { federationHandlers } from "./federation/handlers.js";
import { pkiHandlers } from "./pki/handlers.js";
import { rotationHandlers } from "./rotation/handlers.js";
import { secretPoliciesHandlers } from "./secret-policies/handlers.js";
import { secretsHandlers } from "./secrets/handlers.js";
import { serviceAccountsHandlers } from "./service-accounts/handlers.js";
import type { MockVault } from "./stores.js";
import { subscriptionsHandlers } from "./subscriptions/handlers.js";

export function domainHandlers(vault: MockVault): HttpHandler[] {
  return [
    ...authHandlers(vault),
    ...secretsHandlers(vault),
    ...secretPoliciesHandlers(vault),
    ...accessPoliciesHandlers(vault),
    ...rotationHandlers(vault),
    ...serviceAccountsHandlers(vault),
    ...pkiHandlers(vault),
    ...acmeHandlers(vault),
    ...dynamicHandlers(vault),
    ...federationHandlers(vault),
    ...subscriptionsHandlers(vault),
    ...auditHandlers(vault),
  ];
}
