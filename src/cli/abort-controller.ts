/**
 * The binaries' AbortController: tsup.config.ts injects it in place of the global one into the
 * bundled code (the SDK's per-request controller, the vault call's deadline, ...); the library
 * build and Node's own code keep the platform's.
 *
 * Why: on Node 20 the platform builds each AbortSignal as an EventTarget whose prototype is then
 * swapped, and V8 gives every such object a map of its own. Each signal costs ~8 µs and leaves
 * ~0.4 kB in the old generation until the next full GC, and a tool call makes three. These
 * signals are a plain EventTarget subclass, so they share one shape and die young.
 *
 * Same behaviour as the platform's: `aborted` and `reason`, the default reason an "AbortError"
 * DOMException, one "abort" event, `onabort`, `throwIfAborted()`. What other code checks of a
 * signal it is handed (Node's validateAbortSignal, undici's RequestInit) is that shape, not the
 * class.
 */

/** Its controller's way in (the platform's signals have no public abort either). */
let abortSignal: (signal: BundledAbortSignal, reason: unknown) => void;

class BundledAbortSignal extends EventTarget {
  #aborted = false;
  #reason: unknown = undefined;
  #onabort: ((this: BundledAbortSignal, event: Event) => unknown) | null = null;
  #handler: ((event: Event) => void) | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  get onabort(): ((this: BundledAbortSignal, event: Event) => unknown) | null {
    return this.#onabort;
  }

  /** An event handler attribute: one listener, kept in place while the handler changes. */
  set onabort(handler: ((this: BundledAbortSignal, event: Event) => unknown) | null) {
    this.#onabort = typeof handler === "function" ? handler : null;
    if (this.#onabort && !this.#handler) {
      this.#handler = (event) => this.#onabort?.call(this, event);
      this.addEventListener("abort", this.#handler);
    } else if (!this.#onabort && this.#handler) {
      this.removeEventListener("abort", this.#handler);
      this.#handler = undefined;
    }
  }

  throwIfAborted(): void {
    if (this.#aborted) throw this.#reason;
  }

  get [Symbol.toStringTag](): string {
    return "AbortSignal";
  }

  static {
    abortSignal = (signal, reason) => {
      if (signal.#aborted) return;
      signal.#aborted = true;
      signal.#reason = reason;
      signal.dispatchEvent(new Event("abort"));
    };
  }
}

export class AbortController {
  #signal: BundledAbortSignal | undefined;

  get signal(): AbortSignal {
    this.#signal ??= new BundledAbortSignal();
    return this.#signal as unknown as AbortSignal;
  }

  abort(reason?: unknown): void {
    this.#signal ??= new BundledAbortSignal();
    abortSignal(
      this.#signal,
      reason === undefined ? new DOMException("This operation was aborted", "AbortError") : reason,
    );
  }

  get [Symbol.toStringTag](): string {
    return "AbortController";
  }
}
