/**
 * The idle collection of HTTP listeners (src/transports/idle-gc.ts): once per idle period after
 * requests were served, never while one is in flight, never for a listener that served nothing.
 * And the real collection hands a burst's heap back (measured as V8's own heap size, not RSS).
 */
import { getHeapStatistics } from "node:v8";
import { afterEach, describe, expect, it } from "vitest";
import { IdleCollector } from "../../src/transports/idle-gc.js";

const stopped: IdleCollector[] = [];
afterEach(() => {
  for (const c of stopped.splice(0)) c.stop();
});

function stepped(idleMs = 1000) {
  const clock = { t: 0 };
  let collections = 0;
  const idle = new IdleCollector({ idleMs, now: () => clock.t, collect: () => collections++ });
  stopped.push(idle);
  return { idle, clock, collections: () => collections };
}

describe("IdleCollector", () => {
  it("collects once when requests were served and none for idleMs", () => {
    const { idle, clock, collections } = stepped();
    const end = idle.begin();
    clock.t = 100;
    end();
    clock.t = 1099;
    expect(idle.check()).toBe(false);
    clock.t = 1100;
    expect(idle.check()).toBe(true);
    clock.t = 5000;
    expect(idle.check()).toBe(false);
    expect(collections()).toBe(1);
  });

  it("never collects while a request is in flight, nor for a listener that served nothing", () => {
    const { idle, clock, collections } = stepped();
    clock.t = 10_000;
    expect(idle.check()).toBe(false);
    const long = idle.begin();
    idle.begin()();
    clock.t = 20_000;
    expect(idle.check()).toBe(false);
    long();
    long();
    clock.t = 20_999;
    expect(idle.check()).toBe(false);
    clock.t = 21_000;
    expect(idle.check()).toBe(true);
    expect(collections()).toBe(1);
  });

  it("lets go of what is kept for speed first, then collects", () => {
    const clock = { t: 0 };
    const order: string[] = [];
    const idle = new IdleCollector({
      idleMs: 1000,
      now: () => clock.t,
      before: () => order.push("drain"),
      collect: () => order.push("gc"),
    });
    stopped.push(idle);
    idle.begin()();
    clock.t = 1000;
    idle.check();
    expect(order).toEqual(["drain", "gc"]);
  });

  it("collects again after a new burst", () => {
    const { idle, clock, collections } = stepped();
    idle.begin()();
    clock.t = 1000;
    idle.check();
    idle.begin()();
    clock.t = 2000;
    idle.check();
    expect(collections()).toBe(2);
  });

  it("by default runs V8's full collection, which gives back the heap a burst grew", () => {
    const clock = { t: 0 };
    const idle = new IdleCollector({ idleMs: 1, now: () => clock.t });
    stopped.push(idle);
    const collect = () => {
      idle.begin()();
      clock.t += 10;
      return idle.check();
    };
    expect(collect()).toBe(true);
    const before = getHeapStatistics().used_heap_size;
    let kept: unknown[][] | undefined = [];
    for (let round = 0; round < 60; round++) {
      kept.push(Array.from({ length: 20_000 }, (_, i) => ({ i, s: `value-${round}-${i}` })));
      if (kept.length > 20) kept.shift();
    }
    const grown = getHeapStatistics().used_heap_size - before;
    kept = undefined;
    expect(collect()).toBe(true);
    // The 20 arrays of 20,000 objects (tens of MB) are gone after the collection.
    expect(getHeapStatistics().used_heap_size - before).toBeLessThan(grown / 4);
  });
});
