/**
 * Capability under a path window: every tool that grants or mints access (API keys, service
 * accounts and their scopes, access policies, dynamic credentials) either shows from the vault
 * that the grant lies inside the window or is refused before anything is created. The window is
 * the issue's: ALLOWED_PATHS=integrations, DENIED_PATHS=integrations/stripe, masking off. Control
 * runs without a window show each grant would have been made (and that the key so minted reads
 * the denied secret straight from the vault).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ConfigInput } from "../../src/config.js";
import { connect, expectRefused, type Harness, textOf } from "../helpers/harness.js";
import { connectRewriting } from "../helpers/rewriting.js";

const WINDOW: Partial<ConfigInput> = { allowedPaths: ["integrations"], deniedPaths: ["integrations/stripe"] };
const STRIPE = "integrations/stripe/api-key";

let h: Harness;
afterEach(async () => h?.close());

/** Requests of a kind the server sent to the vault since the harness opened. */
const sent = (method: string, path: RegExp) => h.sent.filter((r) => r.method === method && path.test(r.url.pathname));

/** Calls the mock vault directly as its demo admin (setting up what the demo data lacks). */
async function asAdmin(method: string, path: string, body?: unknown): Promise<any> {
  const response = await h.mock.fetch(
    new Request(`${h.mock.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${h.mock.tokens.admin}`, "Content-Type": "application/json" },
      body: body === undefined ? null : JSON.stringify(body),
    }),
  );
  expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
  return response.json();
}

describe("scaivault_create_api_key", () => {
  it("control, no window: a key for billing-worker is minted in clear and reads the Stripe key from the vault", async () => {
    h = await connect();
    const created = await h.ok("scaivault_create_api_key", { service_account_id: "billing-worker" });
    const read = await h.mock.fetch(
      new Request(`${h.mock.baseUrl}/v1/secrets/${STRIPE}`, { headers: { Authorization: `Bearer ${created.key}` } }),
    );
    expect(read.status).toBe(200);
  });

  it("under the window: refused, the account's policy reads integrations/stripe/*, and no key is created", async () => {
    h = await connect(WINDOW);
    const result = await h.call("scaivault_create_api_key", { service_account_id: "billing-worker" });
    expectRefused(result, "grant_outside_window");
    expect(textOf(result)).toContain("integrations/stripe/*");
    expect(sent("POST", /\/keys$/)).toEqual([]);
    expect((await asAdmin("GET", "/v1/service-accounts/billing-worker")).api_key_count).toBe(1);
  });

  it("refused too for report-runner, whose integrations/** reaches the denied prefix", async () => {
    h = await connect(WINDOW);
    expectRefused(
      await h.call("scaivault_create_api_key", { service_account_id: "report-runner" }),
      "grant_outside_window",
    );
  });

  it("inside a window that holds all the account's policies: the key is minted", async () => {
    h = await connect({ allowedPaths: ["apps/web"] });
    // web-frontend: apps/web/** read/list, and the automation group's deny rule (which grants nothing).
    const created = await h.ok("scaivault_create_api_key", { service_account_id: "web-frontend", name: "k" });
    expect(created.key).toMatch(/^svk_mock_/);
  });

  it("a vault that does not name the bound policies leaves the grant unproven: refused", async () => {
    const r = await connectRewriting(
      (path, method, body) =>
        method === "POST" && path === "/v1/policies/test" ? { ...body, bound_policies: undefined } : body,
      { allowedPaths: ["apps/web"] },
    );
    try {
      const result = await r.call("scaivault_create_api_key", { service_account_id: "web-frontend" });
      expect(result._meta?.["scaivault/code"]).toBe("grant_outside_window");
      expect(textOf(result as never)).toContain("did not say which policies are bound");
    } finally {
      await r.close();
    }
  });
});

describe("a proof the vault cannot give", () => {
  it("a bound policy that cannot be read, or a dry run the vault does not offer: refused, not reported as a missing account", async () => {
    for (const broken of [/^\/v1\/policies\/pol_web_frontend$/, /^\/v1\/policies\/test$/]) {
      const r = await connectRewriting(
        (path, _method, body) =>
          broken.test(path) ? Response.json({ error: { code: "not_found", message: "gone" } }, { status: 404 }) : body,
        { allowedPaths: ["apps/web"] },
      );
      try {
        const result = await r.call("scaivault_create_api_key", { service_account_id: "web-frontend" });
        expect(result._meta?.["scaivault/code"], String(broken)).toBe("grant_outside_window");
        expect(textOf(result as never)).toContain("could not be read from the vault (not_found)");
      } finally {
        await r.close();
      }
    }
  });
});

describe("scaivault_create_service_account", () => {
  it("control, no window: an account with policies:write is created", async () => {
    h = await connect();
    await h.ok("scaivault_create_service_account", { name: "wide-svc", scopes: ["secrets:read", "policies:write"] });
  });

  it("under the window: scopes the window cannot bound are refused before the account exists", async () => {
    h = await connect(WINDOW);
    for (const scopes of [["policies:write"], ["admin"], ["secrets:read", "federation:write"], ["identity:admin"]]) {
      const result = await h.call("scaivault_create_service_account", { name: "wide-svc", scopes });
      expectRefused(result, "grant_outside_window");
      expect(textOf(result)).toContain(scopes.at(-1) as string);
    }
    expect(sent("POST", /^\/v1\/service-accounts$/)).toEqual([]);
  });

  it("under the window: a name already bound to a policy reaching outside it is refused", async () => {
    h = await connect(WINDOW);
    // A binding waiting for the identity sa:ghost-svc, made before the account exists.
    await asAdmin("POST", "/v1/policies", {
      name: "ghost",
      rules: [{ path_pattern: "infra/**", permissions: ["read"] }],
    }).then((p) =>
      asAdmin("POST", `/v1/policies/${p.id}/bindings`, {
        identity_type: "service_account",
        identity_id: "sa:ghost-svc",
      }),
    );
    const result = await h.call("scaivault_create_service_account", { name: "ghost-svc", scopes: ["secrets:read"] });
    expectRefused(result, "grant_outside_window");
    expect(textOf(result)).toContain("infra/**");
    expect(sent("POST", /^\/v1\/service-accounts$/)).toEqual([]);
  });

  it("under the window: a fresh name with secret scopes is created", async () => {
    h = await connect(WINDOW);
    const created = await h.ok("scaivault_create_service_account", { name: "fresh-svc", scopes: ["secrets:read"] });
    expect(created.identity_id).toBe("sa:fresh-svc");
  });
});

describe("scaivault_update_service_account", () => {
  it("control, no window: billing-worker gets new scopes", async () => {
    h = await connect();
    await h.ok("scaivault_update_service_account", { service_account_id: "billing-worker", scopes: ["secrets:read"] });
  });

  it("under the window: new scopes for an account whose policy reaches the denied prefix are refused, unchanged", async () => {
    h = await connect(WINDOW);
    const result = await h.call("scaivault_update_service_account", {
      service_account_id: "billing-worker",
      scopes: ["secrets:read"],
    });
    expectRefused(result, "grant_outside_window");
    expect(sent("PATCH", /service-accounts/)).toEqual([]);
  });

  it("under the window: reactivation is a grant too; a description change is not", async () => {
    h = await connect(WINDOW);
    expectRefused(
      await h.call("scaivault_update_service_account", { service_account_id: "billing-worker", status: "active" }),
      "grant_outside_window",
    );
    await h.ok("scaivault_update_service_account", { service_account_id: "billing-worker", status: "disabled" });
    await h.ok("scaivault_update_service_account", {
      service_account_id: "billing-worker",
      description: "queue worker",
    });
  });

  it("under a window holding the account's policies: wider scopes are still refused, secret scopes granted", async () => {
    h = await connect({ allowedPaths: ["apps/web"] });
    expectRefused(
      await h.call("scaivault_update_service_account", { service_account_id: "web-frontend", scopes: ["admin"] }),
      "grant_outside_window",
    );
    const updated = await h.ok("scaivault_update_service_account", {
      service_account_id: "web-frontend",
      scopes: ["secrets:read", "secrets:list"],
    });
    expect(updated.scopes).toEqual(["secrets:read", "secrets:list"]);
  });
});

describe("scaivault_create_policy (its rules are path arguments, checked like every path)", () => {
  it("under the window: a rule reaching the denied prefix is refused, with or without bindings; one inside is created and bound", async () => {
    h = await connect(WINDOW);
    const binding = { identity_type: "service_account", identity_id: "sa:report-runner" };
    for (const path_pattern of ["integrations/**", "integrations/stripe/*", "**", "infra/**"]) {
      const result = await h.call("scaivault_create_policy", {
        name: "p",
        rules: [{ path_pattern, permissions: ["read"] }],
        bindings: [binding],
      });
      expect(result.isError, path_pattern).toBe(true);
      expect(["path_denied", "path_not_allowed"]).toContain(result._meta?.["scaivault/code"]);
    }
    expect(sent("POST", /^\/v1\/policies/)).toEqual([]);
    const created = await h.ok("scaivault_create_policy", {
      name: "salesforce-read",
      rules: [{ path_pattern: "integrations/salesforce/*", permissions: ["read"] }],
      bindings: [binding],
    });
    expect(created.bindings).toHaveLength(1);
  });
});

describe("dynamic engines rooted outside the window", () => {
  /** A lease issued straight by the vault (as another client of it would), for the renew tests. */
  const lease = async (engine: string, role: string) =>
    (await asAdmin("POST", `/v1/dynamic/engines/${engine}/creds/${role}`, {})).lease_id as string;

  it("control, no window: postgres-prod (rooted under infra/) issues credentials", async () => {
    h = await connect();
    await h.ok("scaivault_generate_credentials", { engine: "postgres-prod", role: "readonly" });
  });

  it("scaivault_generate_credentials: refused for postgres-prod and redis-cache, nothing issued; an engine without a root path issues", async () => {
    h = await connect(WINDOW);
    for (const [engine, role] of [
      ["postgres-prod", "readonly"],
      ["redis-cache", "app-cache"],
    ] as const) {
      const result = await h.call("scaivault_generate_credentials", { engine, role });
      expectRefused(result, "path_not_allowed");
      expect(textOf(result)).toContain(`engine '${engine}' takes its root credentials from a path this window refuses`);
    }
    expect(sent("POST", /\/creds\//)).toEqual([]);
    await h.ok("scaivault_generate_credentials", { engine: "mysql-orders", role: "reporting" });
  });

  it("scaivault_generate_credentials under a denied prefix: refused with path_denied", async () => {
    h = await connect({ deniedPaths: ["infra/db"] });
    expectRefused(
      await h.call("scaivault_generate_credentials", { engine: "postgres-prod", role: "readonly" }),
      "path_denied",
    );
    await h.ok("scaivault_generate_credentials", { engine: "redis-cache", role: "app-cache" });
  });

  it("scaivault_renew_lease: a lease of postgres-prod is not renewed; one of mysql-orders is", async () => {
    h = await connect(WINDOW);
    const rooted = await lease("postgres-prod", "readonly");
    const inline = await lease("mysql-orders", "reporting");
    expectRefused(await h.call("scaivault_renew_lease", { lease_id: rooted }), "path_not_allowed");
    expect(sent("POST", /\/renew$/)).toEqual([]);
    await h.ok("scaivault_renew_lease", { lease_id: inline });
  });

  it("scaivault_renew_lease of a lease that does not exist: the vault's not-found error", async () => {
    h = await connect(WINDOW);
    const result = await h.call("scaivault_renew_lease", { lease_id: "lease_missing" });
    expect(result.isError).toBe(true);
    expect(result._meta?.["scaivault/status"]).toBe(404);
  });

  it("scaivault_create_dynamic_role: a role on postgres-prod is refused, nothing created", async () => {
    h = await connect(WINDOW);
    expectRefused(
      await h.call("scaivault_create_dynamic_role", {
        engine: "postgres-prod",
        name: "wide",
        creation_statements: ["x"],
      }),
      "path_not_allowed",
    );
    expect(sent("POST", /\/roles$/)).toEqual([]);
  });
});

describe("the catalog", () => {
  it("every tool that grants or mints access declares it (create_policy's grants are its rules, a path argument)", async () => {
    const { catalog } = await import("../../src/tools/index.js");
    expect(
      catalog
        .filter((t) => t.grants)
        .map((t) => t.name)
        .sort(),
    ).toEqual([
      "scaivault_create_api_key",
      "scaivault_create_dynamic_role",
      "scaivault_create_service_account",
      "scaivault_generate_credentials",
      "scaivault_renew_lease",
      "scaivault_update_service_account",
    ]);
    const policy = catalog.find((t) => t.name === "scaivault_create_policy");
    expect(policy?.paths).toEqual([{ arg: "rules[].path_pattern", kind: "pattern" }]);
  });
});
