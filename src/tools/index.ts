/** The catalog: every tool of every group, in one list. */

import { accessPoliciesTools } from "./access-policies.js";
import { acmeTools } from "./acme.js";
import { auditTools } from "./audit.js";
import type { ToolDef } from "./define.js";
import { dynamicTools } from "./dynamic.js";
import { federationTools } from "./federation.js";
import { pkiTools } from "./pki.js";
import { rotationTools } from "./rotation.js";
import { secretPoliciesTools } from "./secret-policies.js";
import { secretsTools } from "./secrets.js";
import { serviceAccountsTools } from "./service-accounts.js";
import { subscriptionsTools } from "./subscriptions.js";

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

export type { Access, PathArg, ToolDef, ToolSpec } from "./define.js";
