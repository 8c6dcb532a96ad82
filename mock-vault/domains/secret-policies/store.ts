import { conflict, notFound } from "../../core/errors.js";
import type { StoreEnv } from "../../core/vault.js";
import { type FieldSpec, generate, POLICY_TYPES, validateFields } from "./generators.js";

export type PolicyType = (typeof POLICY_TYPES)[number]["policy_type"];

export interface SecretPolicyRecord {
  id: string;
  name: string;
  description: string;
  policy_type: PolicyType;
  fields: FieldSpec[];
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export interface SecretPolicyInput {
  name: string;
  description?: string | undefined;
  policy_type: PolicyType;
  fields: FieldSpec[];
  is_active?: boolean | undefined;
}

/** What secret policies ask of other domains; domains/stores.ts hands it over. */
export interface SecretPoliciesCollaborators {
  /** What still uses a secret policy (rotation policies, secrets): asked before one is deleted. */
  usersOf(secretPolicyId: string): { rotationPolicyIds: string[]; secretPaths: string[] };
}

/** Value-generation recipes of one tenant (secret policies), and their previews. */
export class SecretPoliciesStore {
  state = { policies: [] as SecretPolicyRecord[] };

  constructor(
    readonly env: StoreEnv,
    private readonly collaborators: SecretPoliciesCollaborators,
  ) {}

  #find(id: string): SecretPolicyRecord {
    const policy = this.state.policies.find((p) => p.id === id);
    if (!policy) throw notFound("secret_policy_not_found", `Secret policy '${id}' not found`, { secret_policy_id: id });
    return policy;
  }

  list(options: { policyType?: string | null; includeInactive?: boolean } = {}) {
    return this.state.policies
      .filter(
        (p) =>
          (options.includeInactive || p.is_active) && (!options.policyType || p.policy_type === options.policyType),
      )
      .map((p) => structuredClone(p));
  }

  get(id: string): SecretPolicyRecord {
    return structuredClone(this.#find(id));
  }

  has(id: string): boolean {
    return this.state.policies.some((p) => p.id === id);
  }

  create(input: SecretPolicyInput, id?: string): SecretPolicyRecord {
    validateFields(input.fields);
    const now = this.env.vault.clock.iso();
    const policy: SecretPolicyRecord = {
      id: id ?? this.env.vault.ids.next("sp"),
      name: input.name,
      description: input.description ?? "",
      policy_type: input.policy_type,
      fields: structuredClone(input.fields).map((f) => ({ ...f, config: f.config ?? {} })),
      is_active: input.is_active ?? true,
      created_at: now,
      updated_at: now,
    };
    this.state.policies.push(policy);
    return structuredClone(policy);
  }

  update(id: string, input: Partial<SecretPolicyInput>): SecretPolicyRecord {
    const policy = this.#find(id);
    if (input.fields) validateFields(input.fields);
    if (input.name !== undefined) policy.name = input.name;
    if (input.description !== undefined) policy.description = input.description;
    if (input.policy_type !== undefined) policy.policy_type = input.policy_type;
    if (input.fields !== undefined)
      policy.fields = structuredClone(input.fields).map((f) => ({ ...f, config: f.config ?? {} }));
    if (input.is_active !== undefined) policy.is_active = input.is_active;
    policy.updated_at = this.env.vault.clock.iso();
    return structuredClone(policy);
  }

  /** 409 secret_policy_in_use while a rotation policy or a secret still uses it. */
  remove(id: string): void {
    this.#find(id);
    const { rotationPolicyIds: rotation, secretPaths: secrets } = this.collaborators.usersOf(id);
    if (rotation.length || secrets.length)
      throw conflict(
        "secret_policy_in_use",
        `Secret policy '${id}' is still used by ${rotation.length + secrets.length} rotation policies or secrets.`,
        {
          rotation_policy_ids: rotation,
          secret_count: secrets.length,
        },
      );
    this.state.policies = this.state.policies.filter((p) => p.id !== id);
  }

  /** New values from a stored recipe (used by rotation); undefined when the policy is missing or inactive. */
  generateFor(id: string): Record<string, string> | undefined {
    const policy = this.state.policies.find((p) => p.id === id);
    if (!policy?.is_active) return undefined;
    return generate(policy.fields, this.env.vault);
  }

  /** A preview from a stored policy or an unsaved recipe; stores nothing. */
  preview(source: { policyId: string } | { fields: FieldSpec[]; policy_type?: PolicyType | undefined }) {
    const policy = "policyId" in source ? this.#find(source.policyId) : undefined;
    const fields = policy ? policy.fields : (source as { fields: FieldSpec[] }).fields;
    if (!policy) validateFields(fields);
    return {
      secret_policy_id: policy?.id ?? null,
      policy_type: policy?.policy_type ?? (source as { policy_type?: PolicyType }).policy_type ?? "custom",
      data: generate(fields, this.env.vault),
      generated_at: this.env.vault.clock.iso(),
      preview: true,
    };
  }
}

export { POLICY_TYPES };
