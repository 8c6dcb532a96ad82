import { z } from "zod";
import { VaultError } from "../client/errors.js";
import {
  AccessPolicy,
  AccessPolicyList,
  IdentityType,
  Permission,
  PolicyTestResult,
} from "../client/schemas/access-policies.js";
import { group, tool } from "./define.js";
import { Cursor, Limit, SecretPath, strictArgs, Timestamp, utc } from "./schemas.js";

/** The policy as created, plus the bindings that failed (a failed binding does not undo the creation). */
const CreatedPolicy = AccessPolicy.extend({
  bind_errors: z
    .array(z.object({ identity_type: z.string(), identity_id: z.string(), code: z.string(), message: z.string() }))
    .optional(),
});

const PolicyId = z.string().min(1).max(128).describe("Access policy id, e.g. pol_abc123");
const IdentityId = z.string().min(1).max(256).describe("e.g. sa:report-runner, user:alice@acme.example, group:sre");

/** The path globs of a policy's deny rules, quoted, for the confirmation's question. */
function deniedPatterns(rules: unknown): string {
  const list = Array.isArray(rules) ? (rules as { effect?: string; path_pattern?: string }[]) : [];
  return list
    .filter((rule) => rule.effect === "deny")
    .map((rule) => `'${String(rule.path_pattern)}'`)
    .join(", ");
}

/** The access_policies tools (declared as data; see define.ts). */
export const accessPoliciesTools = group("access_policies", [
  tool({
    name: "scaivault_list_policies",
    title: "List access policies",
    description:
      "List access policies (who may do what on which paths): names, rule and binding counts. Paged. Not secret policies (value-generation templates) or rotation policies (schedules).",
    access: "read",
    scopes: ["policies:read"],
    input: { include_inactive: z.boolean().optional(), limit: Limit, cursor: Cursor },
    output: AccessPolicyList.shape,
    run: (client, args, signal) => client.accessPolicies.list(args, signal),
  }),

  tool({
    name: "scaivault_get_policy",
    title: "Get access policy",
    description:
      "One access policy with its rules (path glob, permissions, conditions) and bindings to identities. For a secret policy (value-generation template) use scaivault_get_secret_policy.",
    access: "read",
    scopes: ["policies:read"],
    input: { policy_id: PolicyId },
    output: AccessPolicy.shape,
    run: (client, { policy_id }, signal) => client.accessPolicies.get(policy_id, signal),
  }),

  tool({
    name: "scaivault_create_policy",
    title: "Create access policy",
    description:
      "Create an access policy: rules allow or deny permissions on path globs (* = one segment, ** = any depth); bindings attach it to users, service accounts or groups. A deny rule stops their access at once. A binding that fails is listed in bind_errors; the policy stays created.",
    access: "write",
    scopes: ["policies:write"],
    destructive: true,
    confirm: {
      ask: ({ name, rules }) =>
        `Create access policy '${String(name)}', denying ${deniedPatterns(rules)}? Whoever it binds loses that access at once.`,
      when: [{ arg: "rules[].effect", equals: "deny" }],
    },
    paths: [{ arg: "rules[].path_pattern", kind: "pattern" }],
    input: {
      name: z.string().min(1).max(128),
      description: z.string().max(1024).optional(),
      rules: z
        .array(
          strictArgs({
            path_pattern: z.string().min(1).max(512).describe("Glob, e.g. integrations/**"),
            permissions: z.array(Permission).min(1),
            conditions: z.record(z.string(), z.unknown()).optional().describe("ip_ranges, require_mfa"),
            effect: z.enum(["allow", "deny"]).optional().describe("deny wins over allow (default allow)"),
          }),
        )
        .min(1)
        .max(100),
      bindings: z
        .array(
          strictArgs({
            identity_type: IdentityType,
            identity_id: IdentityId,
            expires_at: Timestamp.optional().describe("Binding ends at, e.g. 2026-06-01T00:00:00Z"),
          }),
        )
        .max(50)
        .optional(),
    },
    output: CreatedPolicy.shape,
    // A failed binding does not undo the creation: the policy exists, so it is returned with what did not bind.
    run: async (client, { bindings, ...body }, signal) => {
      const policy = await client.accessPolicies.create(body, signal);
      if (!bindings?.length) return policy;
      const bind_errors: { identity_type: string; identity_id: string; code: string; message: string }[] = [];
      for (const { expires_at, ...binding } of bindings) {
        try {
          const bound = await client.accessPolicies.bind(
            policy.id,
            { ...binding, expires_at: expires_at === undefined ? undefined : utc(expires_at) },
            signal,
          );
          policy.bindings.push(bound);
        } catch (error) {
          if (!(error instanceof VaultError)) throw error;
          bind_errors.push({ ...binding, code: error.code, message: error.message });
        }
      }
      return { ...policy, bind_errors };
    },
  }),

  tool({
    name: "scaivault_test_policy",
    title: "Test access",
    description:
      "Dry-run an access check against the access policies: may identity_id do permission on path? Says allowed or denied and which rule and policy decided. Changes nothing.",
    access: "read",
    scopes: ["policies:read"],
    idempotent: true,
    paths: [{ arg: "path", kind: "exact" }],
    input: {
      identity_id: IdentityId,
      path: SecretPath,
      permission: Permission,
      context: strictArgs({ source_ip: z.string().max(64).optional(), mfa_verified: z.boolean().optional() })
        .optional()
        .describe("For rules with conditions"),
    },
    output: PolicyTestResult.shape,
    run: (client, args, signal) => client.accessPolicies.test(args, signal),
  }),
]);
