/**
 * A layer over a transport, as every server connection passes them (the guarded transport,
 * src/guarded-transport.ts, over the audit's observer, src/audit/observer.ts, over the real one).
 * It chains the inner transport's handlers the way the SDK's Protocol does (handlers a host set
 * before connecting keep running) and delegates the rest; a layer says what an incoming message
 * does (`receive`), what a closed connection leaves to do (`closed`), and may change `send`.
 */
import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";

export abstract class TransportLayer implements Transport {
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: (<T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void) | undefined;

  constructor(readonly inner: Transport) {
    const { onclose, onerror, onmessage } = inner;
    inner.onclose = () => {
      onclose?.();
      this.closed();
      this.onclose?.();
    };
    inner.onerror = (error) => {
      onerror?.(error);
      this.onerror?.(error);
    };
    inner.onmessage = (message, extra) => {
      onmessage?.(message, extra);
      this.receive(message, extra);
    };
  }

  /** An incoming message: handed on to `onmessage`, or answered by the layer itself. */
  protected abstract receive(message: JSONRPCMessage, extra?: MessageExtraInfo): void;

  /** The connection closed, before the layer above is told. */
  protected closed(): void {}

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.inner.send(message, options);
  }
}
