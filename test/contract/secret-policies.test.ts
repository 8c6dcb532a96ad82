/**
 * Contract: the Secret Policies client against the mock vault, endpoint by endpoint. Responses
 * must parse with the client's wire schemas (src/client/schemas/secret-policies.ts).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createMockVault } from "../../mock-vault/index.js";
import { createClient } from "../../src/client/index.js";
import {
  PolicyTypes,
  SecretPolicy,
  SecretPolicyList,
  SecretPreview,
} from "../../src/client/schemas/secret-policies.js";
import { Secret, SecretRotated } from "../../src/client/schemas/secrets.js";

const mock = createMockVault({ seed: 42 });
const client = createClient({ baseUrl: mock.baseUrl, token: mock.tokens.admin, fetch: mock.fetch, maxRetries: 0 });
const reader = createClient({ baseUrl: mock.baseUrl, token: mock.tokens.readOnly, fetch: mock.fetch, maxRetries: 0 });
beforeEach(() => mock.reset());

const storeState = () => JSON.stringify(mock.state.tenant(mock.tenantId).secretPolicies.state);

describe("secret policies API contract", () => {
  it("GET /v1/secret-policies lists the seeded recipes, filters by type and pages", async () => {
    const all = SecretPolicyList.parse(await client.secretPolicies.list());
    expect(all.data.map((p) => p.id)).toEqual([
      "sp_db_passwords",
      "sp_stripe_keys",
      "sp_session_keys",
      "sp_webhook_secrets",
      "sp_oauth_clients",
      "sp_deploy_keys",
    ]);
    expect(all.data[0]).toMatchObject({
      name: "Database Passwords",
      policy_type: "password",
      fields: [
        { name: "password", generator: "random", config: { length: 32, charset: "safe", require_symbol: true } },
      ],
    });
    const passwords = SecretPolicyList.parse(await client.secretPolicies.list({ policy_type: "password" }));
    expect(passwords.data.map((p) => p.id)).toEqual(["sp_db_passwords"]);
    const page1 = SecretPolicyList.parse(await client.secretPolicies.list({ limit: 4 }));
    expect(page1).toMatchObject({ has_more: true });
    const page2 = SecretPolicyList.parse(
      await client.secretPolicies.list({ limit: 4, cursor: page1.cursor as string }),
    );
    expect(page2.data.map((p) => p.id)).toEqual(["sp_oauth_clients", "sp_deploy_keys"]);
    expect(page2.has_more).toBe(false);
  });

  it("GET /v1/secret-policies/types lists the five documented types", async () => {
    const types = PolicyTypes.parse(await client.secretPolicies.types());
    expect(types.types.map((t) => t.policy_type)).toEqual(["password", "api_key", "oauth_client", "ssh_key", "custom"]);
    expect(types.types.find((t) => t.policy_type === "oauth_client")?.typical_fields).toEqual([
      "client_id",
      "client_secret",
    ]);
  });

  it("GET /v1/secret-policies/{id}, 404 secret_policy_not_found", async () => {
    expect(SecretPolicy.parse(await client.secretPolicies.get("sp_oauth_clients")).fields.map((f) => f.name)).toEqual([
      "client_id",
      "client_secret",
    ]);
    await expect(client.secretPolicies.get("sp_nope")).rejects.toMatchObject({
      status: 404,
      code: "secret_policy_not_found",
    });
  });

  it("POST /v1/secret-policies creates (201), PATCH updates, DELETE removes", async () => {
    const created = SecretPolicy.parse(
      await client.secretPolicies.create({
        name: "Redis passwords",
        policy_type: "password",
        fields: [{ name: "password", generator: "random", config: { length: 24, charset: "alphanumeric" } }],
      }),
    );
    expect(created).toMatchObject({ id: expect.stringMatching(/^sp_/), is_active: true, description: "" });
    expect(SecretPolicy.parse(await client.secretPolicies.get(created.id)).name).toBe("Redis passwords");
    const updated = SecretPolicy.parse(
      await client.secretPolicies.update(created.id, { description: "for cache", is_active: false }),
    );
    expect(updated).toMatchObject({ description: "for cache", is_active: false });
    expect((await client.secretPolicies.list()).data.map((p) => p.id)).not.toContain(created.id);
    expect((await client.secretPolicies.list({ include_inactive: true })).data.map((p) => p.id)).toContain(created.id);
    await client.secretPolicies.delete(created.id);
    await expect(client.secretPolicies.get(created.id)).rejects.toMatchObject({ code: "secret_policy_not_found" });
  });

  it("refuses bad recipes: 422 on shape, 400 invalid_config on generator config", async () => {
    await expect(
      client.secretPolicies.create({ name: "x", policy_type: "password", fields: [{ name: "p", generator: "nope" }] }),
    ).rejects.toMatchObject({ status: 422, code: "validation_error" });
    await expect(
      client.secretPolicies.create({ name: "x", policy_type: "weird", fields: [{ name: "p", generator: "hex" }] }),
    ).rejects.toMatchObject({
      status: 422,
    });
    await expect(
      client.secretPolicies.create({
        name: "x",
        policy_type: "password",
        fields: [{ name: "p", generator: "random", config: { charset: "numeric", require_upper: true } }],
      }),
    ).rejects.toMatchObject({ status: 400, code: "invalid_config" });
  });

  it("DELETE refuses a policy still linked to a secret (409 secret_policy_in_use)", async () => {
    await expect(client.secretPolicies.delete("sp_stripe_keys")).rejects.toMatchObject({
      status: 409,
      code: "secret_policy_in_use",
    });
    await expect(client.secretPolicies.delete("sp_webhook_secrets")).rejects.toMatchObject({ status: 409 });
  });

  it("POST /v1/secret-policies/{id}/preview generates per the recipe and stores nothing", async () => {
    const before = storeState();
    const secretsBefore = Secret.parse(await client.secrets.read("integrations/stripe/api-key"));
    const preview = SecretPreview.parse(await client.secretPolicies.preview("sp_db_passwords"));
    expect(preview).toMatchObject({ secret_policy_id: "sp_db_passwords", policy_type: "password", preview: true });
    const password = preview.data.password as string;
    expect(password).toHaveLength(32);
    for (const cls of [/[A-Z]/, /[a-z]/, /[0-9]/, /[-_.~]/]) expect(password).toMatch(cls);
    expect(/^[A-Za-z0-9_.~-]+$/.test(password)).toBe(true);
    const again = SecretPreview.parse(await client.secretPolicies.preview("sp_db_passwords"));
    expect(again.data.password).not.toBe(password);
    expect(storeState()).toBe(before);
    expect((await client.secrets.read("integrations/stripe/api-key")).version).toBe(secretsBefore.version);
    await expect(client.secretPolicies.preview("sp_nope")).rejects.toMatchObject({ code: "secret_policy_not_found" });
  });

  it("POST /v1/secret-policies/preview tries an unsaved recipe", async () => {
    const preview = SecretPreview.parse(
      await client.secretPolicies.previewFields({
        fields: [
          { name: "client_id", generator: "uuid" },
          { name: "client_secret", generator: "template", config: { template: "cs_{{hex:16}}" } },
          { name: "private_key", generator: "ssh_keypair" },
        ],
      }),
    );
    expect(preview.secret_policy_id).toBeNull();
    expect(Object.keys(preview.data).sort()).toEqual(["client_id", "client_secret", "private_key", "public_key"]);
    expect(preview.data.client_secret).toMatch(/^cs_[0-9a-f]{16}$/);
    await expect(
      client.secretPolicies.previewFields({
        fields: [{ name: "x", generator: "template", config: { template: "{{nope}}" } }],
      }),
    ).rejects.toMatchObject({
      code: "invalid_config",
    });
  });

  it("previews are deterministic per seed", async () => {
    const a = createMockVault({ seed: 9 });
    const b = createMockVault({ seed: 9 });
    const get = (m: typeof a) =>
      createClient({ baseUrl: m.baseUrl, token: m.tokens.admin, fetch: m.fetch, maxRetries: 0 }).secretPolicies.preview(
        "sp_oauth_clients",
      );
    expect((await get(a)).data).toEqual((await get(b)).data);
  });

  it("secret rotation uses the secret's secret_policy_id", async () => {
    const rotated = SecretRotated.parse(await client.secrets.rotate("integrations/stripe/api-key"));
    expect(rotated.data.key).toMatch(/^sk_test_mock_[A-Za-z0-9]{24}$/);
    const webhook = SecretRotated.parse(await client.secrets.rotate("apps/billing/webhook-secret"));
    expect(webhook.data.secret).toMatch(/^[0-9a-f]{64}$/);
  });

  it("needs policies:read to read and policies:write to create", async () => {
    expect((await reader.secretPolicies.list()).data.length).toBeGreaterThan(0);
    await expect(
      reader.secretPolicies.create({ name: "x", policy_type: "custom", fields: [{ name: "x", generator: "hex" }] }),
    ).rejects.toMatchObject({
      status: 403,
      code: "insufficient_scope",
    });
    const runner = createClient({
      baseUrl: mock.baseUrl,
      token: mock.tokens.reportRunner,
      fetch: mock.fetch,
      maxRetries: 0,
    });
    await expect(runner.secretPolicies.list()).rejects.toMatchObject({ code: "insufficient_scope" });
  });
});
