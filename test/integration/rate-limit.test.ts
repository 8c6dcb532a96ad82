/**
 * SCAIVAULT_RATE_LIMIT through a real MCP client: one RateLimiter shared by several servers (as
 * the HTTP sessions of one process share it), on a clock the test steps. A limited call is the
 * guard's refusal rate_limited with retry_after, and the mock vault's journal shows it never
 * arrived; tools, resource reads, prompts and completions all count.
 */
import { afterEach, describe, expect, it } from "vitest";
import { SCOPES } from "../../mock-vault/core/tokens.js";
import { createMockVault } from "../../mock-vault/index.js";
import type { RateLimitSettings } from "../../src/config.js";
import { RateLimiter } from "../../src/guard/index.js";
import { expectRefused, textOf } from "../helpers/harness.js";
import { type ScopedOptions, type ScopedServer, serveWithScopes } from "../helpers/scoped-server.js";

const READ = { path: "integrations/stripe/api-key" };
const SECRET_URI = "scaivault://secrets/tnt_acme_prod/integrations/stripe/api-key";

const open: ScopedServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A limiter on a stepped clock, and servers sharing it and one mock vault. */
function process(settings: RateLimitSettings) {
  let now = 5_000_000;
  const limiter = new RateLimiter(settings, () => now);
  const mock = createMockVault();
  return {
    mock,
    step: (ms: number) => {
      now += ms;
    },
    async session(options: ScopedOptions = {}): Promise<ScopedServer> {
      const s = await serveWithScopes([...SCOPES], { mock, rateLimiter: limiter, ...options });
      open.push(s);
      return s;
    },
  };
}

describe("a client over its limit", () => {
  it("is refused with rate_limited and retry_after, nothing reaches the vault, and it runs again once a token is back", async () => {
    const p = process({ client: { perMinute: 60, burst: 2 } });
    const s = await p.session();
    for (let i = 0; i < 2; i++) expect((await s.call("scaivault_read_secret", READ)).isError).toBeFalsy();
    const before = s.vaultRequests();
    const limited = await s.call("scaivault_read_secret", READ);
    expectRefused(limited, "rate_limited");
    expect(limited._meta?.["scaivault/retry_after"]).toBe(1);
    expect(textOf(limited)).toContain("Retry after 1 s");
    expect(s.vaultRequests()).toBe(before);
    p.step(1000);
    expect((await s.call("scaivault_read_secret", READ)).isError).toBeFalsy();
    expect(s.vaultRequests()).toBe(before + 1);
  });

  it("tells the agent, in the instructions, that rate_limited is worth retrying after retry_after", async () => {
    const s = await process({ client: { perMinute: 60, burst: 2 } }).session();
    expect(s.instructions()).toContain("rate_limited and retry_after");
  });

  it("counts resource reads, prompts and completions like tool calls", async () => {
    const p = process({ client: { perMinute: 60, burst: 1 } });
    const s = await p.session();
    expect((await s.client.readResource({ uri: SECRET_URI })).contents).toHaveLength(1);
    const before = s.vaultRequests();
    await expect(s.client.readResource({ uri: SECRET_URI })).rejects.toThrow(/rate_limited: .*Retry after 1 s/);
    await expect(s.client.getPrompt({ name: "rotate-credential", arguments: READ })).rejects.toThrow(/rate_limited: /);
    const completion = await s.client.complete({
      ref: { type: "ref/prompt", name: "audit-investigation" },
      argument: { name: "path", value: "infra/" },
    });
    // A completion the guard refuses offers nothing (as for any refusal), and asks the vault nothing.
    expect(completion.completion.values).toEqual([]);
    expect(s.vaultRequests()).toBe(before);
    p.step(1000);
    const suggested = await s.client.complete({
      ref: { type: "ref/prompt", name: "audit-investigation" },
      argument: { name: "path", value: "infra/" },
    });
    expect(suggested.completion.values.length).toBeGreaterThan(0);
  });

  it("answers a rate-limited listing empty as a whole: none of its parts is asked of the vault", async () => {
    const p = process({ client: { perMinute: 60, burst: 1 } });
    const s = await p.session();
    expect((await s.client.listResources()).resources.length).toBeGreaterThan(0);
    const before = s.vaultRequests();
    expect((await s.client.listResources()).resources).toEqual([]);
    expect(s.vaultRequests()).toBe(before);
  });

  it("pays one call for one request, however often it meets the guard (migrate-from-env checks every key)", async () => {
    const p = process({ client: { perMinute: 60, burst: 2 } });
    const s = await p.session();
    const prompt = await s.client.getPrompt({
      name: "migrate-from-env",
      arguments: { env: "A=1\nB=2\nC=3\nD=4", prefix: "apps/web" },
    });
    expect(JSON.stringify(prompt.messages)).toContain("apps/web/");
    expect((await s.call("scaivault_read_secret", READ)).isError).toBeFalsy();
    expectRefused(await s.call("scaivault_read_secret", READ), "rate_limited");
  });

  it("is the same through scaivault_call_tool: one call, then the same refusal", async () => {
    const p = process({ client: { perMinute: 60, burst: 1 } });
    const s = await p.session({ profile: { toolDiscovery: "search" } });
    const viaCall = () => s.call("scaivault_call_tool", { name: "scaivault_read_secret", arguments: READ });
    expect((await viaCall()).isError).toBeFalsy();
    const before = s.vaultRequests();
    expectRefused(await viaCall(), "rate_limited");
    expectRefused(await s.call("scaivault_read_secret", READ), "rate_limited");
    expect(s.vaultRequests()).toBe(before);
  });
});

describe("who shares a bucket", () => {
  it("gives each session without a caller its own, and one OAuth subject one across its sessions", async () => {
    const p = process({ client: { perMinute: 60, burst: 1 } });
    const [a, b] = [await p.session(), await p.session()];
    expect((await a.call("scaivault_read_secret", READ)).isError).toBeFalsy();
    expectRefused(await a.call("scaivault_read_secret", READ), "rate_limited");
    expect((await b.call("scaivault_read_secret", READ)).isError).toBeFalsy();
    const alice = { subject: "alice", scopes: [...SCOPES] };
    const [alice1, alice2] = [await p.session({ caller: alice }), await p.session({ caller: alice })];
    const bob = await p.session({ caller: { subject: "bob", scopes: [...SCOPES] } });
    expect((await alice1.call("scaivault_read_secret", READ)).isError).toBeFalsy();
    expectRefused(await alice2.call("scaivault_read_secret", READ), "rate_limited");
    expect((await bob.call("scaivault_read_secret", READ)).isError).toBeFalsy();
  });

  it("shares the global bucket among all sessions and subjects of the process", async () => {
    const p = process({ client: { perMinute: 60, burst: 5 }, global: { perMinute: 60, burst: 3 } });
    const sessions = [
      await p.session(),
      await p.session(),
      await p.session({ caller: { subject: "carol", scopes: [...SCOPES] } }),
    ];
    for (const s of sessions) expect((await s.call("scaivault_read_secret", READ)).isError).toBeFalsy();
    const before = p.mock.state.journal.length;
    const limited = await sessions[0]?.call("scaivault_read_secret", READ);
    expectRefused(limited as NonNullable<typeof limited>, "rate_limited");
    expect(textOf(limited as NonNullable<typeof limited>)).toContain("all clients together");
    expect(p.mock.state.journal.length).toBe(before);
  });

  it("is this server's own when no limiter is handed over (SCAIVAULT_RATE_LIMIT in the config)", async () => {
    const first = await serveWithScopes([...SCOPES], { profile: { rateLimit: "1/h,burst=1" } });
    const second = await serveWithScopes([...SCOPES], { profile: { rateLimit: "1/h,burst=1" } });
    open.push(first, second);
    expect((await first.call("scaivault_read_secret", READ)).isError).toBeFalsy();
    expectRefused(await first.call("scaivault_read_secret", READ), "rate_limited");
    expect((await second.call("scaivault_read_secret", READ)).isError).toBeFalsy();
  });
});
