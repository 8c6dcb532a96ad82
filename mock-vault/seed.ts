import { DEMO } from "./core/demo.js";
import { SCOPES } from "./core/tokens.js";
import { domainSeeders } from "./domains/seeders.js";
import type { MockVault } from "./domains/stores.js";

/**
 * Deterministic demo data: same seed, same vault. Reproduces the examples of the product page
 * (reporting-service secrets under integrations/, the 14:31 denied reads of
 * infra/db/primary/credentials by sa:report-runner).
 */
export function seedDemo(vault: MockVault): void {
  seedDemoTokens(vault);
  seedDemoData(vault);
}

/** The demo identities alone: what an empty vault (`demo: false`) still accepts. */
export function seedDemoTokens(vault: MockVault): void {
  const { tokens } = DEMO;
  const all = [...SCOPES];
  const today = vault.clock.iso().slice(0, 10);
  vault.addTenant(DEMO.stagingTenantId, DEMO.partnerId);
  vault.addToken({
    token: tokens.admin,
    identity_id: "user:ops@acme.example",
    identity_type: "user",
    tenant_id: DEMO.tenantId,
    partner_id: DEMO.partnerId,
    scopes: all,
  });
  vault.addToken({
    token: tokens.readOnly,
    identity_id: "user:auditor@acme.example",
    identity_type: "user",
    tenant_id: DEMO.tenantId,
    partner_id: DEMO.partnerId,
    scopes: ["secrets:read", "secrets:list", "audit:read", "policies:read"],
  });
  vault.addToken({
    token: tokens.reportRunner,
    identity_id: "sa:report-runner",
    identity_type: "service_account",
    tenant_id: DEMO.tenantId,
    partner_id: DEMO.partnerId,
    scopes: ["secrets:read", "secrets:list"],
  });
  vault.addToken({
    token: tokens.otherTenantAdmin,
    identity_id: "user:admin@globex.example",
    identity_type: "user",
    tenant_id: DEMO.otherTenantId,
    partner_id: "ptn_globex",
    scopes: all,
  });
  vault.addToken({
    token: tokens.partnerAdmin,
    identity_id: "user:partner-admin@acme.example",
    identity_type: "user",
    tenant_id: DEMO.tenantId,
    partner_id: DEMO.partnerId,
    scopes: all,
    partner_admin: true,
  });
  vault.addToken({
    token: tokens.expired,
    identity_id: "user:former@acme.example",
    identity_type: "user",
    tenant_id: DEMO.tenantId,
    partner_id: DEMO.partnerId,
    scopes: all,
    expires_at: `${today}T00:00:00.000Z`,
  });
}

function seedDemoData(vault: MockVault): void {
  const today = vault.clock.iso().slice(0, 10);
  const f = vault.faker;
  const secret = (n: number) => `mock-${vault.ids.chars(n)}`;
  const now = vault.clock.nowMs();
  const at = (daysAgo: number, fn: () => void) => {
    vault.clock.set(now - daysAgo * 86_400_000);
    fn();
  };
  const acme = vault.tenant(DEMO.tenantId).secrets;
  const put = (
    path: string,
    data: Record<string, unknown>,
    secret_type: "kv" | "json" | "api_key" = "kv",
    extra: { expires_in?: string; description?: string; owner?: string } = {},
  ) =>
    acme.write(
      path,
      {
        data,
        secret_type,
        metadata: acme.peek(path)
          ? undefined
          : {
              description: extra.description ?? `Credentials at ${path}`,
              owner: extra.owner ?? `team:${f.helpers.arrayElement(["platform", "integrations", "payments", "data"])}`,
              tags: [path.split("/")[0] as string],
            },
        options: extra.expires_in ? { expires_in: extra.expires_in } : undefined,
      },
      "user:ops@acme.example",
    );

  at(120, () =>
    put(
      "integrations/salesforce/oauth",
      { client_id: `3MVG9${vault.ids.chars(10)}`, client_secret: secret(32) },
      "json",
      { description: "Salesforce OAuth client for the reporting service", owner: "team:integrations" },
    ),
  );
  at(60, () =>
    put(
      "integrations/salesforce/oauth",
      { client_id: `3MVG9${vault.ids.chars(10)}`, client_secret: secret(32) },
      "json",
    ),
  );
  at(10, () =>
    put(
      "integrations/salesforce/oauth",
      { client_id: `3MVG9${vault.ids.chars(10)}`, client_secret: secret(32) },
      "json",
      { expires_in: "80d" },
    ),
  );
  at(90, () =>
    put("integrations/stripe/api-key", { key: `sk_test_mock_${vault.ids.chars(24)}` }, "api_key", {
      description: "Stripe API key (test mode) for billing reports",
      owner: "team:payments",
      expires_in: "100d",
    }),
  );
  at(200, () =>
    put(
      "infra/db/primary/credentials",
      { username: "app_primary", password: secret(24), host: "db.internal", port: "5432", database: "main" },
      "json",
      { description: "Primary Postgres credentials", owner: "team:platform" },
    ),
  );
  at(200, () =>
    put(
      "infra/db/replica/credentials",
      { username: "app_replica", password: secret(24), host: "db-replica.internal", port: "5432", database: "main" },
      "json",
      { description: "Read-replica Postgres credentials for reporting queries", owner: "team:platform" },
    ),
  );
  at(45, () =>
    put("infra/cache/redis", { password: secret(20), url: "redis://cache.internal:6379/0" }, "kv", {
      description: "Redis cache password and URL",
      owner: "team:platform",
      expires_in: "50d",
    }),
  );
  at(30, () =>
    put("apps/web/session-key", { key: secret(48) }, "kv", {
      description: "Session cookie signing key of the web app",
      owner: "team:web",
    }),
  );
  at(20, () =>
    put("apps/billing/webhook-secret", { secret: secret(32) }, "kv", {
      description: "Signing secret of the payment provider's billing webhooks",
      owner: "team:payments",
      expires_in: "25d",
    }),
  );
  at(400, () =>
    put("environments/production/smtp", { username: "mailer", password: secret(20), host: "smtp.internal" }, "json", {
      description: "SMTP relay login for production mail",
      owner: "team:platform",
      expires_in: "380d",
    }),
  );
  at(5, () =>
    put(
      "environments/staging/smtp",
      { username: "mailer-staging", password: secret(20), host: "smtp-staging.internal" },
      "json",
      { description: "SMTP relay login for staging mail", owner: "team:platform" },
    ),
  );
  vault.clock.set(now);
  vault
    .tenant(DEMO.otherTenantId)
    .secrets.write(
      "integrations/salesforce/oauth",
      { data: { client_id: "globex-client", client_secret: secret(32) }, secret_type: "json" },
      "user:admin@globex.example",
    );

  // The outage happened "today at 14:31": on a clock started earlier in the day, that is the day before.
  const outageDay =
    now >= Date.parse(`${today}T14:33:00.000Z`) ? today : new Date(now - 86_400_000).toISOString().slice(0, 10);
  seedAuditHistory(vault, outageDay);
  for (const seeder of domainSeeders) seeder(vault);
  vault.clock.set(now);
}

/** A day of ordinary traffic plus the outage example: three denied reads at 14:31:14, 14:31:45, 14:32:16. */
function seedAuditHistory(vault: MockVault, day: string): void {
  const f = vault.faker;
  // Each identity reads what its access policies allow (see domains/access-policies/seed.ts), so
  // the only denials of the day are the outage example below.
  const reads: [string, string[]][] = [
    ["user:ops@acme.example", ["infra/cache/redis", "infra/db/replica/credentials", "integrations/salesforce/oauth"]],
    ["user:auditor@acme.example", ["integrations/salesforce/oauth", "integrations/stripe/api-key"]],
    ["sa:report-runner", ["integrations/salesforce/oauth", "integrations/stripe/api-key"]],
    ["sa:billing-worker", ["integrations/stripe/api-key", "apps/billing/webhook-secret"]],
    ["sa:web-frontend", ["apps/web/session-key"]],
  ];
  const events: { ts: string; actor: string; path: string; outcome: "success" | "denied"; action: string }[] = [];
  for (let i = 0; i < 60; i++) {
    const minute = f.number.int({ min: 6 * 60, max: 14 * 60 + 25 });
    const ts = `${day}T${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}:${String(f.number.int({ min: 0, max: 59 })).padStart(2, "0")}.000Z`;
    const [actor, paths] = f.helpers.arrayElement(reads);
    events.push({ ts, actor, path: f.helpers.arrayElement(paths), outcome: "success", action: "read" });
  }
  for (const time of ["14:31:14", "14:31:45", "14:32:16"])
    events.push({
      ts: `${day}T${time}.000Z`,
      actor: "sa:report-runner",
      path: "infra/db/primary/credentials",
      outcome: "denied",
      action: "read",
    });
  events.sort((a, b) => a.ts.localeCompare(b.ts));
  for (const e of events) {
    vault.audit.append({
      id: vault.ids.next("aud"),
      timestamp: e.ts,
      tenant_id: DEMO.tenantId,
      actor: e.actor,
      actor_type: e.actor.startsWith("sa:") ? "service_account" : "user",
      action: e.action,
      method: "GET",
      resource_type: "secret",
      path: e.path,
      outcome: e.outcome,
      status: e.outcome === "denied" ? 403 : 200,
      error_code: e.outcome === "denied" ? "access_denied" : null,
      request_id: vault.ids.next("req", 16),
      source_ip: e.actor.startsWith("sa:") ? "10.20.0.14" : "10.10.4.2",
    });
  }
}
