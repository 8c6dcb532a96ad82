/**
 * The abort signal of one vault request: the caller's cancellation plus a timeout, released as
 * soon as the request ends. Not `AbortSignal.timeout` + `AbortSignal.any`: on Node 20 the first
 * keeps its signal (and the Request behind it, ~5 KB) until the timer fires, 30 s later, and the
 * second keeps a composite of a timeout signal alive for good.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  /** True once the timeout, not the caller, aborted the request. */
  readonly timedOut: boolean;
  /** Clears the timer and unhooks the caller's signal; call it when the request ends, however it ends. */
  release(): void;
}

export function deadline(timeoutMs: number, cancel: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException("The request timed out.", "TimeoutError"));
  }, timeoutMs);
  const onCancel = () => controller.abort(cancel?.reason);
  if (cancel?.aborted) onCancel();
  else cancel?.addEventListener("abort", onCancel, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    release() {
      clearTimeout(timer);
      cancel?.removeEventListener("abort", onCancel);
    },
  };
}
