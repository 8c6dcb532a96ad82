/** The 5 secret_policies tools end to end: MCP client -> server -> guard -> client -> mock vault. */
import { afterEach, describe, expect, it } from "vitest";
import { MASK } from "../../src/guard/mask.js";
import { connect, expectRefused, type Harness, requestsSeen, textOf } from "../helpers/harness.js";

let h: Harness;
afterEach(async () => h?.close());

describe("secret_policies tools", () => {
  it("lists, gets, lists types, creates and previews", async () => {
    h = await connect();
    const listed = await h.ok("scaivault_list_secret_policies", { policy_type: "password" });
    expect(listed.data.map((p: { id: string }) => p.id)).toEqual(["sp_db_passwords"]);
    const got = await h.ok("scaivault_get_secret_policy", { policy_id: "sp_db_passwords" });
    expect(got.fields[0]).toMatchObject({ name: "password", generator: "random", config: { length: 32 } });
    const types = await h.ok("scaivault_get_policy_types");
    expect(types.types.map((t: { policy_type: string }) => t.policy_type)).toEqual([
      "password",
      "api_key",
      "oauth_client",
      "ssh_key",
      "custom",
    ]);

    const created = await h.ok("scaivault_create_secret_policy", {
      name: "Partner API keys",
      policy_type: "api_key",
      fields: [
        { name: "api_key", generator: "template", config: { template: "pk_{{random:20}}" } },
        { name: "api_secret", generator: "hex", config: { length: 40 } },
      ],
    });
    expect(created).toMatchObject({ id: expect.stringMatching(/^sp_/), policy_type: "api_key", is_active: true });

    const preview = await h.ok("scaivault_generate_secret_preview", { policy_id: created.id });
    expect(preview.data.api_key).toMatch(/^pk_[A-Za-z0-9]{20}$/);
    expect(preview.data.api_secret).toMatch(/^[0-9a-f]{40}$/);
    const inline = await h.ok("scaivault_generate_secret_preview", { fields: [{ name: "token", generator: "uuid" }] });
    expect(inline).toMatchObject({ secret_policy_id: null, preview: true });
    expect(inline.data.token).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reports API errors and bad previews as error results", async () => {
    h = await connect();
    const missing = await h.call("scaivault_get_secret_policy", { policy_id: "sp_nope" });
    expect(textOf(missing)).toMatch(/^secret_policy_not_found: /);
    const neither = await h.call("scaivault_generate_secret_preview", {});
    expectRefused(neither, "invalid_arguments");
    expect(textOf(neither)).toBe("invalid_arguments: Give exactly one of: policy_id | fields.");
    const bad = await h.call("scaivault_create_secret_policy", {
      name: "x",
      policy_type: "password",
      fields: [{ name: "p", generator: "random", config: { charset: "numeric", require_symbol: true } }],
    });
    expect(textOf(bad)).toMatch(/^invalid_config: /);
  });

  it("READ_ONLY refuses create before the API; previews (read) still run", async () => {
    h = await connect({ readOnly: true });
    const before = requestsSeen(h.mock);
    expectRefused(
      await h.call("scaivault_create_secret_policy", {
        name: "x",
        policy_type: "custom",
        fields: [{ name: "x", generator: "hex" }],
      }),
      "read_only",
    );
    expect(requestsSeen(h.mock)).toBe(before);
    expect((await h.ok("scaivault_generate_secret_preview", { policy_id: "sp_session_keys" })).data.key).toHaveLength(
      48,
    );
  });

  it("MASK_VALUES masks generated values, keeps the keys", async () => {
    h = await connect({ maskValues: true });
    const preview = await h.ok("scaivault_generate_secret_preview", { policy_id: "sp_oauth_clients" });
    expect(preview.data).toEqual({ client_id: MASK, client_secret: MASK });
    const text = textOf(await h.call("scaivault_generate_secret_preview", { policy_id: "sp_deploy_keys" }));
    expect(text).not.toMatch(/PRIVATE KEY|ssh-ed25519/);
    expect(text).toContain('"private_key":"••••••"');
    // the recipe itself is not a secret
    expect((await h.ok("scaivault_get_secret_policy", { policy_id: "sp_db_passwords" })).fields[0].config.length).toBe(
      32,
    );
  });
});
