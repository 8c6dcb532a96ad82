import { DEMO } from "../../core/demo.js";
import type { MockVault } from "../stores.js";

/**
 * Demo rotation policies, attached so that at the demo "now" some secrets are overdue
 * (infra/db/* on the quarterly policy, infra/cache/redis on the monthly one), some due right now
 * (integrations/stripe/api-key, apps/web/session-key) and some upcoming.
 */
export function seedRotation(vault: MockVault): void {
  const tenant = vault.tenant(DEMO.tenantId);
  const store = tenant.rotation;
  const now = vault.clock.nowMs();
  const at = (daysAgo: number) => vault.clock.set(now - daysAgo * 86_400_000);

  at(365);
  store.create(
    {
      name: "quarterly",
      description: "Every 90 days; the automation writes the new value (event-driven).",
      interval: "90d",
      grace_period: "48h",
      warn_before: "7d,1d",
    },
    "rot_quarterly",
  );
  at(300);
  store.create(
    {
      name: "monthly",
      description: "Every 30 days, values generated from the secret's policy.",
      interval: "30d",
      grace_period: "24h",
      warn_before: "7d,1d",
      auto_generate: true,
    },
    "rot_monthly",
  );
  at(100);
  store.create(
    {
      name: "weekly-webhooks",
      description: "Webhook signing secrets, weekly.",
      interval: "7d",
      grace_period: "48h",
      warn_before: "1d",
      auto_generate: true,
      secret_policy_id: "sp_webhook_secrets",
    },
    "rot_weekly",
  );

  const attach = (policyId: string, path: string) => {
    const secret = tenant.secrets.peek(path);
    if (!secret) return;
    vault.clock.set(secret.updated_at); // attached as part of the last write: updated_at stays
    store.attach(policyId, path);
  };
  attach("rot_quarterly", "infra/db/primary/credentials");
  attach("rot_quarterly", "infra/db/replica/credentials");
  attach("rot_quarterly", "integrations/stripe/api-key");
  attach("rot_monthly", "integrations/salesforce/oauth");
  attach("rot_monthly", "infra/cache/redis");
  attach("rot_monthly", "apps/web/session-key");
  attach("rot_weekly", "apps/billing/webhook-secret");
  vault.clock.set(now);
}
