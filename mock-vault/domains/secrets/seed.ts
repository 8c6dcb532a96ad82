import { DEMO } from "../../core/demo.js";
import type { MockVault } from "../stores.js";

/**
 * Demo secrets, written as if over months (the clock is put back after each write), plus one
 * secret of the other tenant. Reproduces the product page's reporting-service secrets under
 * integrations/.
 */
export function seedSecrets(vault: MockVault): void {
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
}
