/** The server's clock: the host's until the vault's has been read, then the vault's; UTC always. */
import { describe, expect, it } from "vitest";
import { ServerClock } from "../../src/clock.js";

const HOST = Date.parse("2026-12-01T22:00:00Z");

describe("ServerClock", () => {
  it("follows the host until the vault answers, then the vault, minus half the round trip", async () => {
    let host = HOST;
    const clock = new ServerClock(undefined, () => host);
    expect(clock.now().toISOString()).toBe("2026-12-01T22:00:00.000Z");
    expect(clock.sentence()).toContain("it was 2026-12-01T22:00:00Z by this server's clock");
    // The vault is 3 h ahead; its answer takes 200 ms and was stamped half way.
    await clock.calibrate(async () => {
      host += 200;
      return "2026-12-02T01:00:00.100Z";
    });
    expect(clock.fromVault).toBe(true);
    expect(clock.now().toISOString()).toBe("2026-12-02T01:00:00.200Z");
    host += 60_000;
    expect(clock.now().toISOString()).toBe("2026-12-02T01:01:00.200Z");
    expect(clock.sentence()).toContain("it was 2026-12-02T01:01:00.200Z by the vault's clock");
    expect(clock.sentence()).toMatch(/^The server works in UTC\./);
  });

  it("keeps the host's when the vault cannot be read, and tries again on the next call", async () => {
    const clock = new ServerClock(undefined, () => HOST);
    await clock.calibrate(async () => {
      throw new Error("unreachable");
    });
    await clock.calibrate(async () => "not a time");
    expect(clock.fromVault).toBe(false);
    expect(clock.now().getTime()).toBe(HOST);
    await clock.calibrate(async () => "2026-12-01T22:00:05Z");
    expect(clock.fromVault).toBe(true);
    expect(clock.now().toISOString()).toBe("2026-12-01T22:00:05.000Z");
  });

  it("reads the vault once: concurrent calls share the reading, later ones do not read again", async () => {
    const clock = new ServerClock(undefined, () => HOST);
    let reads = 0;
    const read = async () => {
      reads++;
      return "2026-12-01T22:00:01Z";
    };
    await Promise.all([clock.calibrate(read), clock.calibrate(read), clock.calibrate(read)]);
    await clock.calibrate(read);
    expect(reads).toBe(1);
  });

  it("a fixed clock (the mock vault's) stands still and is never read from a vault", async () => {
    let host = HOST;
    const clock = new ServerClock(new Date("2026-05-17T15:00:00Z"), () => host);
    let reads = 0;
    await clock.calibrate(async () => {
      reads++;
      return "2030-01-01T00:00:00Z";
    });
    host += 3_600_000;
    expect(reads).toBe(0);
    expect(clock.now().toISOString()).toBe("2026-05-17T15:00:00.000Z");
    expect(clock.sentence()).toContain("The mock vault's clock stands still at 2026-05-17T15:00:00Z");
  });
});
