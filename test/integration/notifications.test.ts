/**
 * Notifications through a real SDK client: log notifications (notifications/message) from the
 * level the client sets with logging/setLevel, nothing before, through the outbound redaction;
 * progress notifications (notifications/progress) for calls that page the vault or wait on ACME,
 * only when the request carries a progressToken.
 */
import type { Progress, ServerNotification } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { type ConfigInput, MOCK_ADMIN_TOKEN } from "../../src/config.js";
import { connect, expectRefused, type Harness } from "../helpers/harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A harness recording every notification its client receives. */
async function recording(profile: Partial<ConfigInput> = {}) {
  h = await connect(profile);
  const received: ServerNotification[] = [];
  h.client.fallbackNotificationHandler = async (n) => {
    received.push(n as ServerNotification);
  };
  const logs = () =>
    received
      .filter((n) => n.method === "notifications/message")
      .map((n) => n.params as { level: string; logger?: string; data: Record<string, unknown> });
  return { h, received, logs };
}

/** Lets notifications sent alongside an answer arrive (they are queued before the answer on the same link). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("log notifications", () => {
  it("none before the client sets a level", async () => {
    const { h, received } = await recording({ readOnly: true });
    expectRefused(await h.call("scaivault_write_secret", { path: "apps/x", data: { k: "v" } }), "read_only");
    await h.call("scaivault_read_secret", { path: "apps/nothing-here" });
    await settle();
    expect(received).toEqual([]);
  });

  it("from the level set with logging/setLevel up, as structured data", async () => {
    const { h, logs } = await recording({ readOnly: true });
    await h.client.setLoggingLevel("info");
    expectRefused(await h.call("scaivault_write_secret", { path: "apps/x", data: { k: "v" } }), "read_only");
    await settle();
    expect(logs()).toEqual([
      {
        level: "info",
        logger: "scaivault-mcp",
        data: { message: "tool refused", tool: "scaivault_write_secret", code: "read_only" },
      },
    ]);
  });

  it("a higher level drops the less severe lines; warnings still come", async () => {
    const { h, logs } = await recording({ readOnly: true });
    await h.client.setLoggingLevel("warning");
    expectRefused(await h.call("scaivault_write_secret", { path: "apps/x", data: { k: "v" } }), "read_only");
    await h.call("scaivault_read_secret", { path: "apps/nothing-here" });
    await settle();
    expect(logs().map((l) => [l.level, l.data.message, l.data.code])).toEqual([
      ["warning", "tool failed", "secret_not_found"],
    ]);
    await h.client.setLoggingLevel("error");
    await h.call("scaivault_read_secret", { path: "apps/nothing-here" });
    await settle();
    expect(logs()).toHaveLength(1);
  });

  it("pass the outbound redaction: the server's token never reaches the client in a log line", async () => {
    const { h, received, logs } = await recording();
    await h.client.setLoggingLevel("debug");
    // A path the agent chose that holds the token: the guard logs where a value was stored.
    await h.ok("scaivault_create_api_key", {
      service_account_id: "web-frontend",
      store_at: `apps/${MOCK_ADMIN_TOKEN}`,
    });
    await settle();
    expect(logs().map((l) => l.data.message)).toContain("one-time value stored");
    expect(JSON.stringify(received)).not.toContain(MOCK_ADMIN_TOKEN);
  });
});

describe("progress notifications", () => {
  it("a listing that pages the vault under a window reports each page read to a client that asked", async () => {
    const { h } = await recording({ allowedPaths: ["apps"] });
    const steps: Progress[] = [];
    await h.client.callTool({ name: "scaivault_list_secrets", arguments: { limit: 2 } }, undefined, {
      onprogress: (p) => steps.push(p),
    });
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.map((s) => s.progress)).toEqual(steps.map((_, i) => i + 1));
    expect(steps[0]?.message).toBe("read vault page 1");
  });

  it("an ACME request reports each challenge and the finalize", async () => {
    const { h, received } = await recording();
    const account = (await h.ok("scaivault_list_acme_accounts", {})).data[0].id;
    const steps: Progress[] = [];
    const result = await h.client.callTool(
      {
        name: "scaivault_request_certificate",
        arguments: {
          account_id: account,
          identifiers: ["portal.acme.example"],
          challenge_type: "http-01",
          store_at: "apps/portal-tls",
        },
      },
      undefined,
      { onprogress: (p) => steps.push(p) },
    );
    expect(result.isError).toBeFalsy();
    const messages = steps.map((s) => s.message);
    expect(messages).toContain("validating the http-01 challenge of portal.acme.example");
    expect(messages.at(-1)).toMatch(/^finalizing ACME order /);
    // The key went to the vault: no notification carries it.
    const minted = JSON.parse(h.sent.filter((r) => r.method === "POST").pop()?.answer?.body ?? "{}");
    expect(minted.certificate.private_key).toMatch(/PRIVATE KEY/);
    expect(JSON.stringify([received, steps])).not.toContain(minted.certificate.private_key.slice(40, 80));
  });

  it("nothing without a progressToken", async () => {
    const { h, received } = await recording({ allowedPaths: ["apps"] });
    await h.ok("scaivault_list_secrets", { limit: 2 });
    const account = (await h.ok("scaivault_list_acme_accounts", {})).data[0].id;
    await h.ok("scaivault_request_certificate", { account_id: account, identifiers: ["portal.acme.example"] });
    await settle();
    expect(received.filter((n) => n.method === "notifications/progress")).toEqual([]);
  });
});
