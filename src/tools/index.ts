/** The catalog: every tool of every group, in one list. */
import type { ToolDef } from "./define.js";
import { secretsTools } from "./secrets.js";
import { secretPoliciesTools } from "./secret-policies.js";
import { accessPoliciesTools } from "./access-policies.js";
import { rotationTools } from "./rotation.js";
import { serviceAccountsTools } from "./service-accounts.js";
import { pkiTools } from "./pki.js";
import { acmeTools } from "./acme.js";
import { dynamicTools } from "./dynamic.js";
import { federationTools } from "./federation.js";
import { subscriptionsTools } from "./subscriptions.js";
import { auditTools } from "./audit.js";

export const catalog: readonly ToolDef[] = [
  ...secretsTools,
  ...secretPoliciesTools,
  ...accessPoliciesTools,
  ...rotationTools,
  ...serviceAccountsTools,
  ...pkiTools,
  ...acmeTools,
  ...dynamicTools,
  ...federationTools,
  ...subscriptionsTools,
  ...auditTools,
];

export type { ToolDef, ToolSpec, Access, PathArg } from "./define.js";
