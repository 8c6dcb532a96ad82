import { DEMO } from "../../core/demo.js";
import type { MockVault } from "../stores.js";
import type { SecretPolicyInput } from "./store.js";

/** Demo secret policies; the ones whose recipe matches a seeded secret's shape are linked to it. */
export function seedSecretPolicies(vault: MockVault): void {
  const tenant = vault.tenant(DEMO.tenantId);
  const store = tenant.secretPolicies;
  const now = vault.clock.nowMs();
  const seed = (daysAgo: number, id: string, input: SecretPolicyInput, linkTo: string[] = []) => {
    vault.clock.set(now - daysAgo * 86_400_000);
    store.create(input, id);
    for (const path of linkTo) {
      const secret = tenant.secrets.peek(path);
      if (!secret) continue;
      vault.clock.set(secret.updated_at); // linking is seeded as part of the last write: updated_at stays
      tenant.secrets.link(path, { secret_policy_id: id });
    }
  };
  const strong = {
    length: 32,
    charset: "safe",
    require_upper: true,
    require_lower: true,
    require_digit: true,
    require_symbol: true,
  };

  seed(300, "sp_db_passwords", {
    name: "Database Passwords",
    description: "Strong 32-char passwords for database users",
    policy_type: "password",
    fields: [{ name: "password", generator: "random", config: strong }],
  });
  seed(
    250,
    "sp_stripe_keys",
    {
      name: "Stripe-style API keys",
      description: "sk_test_mock_ prefixed keys for payment integrations",
      policy_type: "api_key",
      fields: [{ name: "key", generator: "template", config: { template: "sk_test_mock_{{random:24}}" } }],
    },
    ["integrations/stripe/api-key"],
  );
  seed(
    200,
    "sp_session_keys",
    {
      name: "Session signing keys",
      description: "48-char alphanumeric keys for web session signing",
      policy_type: "custom",
      fields: [{ name: "key", generator: "random", config: { length: 48, charset: "alphanumeric" } }],
    },
    ["apps/web/session-key"],
  );
  seed(
    200,
    "sp_webhook_secrets",
    {
      name: "Webhook signing secrets",
      description: "64 hex chars (256 bits) for HMAC webhook signatures",
      policy_type: "custom",
      fields: [{ name: "secret", generator: "hex", config: { length: 64 } }],
    },
    ["apps/billing/webhook-secret"],
  );
  seed(120, "sp_oauth_clients", {
    name: "OAuth clients",
    description: "UUID client ids with 40-char secrets",
    policy_type: "oauth_client",
    fields: [
      { name: "client_id", generator: "uuid", config: { version: 4 } },
      {
        name: "client_secret",
        generator: "random",
        config: { length: 40, charset: "alphanumeric", require_digit: true },
      },
    ],
  });
  seed(60, "sp_deploy_keys", {
    name: "Deploy SSH keys",
    description: "ed25519 deploy keys",
    policy_type: "ssh_key",
    fields: [
      { name: "private_key", generator: "ssh_keypair", config: { key_type: "ed25519", comment: "deploy@acme" } },
    ],
  });
  vault.clock.set(now);
}
