import { z } from "zod";
import {
  Generator,
  PolicyType,
  PolicyTypes,
  SecretPolicy,
  SecretPolicyList,
  SecretPreview,
} from "../client/schemas/secret-policies.js";
import { group, tool } from "./define.js";
import { Cursor, Limit, strictArgs } from "./schemas.js";
import { secretObject } from "./secret-fields.js";

const PolicyId = z.string().min(1).max(128).describe("Secret policy id, e.g. sp_db_passwords");

const Fields = z
  .array(
    strictArgs({
      name: z.string().min(1).max(64).describe("Output key, e.g. password"),
      generator: Generator,
      config: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('e.g. {"length":32,"charset":"safe","require_digit":true}'),
    }),
  )
  .min(1)
  .max(20);

/** The secret_policies tools (declared as data; see define.ts). */
export const secretPoliciesTools = group("secret_policies", [
  tool({
    name: "scaivault_list_secret_policies",
    title: "List secret policies",
    description:
      "List secret policies: value-generation templates that rotation uses to generate new secret values. Paged. Who may access a path: access policies (scaivault_list_policies); when to rotate: rotation policies.",
    access: "read",
    scopes: ["policies:read"],
    input: { policy_type: PolicyType.optional(), limit: Limit, cursor: Cursor },
    output: SecretPolicyList.shape,
    run: (client, args, signal) => client.secretPolicies.list(args, signal),
  }),

  tool({
    name: "scaivault_get_secret_policy",
    title: "Get secret policy",
    description:
      "One secret policy (a value-generation template, not an access policy) with its fields, each with a generator and config.",
    access: "read",
    scopes: ["policies:read"],
    input: { policy_id: PolicyId },
    output: SecretPolicy.shape,
    run: (client, { policy_id }, signal) => client.secretPolicies.get(policy_id, signal),
  }),

  tool({
    name: "scaivault_create_secret_policy",
    title: "Create secret policy",
    description:
      "Create a secret policy: a value-generation template (not an access policy). Generators: random (length, charset alphanumeric|alpha|numeric|safe, require_upper/lower/digit/symbol), hex, uuid, template, static, *_keypair, bcrypt_hash.",
    access: "write",
    scopes: ["policies:write"],
    input: {
      name: z.string().min(1).max(128),
      policy_type: PolicyType,
      fields: Fields,
      description: z.string().max(1024).optional(),
    },
    output: SecretPolicy.shape,
    run: (client, args, signal) => client.secretPolicies.create(args, signal),
  }),

  tool({
    name: "scaivault_generate_secret_preview",
    title: "Preview generated secret",
    description:
      "Generate sample values from a stored secret policy (policy_id) or an unsaved value-generation template (fields) without storing anything. Use to check a template.",
    access: "read",
    scopes: ["policies:read"],
    idempotent: true,
    exactlyOne: [{ args: ["policy_id"] }, { args: ["fields"] }],
    secretFields: secretObject(SecretPreview.shape),
    input: {
      policy_id: PolicyId.optional(),
      fields: Fields.optional().describe("Template to try instead of policy_id"),
    },
    output: SecretPreview.shape,
    // exactlyOne: validation lets through one of the two.
    run: (client, { policy_id, fields }, signal) =>
      policy_id
        ? client.secretPolicies.preview(policy_id, signal)
        : client.secretPolicies.previewFields({ fields: fields as NonNullable<typeof fields> }, signal),
  }),

  tool({
    name: "scaivault_get_policy_types",
    title: "Get secret policy types",
    description:
      "The types a secret policy (value-generation template) can have: password, api_key, oauth_client, ssh_key, custom, with their typical fields. Not access or rotation policies.",
    access: "read",
    scopes: ["policies:read"],
    input: {},
    output: PolicyTypes.shape,
    run: (client, _args, signal) => client.secretPolicies.types(signal),
  }),
]);
