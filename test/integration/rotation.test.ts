/** The 3 rotation tools end to end, with due-rotation results filtered to the path window. */
import { afterEach, describe, expect, it } from "vitest";
import { connect, expectRefused, type Harness, requestsSeen, textOf } from "../helpers/harness.js";

let h: Harness;
afterEach(async () => h?.close());

const paths = (result: { data: { path: string; status: string }[] }) => result.data.map((d) => `${d.path} ${d.status}`);

describe("rotation tools", () => {
  it("lists policies, creates one with attached secrets, and lists what is due", async () => {
    h = await connect();
    const listed = await h.ok("scaivault_list_rotation_policies");
    expect(listed.data.map((p: { id: string }) => p.id)).toEqual(["rot_quarterly", "rot_monthly", "rot_weekly"]);

    const created = await h.ok("scaivault_create_rotation_policy", {
      name: "smtp-60d",
      interval: "60d",
      grace_period: "24h",
      secret_paths: ["environments/staging/smtp", "environments/nope"],
    });
    expect(created).toMatchObject({
      interval_seconds: 5_184_000,
      secrets_count: 1,
      attached: ["environments/staging/smtp"],
      attach_errors: [{ secret_path: "environments/nope", code: "secret_not_found" }],
    });

    const due = await h.ok("scaivault_get_secrets_due_rotation");
    expect(paths(due)).toEqual([
      "infra/db/primary/credentials overdue",
      "infra/db/replica/credentials overdue",
      "infra/cache/redis overdue",
      "apps/billing/webhook-secret overdue",
      "apps/web/session-key due",
      "integrations/stripe/api-key due",
    ]);
    h.mock.clock.advance("50d"); // staging smtp was written 5d ago: due 5 days from then
    const later = await h.ok("scaivault_get_secrets_due_rotation", { within_hours: 24 * 10, include_overdue: false });
    expect(paths(later)).toEqual(["environments/staging/smtp upcoming"]);
  });

  it("READ_ONLY refuses create before the API", async () => {
    h = await connect({ readOnly: true });
    const before = requestsSeen(h.mock);
    expectRefused(await h.call("scaivault_create_rotation_policy", { name: "x", interval: "30d" }), "read_only");
    expect(requestsSeen(h.mock)).toBe(before);
  });

  it("ALLOWED/DENIED_PATHS filter the due list and guard attached paths", async () => {
    h = await connect({ allowedPaths: ["apps", "integrations"], deniedPaths: ["apps/billing"] });
    const due = await h.ok("scaivault_get_secrets_due_rotation");
    expect(paths(due)).toEqual(["apps/web/session-key due", "integrations/stripe/api-key due"]);
    const before = requestsSeen(h.mock);
    expectRefused(
      await h.call("scaivault_create_rotation_policy", {
        name: "x",
        interval: "30d",
        secret_paths: ["apps/web/session-key", "infra/cache/redis"],
      }),
      "path_not_allowed",
    );
    expectRefused(
      await h.call("scaivault_create_rotation_policy", {
        name: "x",
        interval: "30d",
        secret_paths: ["apps/billing/webhook-secret"],
      }),
      "path_denied",
    );
    expect(requestsSeen(h.mock)).toBe(before);
  });

  it("reports vault errors as error results", async () => {
    h = await connect();
    expect(textOf(await h.call("scaivault_create_rotation_policy", { name: "quarterly", interval: "90d" }))).toMatch(
      /^rotation_policy_exists: /,
    );
    expect(textOf(await h.call("scaivault_get_secrets_due_rotation", { policy_id: "rot_nope" }))).toMatch(
      /^rotation_policy_not_found: /,
    );
  });
});
