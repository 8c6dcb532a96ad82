import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { DEMO } from "../../core/demo.js";
import { ApiProblem } from "../../core/errors.js";
import { parseBodyText } from "../../core/pipeline.js";
import { rawRoute } from "../../core/raw-route.js";
import type { Vault } from "../../core/vault.js";
import type { TenantStores } from "../stores.js";

/**
 * POST /v1/identity/webhooks/scaikey: ScaiKey pushes identity changes here and ScaiVault applies
 * them to its cache. Not called with a bearer token: the request proves itself with
 * `X-ScaiKey-Signature: t=<unix seconds>,v1=<hex>`, the HMAC-SHA256 with the shared secret
 * (DEMO.scaikeyWebhookSecret) of "<t>.<raw body>", within 5 minutes of the vault's clock (the
 * format of ScaiKey's webhook reference). The body is ScaiKey's envelope. As ScaiKey's other
 * receivers do, an event that cannot be applied answers 200 with success: false (no retry loop).
 */
const TOLERANCE_S = 300;

const Envelope = z.object({
  event_id: z.string().min(1).max(128),
  event_type: z.string().min(1).max(64),
  timestamp: z.string().max(64).optional(),
  resource: z.object({ type: z.string().max(64).optional(), id: z.string().max(128).optional() }).optional(),
  actor: z.unknown().optional(),
  data: z.record(z.string(), z.unknown()).default({}),
  tenant_id: z.string().max(128).optional(),
  partner_id: z.string().max(128).optional(),
});
type Envelope = z.output<typeof Envelope>;

const unsigned = (code: string, message: string) => new ApiProblem(401, code, message);

/** Throws unless `header` signs `raw` with `secret` at a time within the tolerance of `nowMs`. */
export function verifySignature(header: string | null, raw: string, secret: string, nowMs: number): void {
  if (!header) throw unsigned("authentication_required", "The X-ScaiKey-Signature header is missing.");
  const parts = new Map(
    header.split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = parts.get("t") ?? "";
  const v1 = parts.get("v1") ?? "";
  if (!/^\d{1,12}$/.test(t) || !/^[0-9a-f]{64}$/i.test(v1))
    throw unsigned("token_invalid", "X-ScaiKey-Signature must read t=<unix seconds>,v1=<hex HMAC-SHA256>.");
  if (Math.abs(nowMs / 1000 - Number(t)) > TOLERANCE_S)
    throw unsigned("token_invalid", `The signature's timestamp is more than ${TOLERANCE_S} s from the vault's clock.`);
  const expected = createHmac("sha256", secret).update(`${t}.${raw}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(v1, "hex")))
    throw unsigned("token_invalid", "X-ScaiKey-Signature does not match the body.");
}

export const scaikeyWebhookRoute = rawRoute<TenantStores>(
  "POST",
  "/v1/identity/webhooks/scaikey",
  { action: "identity_webhook_receive", resourceType: "identity" },
  async ({ request, vault, audit }) => {
    audit.actor = "system:scaikey";
    audit.actor_type = "system";
    const raw = await request.text();
    verifySignature(request.headers.get("x-scaikey-signature"), raw, DEMO.scaikeyWebhookSecret, vault.clock.nowMs());
    const event = parseBodyText(raw, Envelope) as Envelope;
    audit.tenant_id = tenantOf(event) ?? null;
    let outcome: { success: boolean; message: string };
    try {
      outcome = apply(vault, event);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      outcome = { success: false, message: error.message };
    }
    return { ...outcome, event_id: event.event_id };
  },
);

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
const flag = (value: unknown) => (typeof value === "boolean" ? value : undefined);
const tenantOf = (e: Envelope) =>
  e.tenant_id ?? text(e.data.tenant_id) ?? text((e.data.tenant as { id?: unknown } | undefined)?.id);
const processed = (e: Envelope) => ({ success: true, message: `Event ${e.event_type} processed successfully` });
const skipped = (message: string) => ({ success: false, message });

function apply(vault: Vault<TenantStores>, e: Envelope): { success: boolean; message: string } {
  const [kind, verb] = e.event_type.split(".", 2) as [string, string | undefined];
  const { data } = e;
  const at = vault.clock.iso();
  const id = text(data.id) ?? e.resource?.id;

  if (kind === "partner") {
    const partnerId = id ?? e.partner_id;
    if (!partnerId) return skipped("The event names no partner.");
    const current = vault.partners.get(partnerId);
    if (verb === "deleted") {
      if (current) current.status = "DELETED";
      return processed(e);
    }
    if (verb !== "created" && verb !== "updated") return unknownType(e);
    vault.partners.set(partnerId, {
      id: partnerId,
      name: text(data.name) ?? current?.name ?? partnerId,
      slug: text(data.slug) ?? current?.slug ?? partnerId,
      region: text(data.region) ?? current?.region ?? null,
      status: (text(data.status) ?? current?.status ?? "ACTIVE").toUpperCase(),
      last_synced_at: at,
    });
    return processed(e);
  }

  if (kind === "tenant") {
    const tenantId = id ?? e.tenant_id;
    if (!tenantId) return skipped("The event names no tenant.");
    if (verb === "deleted") {
      if (vault.tenantPartners.has(tenantId)) vault.tenant(tenantId).identity.setTenant({ status: "DELETED" }, at);
      return processed(e);
    }
    if (verb !== "created" && verb !== "updated") return unknownType(e);
    const partnerId = text(data.partner_id) ?? e.partner_id ?? vault.tenantPartners.get(tenantId);
    if (!partnerId) return skipped(`Tenant '${tenantId}' names no partner.`);
    vault.addTenant(tenantId, partnerId);
    const status = text(data.status)?.toUpperCase();
    vault
      .tenant(tenantId)
      .identity.setTenant({ partner_id: partnerId, name: text(data.name), slug: text(data.slug), status }, at);
    return processed(e);
  }

  if (kind !== "user" && kind !== "group") return unknownType(e);
  const tenantId = tenantOf(e);
  if (!tenantId || !vault.tenantPartners.has(tenantId))
    return skipped(`Unknown tenant '${tenantId ?? ""}': apply its tenant.created first.`);
  const store = vault.tenant(tenantId).identity;

  if (kind === "user") {
    if (!id) return skipped("The event names no user.");
    switch (verb) {
      case "created":
      case "updated": {
        const email = text(data.email) ?? (verb === "updated" ? store.userRoles(id).email : undefined);
        if (!email) return skipped("A new user needs an email.");
        const named = [text(data.first_name), text(data.last_name)].filter(Boolean).join(" ");
        store.upsertUser(
          {
            id,
            email,
            display_name: text(data.display_name) ?? (named || undefined),
            status: text(data.status),
            mfa_enabled: flag(data.mfa_enabled),
            roles: Array.isArray(data.roles) ? data.roles.filter((r): r is string => typeof r === "string") : undefined,
          },
          at,
        );
        return processed(e);
      }
      case "deleted":
        store.removeUser(id);
        return processed(e);
      case "suspended":
      case "activated":
        store.patchUser(id, { status: verb === "suspended" ? "SUSPENDED" : "ACTIVE" }, at);
        return processed(e);
      case "mfa_enabled":
      case "mfa_disabled":
        store.patchUser(id, { mfa_enabled: verb === "mfa_enabled" }, at);
        return processed(e);
      default:
        return unknownType(e);
    }
  }

  const groupId = text(data.group_id) ?? id;
  if (!groupId) return skipped("The event names no group.");
  switch (verb) {
    case "created":
    case "updated": {
      const name = text(data.name);
      if (!name) return skipped("A group event needs the group's name.");
      store.upsertGroup({ id: groupId, name, description: text(data.description) }, at);
      return processed(e);
    }
    case "deleted":
      store.removeGroup(groupId);
      return processed(e);
    case "member_added":
    case "member_removed": {
      const member = text(data.user_id) ?? text(data.identity_id);
      if (!member) return skipped("A membership event needs user_id (or identity_id).");
      if (verb === "member_added") store.addMember(groupId, member, at);
      else store.removeMember(groupId, member, at);
      return processed(e);
    }
    default:
      return unknownType(e);
  }
}

function unknownType(e: Envelope) {
  return skipped(`Event type '${e.event_type}' is not one ScaiVault applies to its identity cache.`);
}
