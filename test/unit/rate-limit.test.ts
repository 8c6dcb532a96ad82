/**
 * SCAIVAULT_RATE_LIMIT: its syntax (validated at start-up) and the token buckets, on a clock the
 * test steps (no sleeps, no timing assertions).
 */
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { RateLimiter } from "../../src/guard/index.js";

const base = { SCAIVAULT_URL: "https://vault.example", SCAIVAULT_TOKEN: "t0ken-for-tests" };
const parsed = (value: string) => loadConfig({ ...base, SCAIVAULT_RATE_LIMIT: value }).rateLimit;

describe("SCAIVAULT_RATE_LIMIT's syntax", () => {
  it.each([
    ["120/min", { client: { perMinute: 120, burst: 20 }, global: undefined }],
    ["120", { client: { perMinute: 120, burst: 20 }, global: undefined }],
    ["120/min,burst=5", { client: { perMinute: 120, burst: 5 }, global: undefined }],
    ["2/s", { client: { perMinute: 120, burst: 20 }, global: undefined }],
    ["30/h", { client: { perMinute: 0.5, burst: 1 }, global: undefined }],
    ["global=600/min", { client: undefined, global: { perMinute: 600, burst: 100 } }],
    [
      " 60/min , burst=10, global=600/min, global_burst=50 ",
      { client: { perMinute: 60, burst: 10 }, global: { perMinute: 600, burst: 50 } },
    ],
  ])("reads %j", (value, expected) => {
    expect(parsed(value)).toEqual(expected);
  });

  it("is off when unset", () => {
    expect(loadConfig(base).rateLimit).toBeUndefined();
  });

  it.each([
    "120/",
    "0/min",
    "120/day",
    "-5/min",
    "120/min,burst=0",
    "burst=5",
    "120/min,global_burst=5",
    "120/min,120/min",
    "120/min,speed=3",
  ])("refuses %j with one line naming the setting", (value) => {
    expect(() => parsed(value)).toThrow(ConfigError);
    expect(() => parsed(value)).toThrow(/^invalid SCAIVAULT_RATE_LIMIT: .*120\/min/);
  });
});

/** A clock the test moves by hand. */
function steppedClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, step: (ms: number) => (now += ms) };
}

describe("the token buckets", () => {
  it("lets a burst through, then refuses with the seconds until a token is back, then refills at the rate", () => {
    const clock = steppedClock();
    const limit = new RateLimiter({ client: { perMinute: 60, burst: 3 } }, clock.now).forClient();
    expect([limit.take(), limit.take(), limit.take()]).toEqual([undefined, undefined, undefined]);
    const refused = limit.take();
    expect(refused).toMatchObject({ code: "rate_limited", retryAfter: 1 });
    expect(refused?.message).toContain("60/min, burst 3");
    clock.step(999);
    expect(limit.take()?.code).toBe("rate_limited");
    clock.step(1);
    expect(limit.take()).toBeUndefined();
    // A long pause refills only up to the burst.
    clock.step(3_600_000);
    expect([limit.take(), limit.take(), limit.take(), limit.take()].map((r) => r?.code)).toEqual([
      undefined,
      undefined,
      undefined,
      "rate_limited",
    ]);
  });

  it("says how long the wait is at a slow rate", () => {
    const clock = steppedClock();
    const limit = new RateLimiter({ client: { perMinute: 2, burst: 1 } }, clock.now).forClient();
    expect(limit.take()).toBeUndefined();
    expect(limit.take()?.retryAfter).toBe(30);
    clock.step(20_000);
    expect(limit.take()?.retryAfter).toBe(10);
  });

  it("keeps a bucket per server without a subject, one per subject across servers, and one global for all", () => {
    const clock = steppedClock();
    const limiter = new RateLimiter(
      { client: { perMinute: 60, burst: 2 }, global: { perMinute: 60, burst: 5 } },
      clock.now,
    );
    const [a, b] = [limiter.forClient(), limiter.forClient()];
    expect([a.take(), a.take(), a.take()].map((r) => r?.code)).toEqual([undefined, undefined, "rate_limited"]);
    expect(b.take()).toBeUndefined();
    const [alice1, alice2] = [limiter.forClient("alice"), limiter.forClient("alice")];
    expect(alice1.take()).toBeUndefined();
    expect(alice2.take()).toBeUndefined();
    expect(alice1.take()?.code).toBe("rate_limited");
    // Five taken in all (a: 2, b: 1, alice: 2): the global bucket is empty for everyone, bob included.
    const bob = limiter.forClient("bob").take();
    expect(bob).toMatchObject({ code: "rate_limited", retryAfter: 1 });
    expect(bob?.message).toContain("all clients together");
  });

  it("counts stateless requests without a subject as one client, whichever server answers them", () => {
    const clock = steppedClock();
    const limiter = new RateLimiter({ client: { perMinute: 60, burst: 2 } }, clock.now);
    const servers = [limiter.forNobody(), limiter.forNobody(), limiter.forNobody()];
    expect(servers.map((s) => s.take()?.code)).toEqual([undefined, undefined, "rate_limited"]);
    expect(limiter.forClient("alice").take()).toBeUndefined();
  });

  it("takes from neither bucket when one refuses", () => {
    const clock = steppedClock();
    const limiter = new RateLimiter(
      { client: { perMinute: 60, burst: 1 }, global: { perMinute: 60, burst: 2 } },
      clock.now,
    );
    const a = limiter.forClient();
    expect(a.take()).toBeUndefined();
    // Refused by its own bucket: the global one keeps its token for b.
    expect(a.take()?.code).toBe("rate_limited");
    expect(a.take()?.code).toBe("rate_limited");
    expect(limiter.forClient().take()).toBeUndefined();
  });

  it("adds nothing when the clock steps back", () => {
    const clock = steppedClock();
    const limit = new RateLimiter({ client: { perMinute: 60, burst: 1 } }, clock.now).forClient();
    expect(limit.take()).toBeUndefined();
    clock.step(-60_000);
    expect(limit.take()?.code).toBe("rate_limited");
  });
});
