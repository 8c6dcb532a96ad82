/** An event's envelope as deliveries keep it: never changed by a later change to the records its values came from. */
import { describe, expect, it } from "vitest";
import { envelopeOf, keptEnvelope, type VaultEvent } from "../../mock-vault/core/events.js";

const event = (data: Record<string, unknown>): VaultEvent => ({
  id: "evt_1",
  type: "secret.updated",
  tenant_id: "t1",
  partner_id: null,
  occurred_at: "2026-06-01T00:00:00.000Z",
  actor: "user:a",
  request_id: "req_1",
  data,
});

describe("keptEnvelope", () => {
  it("keeps an envelope of plain values as it is", () => {
    const envelope = envelopeOf(event({ path: "app/db", version: 2, accessed_by: null }));
    expect(keptEnvelope(envelope)).toBe(envelope);
  });

  it("copies an envelope whose data holds objects, so a later change of the record leaves it alone", () => {
    const tags = ["prod"];
    const envelope = envelopeOf(event({ path: "app/db", tags, metadata: { owner: "ops" } }));
    const kept = keptEnvelope(envelope);
    tags.push("changed");
    expect(kept).not.toBe(envelope);
    expect(kept.data).toEqual({ tags: ["prod"], metadata: { owner: "ops" } });
    expect(kept.path).toBe("app/db");
  });
});
