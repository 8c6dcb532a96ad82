import { z } from "zod";
import { VaultError } from "../client/errors.js";
import { DueList, RotationPolicy, RotationPolicyList } from "../client/schemas/rotation.js";
import { group, tool } from "./define.js";
import { Cursor, Duration, Limit, SecretPath } from "./schemas.js";

/** The policy as created, plus what was attached (attach failures do not undo the creation). */
const CreatedPolicy = RotationPolicy.extend({
  attached: z.array(z.string()).optional(),
  attach_errors: z.array(z.object({ secret_path: z.string(), code: z.string(), message: z.string() })).optional(),
});

/** The rotation tools (declared as data; see define.ts). */
export const rotationTools = group("rotation", [
  tool({
    name: "scaivault_list_rotation_policies",
    title: "List rotation policies",
    description:
      "List rotation policies: schedules (interval, grace period, auto-generation) and how many secrets each rotates. Paged. Not access policies (who may access) or secret policies (how new values are made).",
    access: "read",
    scopes: ["admin"],
    input: { active_only: z.boolean().optional(), limit: Limit, cursor: Cursor },
    output: RotationPolicyList.shape,
    run: (client, args, signal) => client.rotation.list(args, signal),
  }),

  tool({
    name: "scaivault_create_rotation_policy",
    title: "Create rotation policy",
    description:
      "Create a rotation policy: a schedule (e.g. interval 90d) for the secrets attached to it. With auto_generate, new values come from the secret policy (value-generation template) secret_policy_id. Who may access: access policies.",
    access: "write",
    scopes: ["admin"],
    paths: [{ arg: "secret_paths[]", kind: "exact" }],
    input: {
      name: z.string().min(1).max(128),
      interval: Duration.describe("Rotate every, e.g. 90d"),
      description: z.string().max(1024).optional(),
      grace_period: Duration.optional().describe("Old version stays readable (default 48h)"),
      warn_before: z.string().max(128).optional().describe('e.g. "7d,1d"'),
      auto_generate: z.boolean().optional(),
      secret_policy_id: z.string().min(1).max(128).optional().describe("Secret policy new values come from"),
      secret_paths: z.array(SecretPath).max(100).optional().describe("Secrets to attach"),
    },
    output: CreatedPolicy.shape,
    run: async (client, { secret_paths, ...body }, signal) => {
      const policy = await client.rotation.create(body, signal);
      if (!secret_paths?.length) return policy;
      const attached: string[] = [];
      const attach_errors: { secret_path: string; code: string; message: string }[] = [];
      for (const path of secret_paths) {
        try {
          attached.push((await client.rotation.attach(policy.id, path, signal)).secret_path);
        } catch (error) {
          if (!(error instanceof VaultError)) throw error;
          attach_errors.push({ secret_path: path, code: error.code, message: error.message });
        }
      }
      return { ...policy, secrets_count: policy.secrets_count + attached.length, attached, attach_errors };
    },
  }),

  tool({
    name: "scaivault_get_secrets_due_rotation",
    title: "Secrets due for rotation",
    description:
      "Secrets whose rotation falls due within within_hours (default 24), plus overdue ones, with due_at, status (upcoming|due|overdue) and rotation policy.",
    access: "read",
    scopes: ["secrets:rotate"],
    resultPaths: ["data[].path"],
    input: {
      within_hours: z.number().min(0).max(87600).optional().describe("Look-ahead window (default 24)"),
      include_overdue: z.boolean().optional().describe("Default true"),
      policy_id: z.string().min(1).max(128).optional().describe("Only this rotation policy"),
    },
    output: DueList.shape,
    run: (client, args, signal) => client.rotation.due(args, signal),
  }),
]);
