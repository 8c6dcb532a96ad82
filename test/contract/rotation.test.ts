/**
 * Contract: the Rotation client against the mock vault, endpoint by endpoint. Schedules run on
 * the mock clock: tests move it instead of waiting.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { VaultEvent } from "../../mock-vault/core/events.js";
import { createMockVault } from "../../mock-vault/index.js";
import { createClient } from "../../src/client/index.js";
import {
  DueList,
  RotationHistory,
  RotationHistoryItem,
  RotationPolicy,
  RotationPolicyList,
  SecretAssignment,
} from "../../src/client/schemas/rotation.js";

const mock = createMockVault({ seed: 42 });
const as = (token: string) => createClient({ baseUrl: mock.baseUrl, token, fetch: mock.fetch, maxRetries: 0 });
const client = as(mock.tokens.admin);
beforeEach(() => mock.reset());

const dueSummary = (list: DueList) => list.data.map((d) => `${d.path} ${d.status}`);

describe("rotation API contract", () => {
  it("GET /v1/rotation/policies lists the seeded policies with secret counts", async () => {
    const list = RotationPolicyList.parse(await client.rotation.list());
    expect(list.data.map((p) => [p.id, p.interval, p.interval_seconds, p.secrets_count])).toEqual([
      ["rot_quarterly", "90d", 7_776_000, 3],
      ["rot_monthly", "30d", 2_592_000, 3],
      ["rot_weekly", "7d", 604_800, 1],
    ]);
    expect(list).toMatchObject({ cursor: null, has_more: false });
    const page = RotationPolicyList.parse(await client.rotation.list({ limit: 1 }));
    expect(page.has_more).toBe(true);
  });

  it("POST /v1/rotation/policies creates (201); validates durations, names and the secret policy", async () => {
    const created = RotationPolicy.parse(
      await client.rotation.create({
        name: "biannual",
        interval: "180d",
        auto_generate: true,
        secret_policy_id: "sp_db_passwords",
      }),
    );
    expect(created).toMatchObject({
      id: expect.stringMatching(/^rot_/),
      interval_seconds: 15_552_000,
      grace_period: "48h",
      warn_before: "7d,1d",
      secrets_count: 0,
      is_active: true,
    });
    await expect(client.rotation.create({ name: "bad", interval: "soon" })).rejects.toMatchObject({
      status: 400,
      code: "invalid_duration",
    });
    await expect(client.rotation.create({ name: "bad", interval: "1d", warn_before: "7d,x" })).rejects.toMatchObject({
      code: "invalid_duration",
    });
    await expect(client.rotation.create({ name: "biannual", interval: "1d" })).rejects.toMatchObject({
      status: 409,
      code: "rotation_policy_exists",
    });
    await expect(
      client.rotation.create({ name: "x", interval: "1d", secret_policy_id: "sp_nope" }),
    ).rejects.toMatchObject({
      status: 404,
      code: "secret_policy_not_found",
    });
    await expect(client.rotation.create({ name: "" } as never)).rejects.toMatchObject({
      status: 422,
      code: "validation_error",
    });
  });

  it("GET/PATCH/DELETE /v1/rotation/policies/{id}; enable/disable", async () => {
    expect(RotationPolicy.parse(await client.rotation.get("rot_monthly")).auto_generate).toBe(true);
    await expect(client.rotation.get("rot_nope")).rejects.toMatchObject({
      status: 404,
      code: "rotation_policy_not_found",
    });
    expect(
      RotationPolicy.parse(await client.rotation.update("rot_monthly", { interval: "45d" })).interval_seconds,
    ).toBe(3_888_000);
    expect(RotationPolicy.parse(await client.rotation.disable("rot_monthly")).is_active).toBe(false);
    expect((await client.rotation.list({ active_only: true })).data.map((p) => p.id)).toEqual([
      "rot_quarterly",
      "rot_weekly",
    ]);
    expect((await client.rotation.enable("rot_monthly")).is_active).toBe(true);
    await client.rotation.delete("rot_weekly");
    await expect(client.rotation.get("rot_weekly")).rejects.toMatchObject({ code: "rotation_policy_not_found" });
    expect((await client.secrets.read("apps/billing/webhook-secret")).rotation_policy_id).toBeNull();
  });

  it("POST/DELETE /v1/rotation/policies/{id}/secrets attach and detach", async () => {
    const p = await client.rotation.create({ name: "smtp", interval: "60d" });
    const assignment = SecretAssignment.parse(await client.rotation.attach(p.id, "environments/staging/smtp"));
    expect(assignment).toMatchObject({
      rotation_policy_id: p.id,
      secret_path: "environments/staging/smtp",
      last_rotated_at: "2026-05-12T15:00:00.000Z",
      next_rotation_at: "2026-07-11T15:00:00.000Z",
    });
    expect((await client.rotation.get(p.id)).secrets_count).toBe(1);
    expect((await client.secrets.read("environments/staging/smtp")).rotation_policy_id).toBe(p.id);
    await expect(client.rotation.attach(p.id, "nope/missing")).rejects.toMatchObject({
      status: 404,
      code: "secret_not_found",
    });
    await expect(client.rotation.attach("rot_nope", "environments/staging/smtp")).rejects.toMatchObject({
      code: "rotation_policy_not_found",
    });
    await client.rotation.detach(p.id, "environments/staging/smtp");
    expect((await client.rotation.get(p.id)).secrets_count).toBe(0);
    await expect(client.rotation.detach(p.id, "environments/staging/smtp")).rejects.toMatchObject({ status: 404 });
  });

  it("DELETE .../secrets/{secret_path} takes the path URL-encoded, as the reference writes it, or as segments", async () => {
    const p = await client.rotation.create({ name: "smtp", interval: "60d" });
    const detach = (tail: string) =>
      mock.fetch(
        new Request(`${mock.baseUrl}/v1/rotation/policies/${p.id}/secrets/${tail}`, {
          method: "DELETE",
          headers: { Authorization: `Bearer ${mock.tokens.admin}` },
        }),
      );
    await client.rotation.attach(p.id, "environments/staging/smtp");
    expect((await detach("environments%2Fstaging%2Fsmtp")).status).toBe(204);
    expect((await client.secrets.read("environments/staging/smtp")).rotation_policy_id).toBeNull();
    await client.rotation.attach(p.id, "environments/staging/smtp");
    expect((await detach("environments/staging/smtp")).status).toBe(204);
    expect(mock.state.audit.events.at(-1)).toMatchObject({
      action: "rotation_policy_detach",
      path: "environments/staging/smtp",
    });
    // The encoded form still holds only a secret path: no dot segments, no backslashes, and the
    // policy id stays one plain segment.
    for (const tail of ["environments%2F..%2Fsmtp", "environments%5Csmtp"])
      expect(await (await detach(tail)).json()).toMatchObject({ error: { code: "invalid_path" } });
    const encodedId = await mock.fetch(
      new Request(`${mock.baseUrl}/v1/rotation/policies/rot%2Fx/secrets/a`, {
        method: "DELETE",
        headers: { Authorization: `Bearer ${mock.tokens.admin}` },
      }),
    );
    expect(encodedId.status).toBe(400);
  });

  it("GET /v1/rotation/due: overdue and due-now secrets at the demo's now, window and filters", async () => {
    const due = DueList.parse(await client.rotation.due());
    expect(dueSummary(due)).toEqual([
      "infra/db/primary/credentials overdue",
      "infra/db/replica/credentials overdue",
      "infra/cache/redis overdue",
      "apps/billing/webhook-secret overdue",
      "apps/web/session-key due",
      "integrations/stripe/api-key due",
    ]);
    expect(due.data[0]).toMatchObject({
      rotation_policy_id: "rot_quarterly",
      last_rotated_at: "2025-10-29T15:00:00.000Z",
      due_at: "2026-01-27T15:00:00.000Z",
      hours_until_due: -2640,
    });
    expect(dueSummary(DueList.parse(await client.rotation.due({ include_overdue: false })))).toEqual([
      "apps/web/session-key due",
      "integrations/stripe/api-key due",
    ]);
    const wide = DueList.parse(await client.rotation.due({ within_hours: 24 * 21, include_overdue: false }));
    expect(dueSummary(wide)).toContain("integrations/salesforce/oauth upcoming");
    expect(dueSummary(DueList.parse(await client.rotation.due({ policy_id: "rot_quarterly" })))).toHaveLength(3);
    await expect(client.rotation.due({ policy_id: "rot_nope" })).rejects.toMatchObject({
      code: "rotation_policy_not_found",
    });
  });

  it("GET /v1/rotation/pending, the deprecated alias, answers as /due with the same query", async () => {
    const get = async (path: string) => {
      const res = await mock.fetch(
        new Request(`${mock.baseUrl}${path}`, { headers: { Authorization: `Bearer ${mock.tokens.admin}` } }),
      );
      expect(res.status, path).toBe(200);
      return DueList.parse(await res.json());
    };
    const query = "?within_hours=504&include_overdue=false";
    const pending = await get(`/v1/rotation/pending${query}`);
    expect(pending).toEqual(await get(`/v1/rotation/due${query}`));
    expect(dueSummary(pending)).toContain("integrations/salesforce/oauth upcoming");
    const reader = await mock.fetch(
      new Request(`${mock.baseUrl}/v1/rotation/pending`, {
        headers: { Authorization: `Bearer ${mock.tokens.readOnly}` },
      }),
    );
    expect(reader.status).toBe(403);
  });

  it("due follows the mock clock and the secret's last rotation", async () => {
    // Manual rotation here: with auto_generate the scheduler would rotate salesforce when it falls due.
    await client.rotation.update("rot_monthly", { auto_generate: false });
    mock.clock.advance("20d12h"); // salesforce (last written 10d ago, 30d) is past due, inside its 24h grace
    const later = DueList.parse(await client.rotation.due({ include_overdue: false }));
    expect(dueSummary(later)).toEqual(["integrations/salesforce/oauth due"]);
    await client.secrets.rotate("integrations/salesforce/oauth");
    expect(dueSummary(DueList.parse(await client.rotation.due({ include_overdue: false })))).toEqual([]);
    await client.rotation.disable("rot_quarterly");
    expect(dueSummary(DueList.parse(await client.rotation.due())).some((s) => s.startsWith("infra/db"))).toBe(false);
  });

  it("POST /v1/rotation/policies/{id}/rotate rotates attached secrets and records history", async () => {
    const events: VaultEvent[] = [];
    const off = mock.state.bus.on((e) => events.push(e));
    const items = (await client.rotation.rotate("rot_weekly")).map((i) => RotationHistoryItem.parse(i));
    off();
    expect(items).toMatchObject([
      { secret_path: "apps/billing/webhook-secret", status: "success", old_version: 1, new_version: 2 },
    ]);
    expect((await client.secrets.read("apps/billing/webhook-secret")).data.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(events.map((e) => e.type)).toEqual(["secret.rotated", "rotation.completed"]);
    const failed = await client.rotation.rotate("rot_weekly", ["infra/cache/redis"]);
    expect(failed).toMatchObject([{ status: "failed", error: { code: "secret_not_attached" } }]);
    const history = RotationHistory.parse(await client.rotation.history("rot_weekly"));
    expect(history.data.map((h) => h.status)).toEqual(["failed", "success"]);
    expect(RotationHistory.parse(await client.rotation.history("rot_weekly", { status: "success" })).data).toHaveLength(
      1,
    );
    expect(dueSummary(DueList.parse(await client.rotation.due())).some((s) => s.startsWith("apps/billing"))).toBe(
      false,
    );
  });

  it("needs the admin scope for policies and secrets:rotate for the due list", async () => {
    const reader = as(mock.tokens.readOnly);
    await expect(reader.rotation.list()).rejects.toMatchObject({ status: 403, code: "insufficient_scope" });
    await expect(reader.rotation.due()).rejects.toMatchObject({ status: 403, code: "insufficient_scope" });
    await expect(as(mock.tokens.reportRunner).rotation.due()).rejects.toMatchObject({ code: "insufficient_scope" });
  });
});
