import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { AbortController as BundledAbortController } from "../../src/cli/abort-controller.js";

// The binaries' AbortController (injected by tsup.config.ts) must behave as the platform's:
// every case runs against both.
const controllers = [
  ["platform", globalThis.AbortController],
  ["bundled", BundledAbortController],
] as const;

describe.each(controllers)("AbortController (%s)", (_name, Controller) => {
  it("starts not aborted and aborts once, with an AbortError by default", () => {
    const controller = new Controller();
    const { signal } = controller;
    expect(signal.aborted).toBe(false);
    expect(signal.reason).toBeUndefined();
    expect(() => signal.throwIfAborted()).not.toThrow();
    const events: Event[] = [];
    signal.addEventListener("abort", (event) => events.push(event));
    controller.abort();
    controller.abort(new Error("second"));
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe("abort");
    expect(events[0]?.target).toBe(signal);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(DOMException);
    expect((signal.reason as DOMException).name).toBe("AbortError");
    expect(() => signal.throwIfAborted()).toThrow(signal.reason as DOMException);
  });

  it("keeps the reason it is given, an explicit undefined getting the default", () => {
    const reason = new Error("stop");
    const given = new Controller();
    given.abort(reason);
    expect(given.signal.reason).toBe(reason);
    const undef = new Controller();
    undef.abort(undefined);
    expect((undef.signal.reason as DOMException).name).toBe("AbortError");
  });

  it("gives the same signal each time, also when aborted before it was read", () => {
    const controller = new Controller();
    controller.abort("early");
    expect(controller.signal).toBe(controller.signal);
    expect(controller.signal.aborted).toBe(true);
    expect(controller.signal.reason).toBe("early");
  });

  it("runs onabort with the signal as this, and stops when it is cleared", () => {
    const controller = new Controller();
    const { signal } = controller;
    const seen: unknown[] = [];
    signal.onabort = function (this: unknown) {
      seen.push(this);
    };
    expect(typeof signal.onabort).toBe("function");
    const cleared = new Controller();
    let called = false;
    cleared.signal.onabort = () => {
      called = true;
    };
    cleared.signal.onabort = null;
    expect(cleared.signal.onabort).toBeNull();
    controller.abort();
    cleared.abort();
    expect(seen).toEqual([signal]);
    expect(called).toBe(false);
  });

  it("honours once and removeEventListener", () => {
    const controller = new Controller();
    let removed = 0;
    let onceCalls = 0;
    const listener = () => removed++;
    controller.signal.addEventListener("abort", listener);
    controller.signal.removeEventListener("abort", listener);
    controller.signal.addEventListener("abort", () => onceCalls++, { once: true });
    controller.abort();
    expect(removed).toBe(0);
    expect(onceCalls).toBe(1);
  });

  it("names itself as the platform's do", () => {
    const controller = new Controller();
    expect(Object.prototype.toString.call(controller)).toBe("[object AbortController]");
    expect(Object.prototype.toString.call(controller.signal)).toBe("[object AbortSignal]");
  });

  it("is taken by Node's APIs that accept a signal", async () => {
    const controller = new Controller();
    const timer = sleep(60_000, undefined, { signal: controller.signal });
    const target = new EventTarget();
    const waiting = once(target, "never", { signal: controller.signal });
    controller.abort();
    await expect(timer).rejects.toMatchObject({ name: "AbortError" });
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
  });

  it("cancels a Request's own signal (undici follows it)", () => {
    const controller = new Controller();
    const request = new Request("https://vault.example/v1/health", { signal: controller.signal });
    expect(request.signal.aborted).toBe(false);
    controller.abort(new Error("gone"));
    expect(request.signal.aborted).toBe(true);
    expect((request.signal.reason as Error).message).toBe("gone");
  });
});
