/**
 * How a delivery is signed (advanced/webhook-signatures): HMAC-SHA256 with the webhook's secret
 * over "{timestamp}.{raw_body}" (Unix seconds, a literal ".", the body's bytes as sent), hex,
 * prefixed "sha256=", in X-ScaiVault-Signature beside the event's id, type and the timestamp.
 */
import { createHmac } from "node:crypto";
import type { EventEnvelope } from "./events.js";

export const WEBHOOK_USER_AGENT = "ScaiVault-Webhook/1.0";

export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex")}`;
}

/** The request a receiver gets for one event: the headers and the exact body the signature covers. */
export function webhookRequest(envelope: EventEnvelope, secret: string, timestamp: number) {
  const body = JSON.stringify(envelope);
  const signature = signWebhook(secret, timestamp, body);
  return {
    body,
    signature,
    headers: {
      "Content-Type": "application/json",
      "User-Agent": WEBHOOK_USER_AGENT,
      "X-ScaiVault-Event-Id": envelope.event_id,
      "X-ScaiVault-Event-Type": envelope.event_type,
      "X-ScaiVault-Timestamp": String(timestamp),
      "X-ScaiVault-Signature": signature,
    },
  };
}
