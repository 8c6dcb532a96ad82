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

/** The catalog's tool of this name: other surfaces (resources, listings) are guarded as the tool doing the same. */
export function toolNamed(name: ToolDef["name"]): ToolDef {
  const def = catalog.find((t) => t.name === name);
  if (!def) throw new Error(`no tool named ${name} in the catalog`);
  return def;
}

export type { Access, PathArg, ToolDef, ToolSpec } from "./define.js";
