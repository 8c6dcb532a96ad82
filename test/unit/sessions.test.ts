import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/log.js";
import { SessionTable } from "../../src/transports/sessions.js";

function table(max: number, idleMs = 60_000) {
  const clock = { now: 0 };
  const closed: string[] = [];
  const sessions = new SessionTable<{ close(): Promise<void> }>(
    { max, idleMs, now: () => clock.now },
    silentLogger,
    "test",
  );
  const open = (id: string) => sessions.add(id, { close: async () => void closed.push(id) });
  return { sessions, clock, closed, open };
}

describe("SessionTable", () => {
  it("closes sessions idle past the limit at a sweep, counting from a request's start and end", async () => {
    const { sessions, clock, closed, open } = table(10);
    open("a");
    open("b");
    clock.now = 30_000;
    const end = sessions.begin("b");
    clock.now = 50_000;
    end();
    clock.now = 61_000;
    await sessions.sweep();
    expect(closed).toEqual(["a"]);
    expect(sessions.size).toBe(1);
    clock.now = 110_001;
    await sessions.sweep();
    expect(closed).toEqual(["a", "b"]);
  });

  it("never closes or evicts a busy session, however long its request runs", async () => {
    const { sessions, clock, closed, open } = table(1);
    open("a");
    const end = sessions.begin("a");
    clock.now = 10 * 60_000;
    await sessions.sweep();
    expect(await sessions.admit()).toBe(false);
    expect(closed).toEqual([]);
    end();
    expect(await sessions.admit()).toBe(true);
    expect(closed).toEqual(["a"]);
  });

  it("at the cap evicts a session of the owner holding the most, so one user cannot close everyone else's", async () => {
    const { sessions, clock, closed } = table(4);
    const open = (id: string, owner: string) => sessions.add(id, { close: async () => void closed.push(id) }, owner);
    open("ops-1", "ops");
    clock.now = 1_000;
    open("flood-1", "flooder");
    clock.now = 2_000;
    open("flood-2", "flooder");
    clock.now = 3_000;
    open("flood-3", "flooder");
    // ops-1 is the longest idle, but the flooder holds three: its oldest goes, then the next.
    expect(await sessions.admit()).toBe(true);
    clock.now = 4_000;
    open("flood-4", "flooder");
    expect(await sessions.admit()).toBe(true);
    expect(closed).toEqual(["flood-1", "flood-2"]);
    expect(sessions.get("ops-1")).toBeDefined();
  });

  it("at the cap evicts the longest-idle session that is not busy", async () => {
    const { sessions, clock, closed, open } = table(3);
    open("old");
    clock.now = 1_000;
    open("busy");
    sessions.begin("busy");
    clock.now = 2_000;
    open("recent");
    clock.now = 3_000;
    sessions.touch("old"); // a stream opened or ended: activity
    expect(await sessions.admit()).toBe(true);
    expect(closed).toEqual(["recent"]);
    expect(sessions.get("recent")).toBeUndefined();
    expect(sessions.size).toBe(2);
  });

  it("admits without evicting below the cap, and a session's end marks it once", async () => {
    const { sessions, closed, open } = table(2);
    open("a");
    expect(await sessions.admit()).toBe(true);
    const end = sessions.begin("a");
    end();
    end(); // a second close event must not make it look idle-while-busy or busy forever
    open("b");
    expect(await sessions.admit()).toBe(true);
    expect(closed).toEqual(["a"]);
  });

  it("closeAll closes every session", async () => {
    const { sessions, closed, open } = table(5);
    open("a");
    open("b");
    await sessions.closeAll();
    expect(closed.sort()).toEqual(["a", "b"]);
    expect(sessions.size).toBe(0);
  });
});
