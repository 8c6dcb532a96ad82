import { conflict, notFound } from "../../core/errors.js";
import type { AccessDecision, AccessRequest, StoreEnv } from "../../core/vault.js";
import type { IdentityStore } from "../identity/store.js";
import { AllowCache } from "./allow-cache.js";
import {
  type Binding,
  boundPolicies,
  type Decision,
  type EvalContext,
  type EvalInput,
  evaluate,
  type PolicyRecord,
  type Rule,
  validateGlob,
} from "./evaluate.js";

export interface PolicyInput {
  name: string;
  description?: string | undefined;
  rules: Rule[];
  scope?: "tenant" | "partner" | undefined;
  is_active?: boolean | undefined;
}

export interface BindingInput {
  identity_type: Binding["identity_type"];
  identity_id: string;
  expires_at?: string | undefined;
}

export interface TestInput {
  identity_id: string;
  path: string;
  permission: string;
  context?: EvalContext | undefined;
}

/**
 * Context of a live request: the mock's requests come from 127.0.0.1 and carry no MFA. A dry run
 * without context is evaluated in the same context, so it answers what a live request would get.
 */
const LIVE_CONTEXT: EvalContext = { source_ip: "127.0.0.1", mfa_verified: false };

/** The error-code reference's code for each rule condition a request can fail. */
const CONDITION_CODES: Record<string, string> = {
  ip_ranges: "ip_not_allowed",
  require_mfa: "mfa_required",
  time_window: "time_window_violation",
};

/**
 * Access policies of one tenant and their bindings. Group bindings resolve through the tenant's
 * identity cache (the identity store, mirrored from ScaiKey), handed over as `groupsOf`.
 */
export class AccessPoliciesStore {
  state = { policies: [] as PolicyRecord[] };

  readonly #groupsOf: (identityId: string) => readonly string[];
  readonly #allows = new AllowCache();
  /** Bumped by every change to the policies or their bindings: the allow cache starts over. */
  #generation = 0;

  constructor(
    readonly env: StoreEnv,
    identity: Pick<IdentityStore, "groupSetOf">,
  ) {
    this.#groupsOf = (id) => identity.groupSetOf(id);
  }

  #now(): string {
    return this.env.vault.clock.iso();
  }

  #find(id: string): PolicyRecord {
    const policy = this.state.policies.find((p) => p.id === id);
    if (!policy) throw notFound("policy_not_found", `Policy '${id}' not found`, { policy_id: id });
    return policy;
  }

  list(options: { includeInactive?: boolean; scope?: string | null } = {}) {
    return this.state.policies
      .filter((p) => (options.includeInactive || p.is_active) && (!options.scope || p.scope === options.scope))
      .map(summaryView);
  }

  get(id: string) {
    return structuredClone(this.#find(id));
  }

  create(input: PolicyInput, actor: string | null = null, id?: string) {
    for (const rule of input.rules) validateGlob(rule.path_pattern);
    const now = this.#now();
    const policy: PolicyRecord = {
      id: id ?? this.env.vault.ids.next("pol"),
      name: input.name,
      description: input.description ?? "",
      scope: input.scope ?? "tenant",
      rules: structuredClone(input.rules),
      bindings: [],
      is_active: input.is_active ?? true,
      created_at: now,
      updated_at: now,
    };
    this.state.policies.push(policy);
    this.#generation += 1;
    this.env.emit(
      "policy.created",
      { policy_id: policy.id, name: policy.name, rule_count: policy.rules.length },
      actor,
    );
    return structuredClone(policy);
  }

  /** PUT replaces rules and metadata, PATCH only the given fields; bindings are kept either way. */
  update(id: string, input: Partial<PolicyInput>, actor: string | null = null) {
    const policy = this.#find(id);
    for (const rule of input.rules ?? []) validateGlob(rule.path_pattern);
    if (input.name !== undefined) policy.name = input.name;
    if (input.description !== undefined) policy.description = input.description;
    if (input.rules !== undefined) policy.rules = structuredClone(input.rules);
    if (input.scope !== undefined) policy.scope = input.scope;
    if (input.is_active !== undefined) policy.is_active = input.is_active;
    policy.updated_at = this.#now();
    this.#generation += 1;
    this.env.emit("policy.updated", { policy_id: id, name: policy.name }, actor);
    return structuredClone(policy);
  }

  /** 409 policy_in_use while bindings exist, unless `force` (which removes them). */
  remove(id: string, force: boolean, actor: string | null = null): void {
    const policy = this.#find(id);
    if (policy.bindings.length > 0 && !force)
      throw conflict(
        "policy_in_use",
        `Policy '${id}' still has ${policy.bindings.length} binding(s); use force=true to remove them.`,
        {
          policy_id: id,
          binding_count: policy.bindings.length,
        },
      );
    for (const binding of policy.bindings)
      this.env.emit(
        "policy.binding.deleted",
        { policy_id: id, binding_id: binding.id, identity_id: binding.identity_id },
        actor,
      );
    this.state.policies = this.state.policies.filter((p) => p.id !== id);
    this.#generation += 1;
    this.env.emit("policy.deleted", { policy_id: id, name: policy.name }, actor);
  }

  bindings(id: string) {
    return structuredClone(this.#find(id).bindings);
  }

  bind(id: string, input: BindingInput, actor: string | null = null): Binding {
    const policy = this.#find(id);
    const binding: Binding = {
      id: this.env.vault.ids.next("bnd"),
      identity_type: input.identity_type,
      identity_id: input.identity_id,
      expires_at: input.expires_at ?? null,
      created_at: this.#now(),
    };
    policy.bindings.push(binding);
    policy.updated_at = binding.created_at;
    this.#generation += 1;
    this.env.emit(
      "policy.binding.created",
      { policy_id: id, binding_id: binding.id, identity_type: binding.identity_type, identity_id: binding.identity_id },
      actor,
    );
    return structuredClone(binding);
  }

  unbind(id: string, bindingId: string, actor: string | null = null): void {
    const policy = this.#find(id);
    const binding = policy.bindings.find((b) => b.id === bindingId);
    if (!binding)
      throw notFound("binding_not_found", `Binding '${bindingId}' not found on policy '${id}'`, {
        binding_id: bindingId,
      });
    policy.bindings = policy.bindings.filter((b) => b.id !== bindingId);
    policy.updated_at = this.#now();
    this.#generation += 1;
    this.env.emit(
      "policy.binding.deleted",
      { policy_id: id, binding_id: bindingId, identity_id: binding.identity_id },
      actor,
    );
  }

  /** The policies bound to an identity, directly or through its groups: what it may be granted at all. */
  boundTo(identityId: string) {
    const principals = new Set([identityId, ...this.#groupsOf(identityId)]);
    return boundPolicies(this.state.policies, principals, this.env.vault.clock.nowMs()).map(
      ({ policy, binding, via }) => ({
        id: policy.id,
        name: policy.name,
        via,
        binding_id: binding.id,
        expires_at: binding.expires_at,
      }),
    );
  }

  /** The one decision: live requests and the dry run both come here, for users and service accounts alike. */
  decide(identityId: string, path: string, permission: string, context: EvalContext = {}, nowMs?: number): Decision {
    return evaluate(this.state.policies, this.#input(identityId, path, permission, context, nowMs));
  }

  #input(identityId: string, path: string, permission: string, context: EvalContext, nowMs?: number): EvalInput {
    return {
      identityId,
      groups: this.#groupsOf(identityId),
      path,
      permission,
      context: { ...LIVE_CONTEXT, ...context },
      nowMs: nowMs ?? this.env.vault.clock.nowMs(),
    };
  }

  /** Dry run: decides and explains, changes nothing. */
  test(input: TestInput): Decision & { identity_id: string; path: string; permission: string; evaluated_at: string } {
    const nowMs = input.context?.timestamp ? Date.parse(input.context.timestamp) : this.env.vault.clock.nowMs();
    const decision = this.decide(input.identity_id, input.path, input.permission, input.context, nowMs);
    return {
      identity_id: input.identity_id,
      path: input.path,
      permission: input.permission,
      ...decision,
      evaluated_at: new Date(nowMs).toISOString(),
    };
  }

  /**
   * A live request: the same decision in the request's context (its source address, the token's
   * MFA), and a policy.violation event when denied. A rule that would grant but for a condition
   * answers that condition's code, naming it in `failed_condition`.
   */
  authorize(request: AccessRequest): AccessDecision {
    const id = request.identity.identity_id;
    const context: EvalContext = {
      source_ip: request.sourceIp ?? LIVE_CONTEXT.source_ip,
      mfa_verified: Boolean(request.identity.mfa_verified_at),
    };
    const path = request.path ?? "";
    // Most requests are allowed: only a refusal needs the explained decision, made of the same
    // input. The context already holds every field of LIVE_CONTEXT, so it is #input's without the copy.
    const input: EvalInput = {
      identityId: id,
      groups: this.#groupsOf(id),
      path,
      permission: request.permission,
      context,
      nowMs: this.env.vault.clock.nowMs(),
    };
    if (this.#allows.permits(this.state, this.#generation, input)) return { allowed: true };
    const decision = evaluate(this.state.policies, input);
    this.env.emit(
      "policy.violation",
      { path: request.path, identity_id: id, permission: request.permission, reason: decision.reason },
      id,
    );
    const condition = decision.failed_condition;
    if (condition)
      return {
        allowed: false,
        code: CONDITION_CODES[condition] ?? "access_denied",
        reason: `Access denied: ${decision.reason}`,
        details: { failed_condition: condition },
      };
    return { allowed: false, code: "access_denied", reason: `Access denied: ${decision.reason}` };
  }
}

function summaryView(p: PolicyRecord) {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    scope: p.scope,
    rule_count: p.rules.length,
    binding_count: p.bindings.length,
    is_active: p.is_active,
    created_at: p.created_at,
    updated_at: p.updated_at,
  };
}
