import { describe, expect, it } from "vitest";
import { VaultError } from "../../src/client/errors.js";
import { cachedReadiness } from "../../src/transports/health.js";

describe("cachedReadiness", () => {
  it("asks the vault at most once per TTL, concurrent probes included", async () => {
    let calls = 0;
    const clock = { now: 0 };
    const ready = cachedReadiness(
      async () => {
        calls++;
      },
      { ttlMs: 5_000, now: () => clock.now },
    );
    expect(await Promise.all([ready(), ready(), ready()])).toEqual([{ ready: true }, { ready: true }, { ready: true }]);
    clock.now = 4_999;
    await ready();
    expect(calls).toBe(1);
    clock.now = 5_000;
    await ready();
    expect(calls).toBe(2);
  });

  it("names why it is not ready in one of three fixed words, never in the vault's", async () => {
    const failing = (error: unknown) =>
      cachedReadiness(async () => {
        throw error;
      })();
    const echo = "token skt_live_abc belongs to tenant tnt_secret";
    expect(await failing(new VaultError(echo, "authentication_required", 401))).toEqual({
      ready: false,
      reason: "token_rejected",
    });
    expect(await failing(new VaultError(echo, "access_denied", 403))).toMatchObject({ reason: "token_rejected" });
    expect(await failing(new VaultError(echo, "network_error"))).toMatchObject({ reason: "vault_unreachable" });
    expect(await failing(new VaultError(echo, "timeout"))).toMatchObject({ reason: "vault_unreachable" });
    expect(await failing(new VaultError(echo, echo, 500))).toMatchObject({ reason: "vault_error" });
    expect(await failing(new Error(echo))).toMatchObject({ reason: "vault_error" });
  });

  it("gives up on a vault that does not answer within its timeout and cancels the call", async () => {
    let cancelled = false;
    const ready = cachedReadiness(
      (signal) =>
        new Promise((_, reject) =>
          signal.addEventListener("abort", () => {
            cancelled = true;
            reject(new VaultError("the request was cancelled", "cancelled"));
          }),
        ),
      { timeoutMs: 20 },
    );
    expect(await ready()).toEqual({ ready: false, reason: "vault_unreachable" });
    expect(cancelled).toBe(true);
  });
});
