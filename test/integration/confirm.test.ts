/**
 * Confirmation before irreversible acts (SCAIVAULT_CONFIRM, src/guard/confirm.ts), through real
 * SDK clients on an in-memory transport: one that accepts, declines, dismisses or answers without
 * ticking the box, one that declares no elicitation, and a stateless server that cannot ask.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { type CallToolResult, ElicitRequestSchema, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { createMockVault } from "../../mock-vault/index.js";
import type { ConfigInput } from "../../src/config.js";
import { buildServer } from "../../src/server.js";
import type { ToolDef } from "../../src/tools/define.js";
import { catalog } from "../../src/tools/index.js";
import { connect, expectRefused, type Harness, textOf } from "../helpers/harness.js";
import { sampleArgs } from "../helpers/sample-args.js";

const ELICITING = { elicitation: { form: {} } };

let open: Harness[] = [];
afterEach(async () => {
  await Promise.all(open.map((h) => h.close()));
  open = [];
});

/** A harness whose client answers every question with `answer`, recording the questions. */
async function asking(answer: ElicitResult, profile: Partial<ConfigInput> = {}) {
  const h = await connect(profile, {}, undefined, ELICITING);
  open.push(h);
  const questions: string[] = [];
  h.client.setRequestHandler(ElicitRequestSchema, async (request) => {
    questions.push((request.params as { message: string }).message);
    return answer;
  });
  return { h, questions };
}

async function notAsking(profile: Partial<ConfigInput> = {}) {
  const h = await connect(profile);
  open.push(h);
  return h;
}

const ACCEPT: ElicitResult = { action: "accept", content: { confirm: true } };
const DECLINE: ElicitResult = { action: "decline" };
const CANCEL: ElicitResult = { action: "cancel" };
const UNTICKED: ElicitResult = { action: "accept", content: { confirm: false } };

const confirmed = catalog.filter((t) => t.confirm);

/** Sample arguments that make the call the declared act (its first `when` met). */
function actArgs(def: ToolDef): Record<string, unknown> {
  const args = sampleArgs(def);
  const condition = def.confirm?.when?.[0];
  if (!condition) return args;
  const [list, field] = condition.arg.split("[].");
  if (field) for (const item of args[list as string] as Record<string, unknown>[]) item[field] = condition.equals;
  else args[condition.arg] = condition.equals ?? true;
  return args;
}

const SECRET = "apps/web/session-key";

describe("confirmation through MCP elicitation", () => {
  it("asks before a permanent delete, naming the canonical path, and deletes once accepted", async () => {
    const { h, questions } = await asking(ACCEPT);
    await h.ok("scaivault_write_secret", { path: SECRET, data: { k: "v" } });
    await h.ok("scaivault_delete_secret", { path: `/${SECRET}/`, permanent: true });
    expect(questions).toHaveLength(1);
    expect(questions[0]).toContain(`'${SECRET}'`);
    expect(questions[0]).toMatch(/permanently delete/i);
    expectRefused(await h.call("scaivault_read_secret", { path: SECRET }), "secret_not_found");
  });

  for (const [name, answer, why] of [
    ["declined", DECLINE, /declined/],
    ["dismissed", CANCEL, /dismissed/],
    ["accepted without the box ticked", UNTICKED, /without confirming/],
  ] as const) {
    it(`${name}: a not_confirmed refusal, and the vault is never called`, async () => {
      const { h, questions } = await asking(answer);
      await h.ok("scaivault_write_secret", { path: SECRET, data: { k: "v" } });
      h.sent.length = 0;
      const result = await h.call("scaivault_delete_secret", { path: SECRET, permanent: true });
      expectRefused(result, "not_confirmed");
      expect(textOf(result)).toMatch(why);
      expect(questions).toHaveLength(1);
      expect(h.sent).toEqual([]);
      expect((await h.ok("scaivault_read_secret", { path: SECRET })).data).toEqual({ k: "v" });
    });
  }

  it("an error from the client is no confirmation either", async () => {
    const h = await connect({}, {}, undefined, ELICITING);
    open.push(h);
    h.client.setRequestHandler(ElicitRequestSchema, async () => {
      throw new Error("the host has no window to show it in");
    });
    h.sent.length = 0;
    const result = await h.call("scaivault_revoke_lease", { lease_id: "lease_123" });
    expectRefused(result, "not_confirmed");
    expect(textOf(result)).toContain("the client answered with error");
    expect(h.sent).toEqual([]);
  });

  it("asks only for the act: a soft delete, a description change and an allow-only policy go through unasked", async () => {
    const { h, questions } = await asking(DECLINE);
    await h.ok("scaivault_write_secret", { path: SECRET, data: { k: "v" } });
    await h.ok("scaivault_delete_secret", { path: SECRET });
    const account = await h.ok("scaivault_create_service_account", { name: "confirm-probe" });
    await h.ok("scaivault_update_service_account", { service_account_id: account.id, description: "reports" });
    await h.ok("scaivault_create_policy", {
      name: "readers",
      rules: [{ path_pattern: "apps/*", permissions: ["read"] }],
    });
    expect(questions).toEqual([]);
    expectRefused(
      await h.call("scaivault_update_service_account", { service_account_id: account.id, status: "disabled" }),
      "not_confirmed",
    );
    expect(questions[0]).toContain(`'${account.id}'`);
    expectRefused(
      await h.call("scaivault_create_policy", {
        name: "lockout",
        rules: [
          { path_pattern: "apps/*", permissions: ["read"] },
          { path_pattern: "infra/**", permissions: ["read"], effect: "deny" },
        ],
      }),
      "not_confirmed",
    );
    expect(questions[1]).toContain("'lockout'");
    // It names the denied glob, not the allowed one.
    expect(questions[1]).toContain("'infra/**'");
    expect(questions[1]).not.toContain("'apps/*'");
  });

  it("a call another guardrail refuses is never put to the user", async () => {
    const { h, questions } = await asking(ACCEPT, { deniedPaths: ["apps"] });
    expectRefused(await h.call("scaivault_delete_secret", { path: SECRET, permanent: true }), "path_denied");
    const readOnly = await asking(ACCEPT, { readOnly: true });
    expectRefused(
      await readOnly.h.call("scaivault_delete_api_key", { service_account_id: "sa_1", key_id: "k" }),
      "read_only",
    );
    expect([...questions, ...readOnly.questions]).toEqual([]);
  });

  it("names the tenant the call runs in", async () => {
    const { h, questions } = await asking(DECLINE, { tenantId: "tenant_acme" });
    await h.call("scaivault_delete_secret", { path: SECRET, permanent: true });
    expect(questions[0]).toMatch(/^In tenant 'tenant_acme': /);
  });
});

describe("SCAIVAULT_CONFIRM", () => {
  it("destructive (the default): a client without elicitation is served, destructiveHint is its host's to act on", async () => {
    const h = await notAsking();
    await h.ok("scaivault_write_secret", { path: SECRET, data: { k: "v" } });
    await h.ok("scaivault_delete_secret", { path: SECRET, permanent: true });
    expectRefused(await h.call("scaivault_read_secret", { path: SECRET }), "secret_not_found");
  });

  it("required: a client without elicitation is refused confirmation_unavailable, before the vault", async () => {
    const h = await notAsking({ confirm: "required" });
    await h.ok("scaivault_write_secret", { path: SECRET, data: { k: "v" } });
    h.sent.length = 0;
    const result = await h.call("scaivault_delete_secret", { path: SECRET, permanent: true });
    expectRefused(result, "confirmation_unavailable");
    expect(textOf(result)).toContain(`'${SECRET}'`);
    expect(h.sent).toEqual([]);
  });

  it("required: an eliciting client is asked as under destructive", async () => {
    const { h, questions } = await asking(ACCEPT, { confirm: "required" });
    await h.ok("scaivault_revoke_lease", { lease_id: "lease_123" }).catch(() => undefined);
    expect(questions).toHaveLength(1);
    expect(h.sent.some((r) => r.url.pathname.includes("lease_123"))).toBe(true);
  });

  it("off: never asks, even a client that could", async () => {
    const { h, questions } = await asking(DECLINE, { confirm: "off" });
    await h.ok("scaivault_write_secret", { path: SECRET, data: { k: "v" } });
    await h.ok("scaivault_delete_secret", { path: SECRET, permanent: true });
    expect(questions).toEqual([]);
  });

  it("a stateless server cannot ask (its answer is one JSON body): required refuses even an eliciting client", async () => {
    const mock = createMockVault();
    const parts = buildServer({
      config: { mock: true, maxRetries: 0, transport: "http", stateless: true, confirm: "required" },
      fetch: mock.fetch,
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await parts.server.connect(serverSide);
    const client = new Client({ name: "t", version: "1" }, { capabilities: ELICITING });
    let asked = 0;
    client.setRequestHandler(ElicitRequestSchema, async () => {
      asked++;
      return ACCEPT;
    });
    await client.connect(clientSide);
    const result = (await client.callTool({
      name: "scaivault_delete_subscription",
      arguments: { subscription_id: "sub_1" },
    })) as CallToolResult;
    expectRefused(result, "confirmation_unavailable");
    expect(asked).toBe(0);
    await client.close();
    await parts.server.close();
  });
});

describe("every act the catalog declares", () => {
  it("every tool with destructiveHint declares what it asks (and only those)", () => {
    const hinted = catalog.filter((t) => t.annotations.destructiveHint).map((t) => t.name);
    expect(confirmed.map((t) => t.name).sort()).toEqual(hinted.sort());
  });

  it.each(confirmed.map((t) => [t.name, t] as const))(
    "%s: every placeholder and condition names an argument of the tool",
    (_, def) => {
      const ask = def.confirm?.ask;
      const names = typeof ask === "string" ? [...ask.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1] as string) : [];
      for (const selector of [...names, ...(def.confirm?.when ?? []).map((c) => c.arg)])
        expect(Object.keys(def.input), selector).toContain(selector.split(/[.[]/)[0]);
    },
  );

  it.each(confirmed.map((t) => [t.name, t] as const))(
    "%s: declined, nothing reaches the vault; accepted, the call does",
    async (_, def) => {
      const declined = await asking(DECLINE);
      declined.h.sent.length = 0;
      expectRefused(await declined.h.call(def.name, actArgs(def)), "not_confirmed");
      expect(declined.h.sent).toEqual([]);
      expect(declined.questions).toHaveLength(1);
      const { h, questions } = await asking(ACCEPT);
      h.sent.length = 0;
      await h.call(def.name, actArgs(def));
      expect(questions).toHaveLength(1);
      // Every value the question names is what the call was given.
      for (const quoted of questions[0]?.match(/'[^']+'/g) ?? [])
        expect(JSON.stringify(actArgs(def))).toContain(quoted.slice(1, -1));
      expect(h.sent.length).toBeGreaterThan(0);
    },
  );
});
