import { parseDuration } from "../../core/duration.js";
import { badRequest, conflict, notFound } from "../../core/errors.js";
import type { StoreEnv } from "../../core/vault.js";
import type { SecretPoliciesStore } from "../secret-policies/store.js";
import type { SecretData, SecretLinks, SecretsStore } from "../secrets/store.js";
import { regenerate } from "./regenerate.js";

export interface RotationPolicyRecord {
  id: string;
  name: string;
  description: string;
  interval: string;
  interval_seconds: number;
  grace_period: string;
  warn_before: string;
  auto_generate: boolean;
  secret_policy_id: string | null;
  webhook_ids: string[];
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export interface RotationPolicyInput {
  name: string;
  interval: string;
  description?: string | undefined;
  grace_period?: string | undefined;
  warn_before?: string | undefined;
  auto_generate?: boolean | undefined;
  secret_policy_id?: string | null | undefined;
  webhook_ids?: string[] | undefined;
}

export interface RotationHistoryItem {
  id: string;
  rotation_policy_id: string;
  secret_path: string;
  status: "success" | "failed";
  old_version: number | null;
  new_version: number | null;
  auto_generated: boolean;
  triggered_by: string | null;
  started_at: string;
  completed_at: string;
  error: { code: string; message: string } | null;
}

export type DueStatus = "upcoming" | "due" | "overdue";

const HOUR_MS = 3_600_000;
/** Identity of scheduled rotations and their events (the docs' envelope example). */
export const SCHEDULER = "system:rotation-scheduler";

function duration(text: string, field: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0)
    throw badRequest("invalid_duration", `${field} '${text.slice(0, 40)}' did not parse (use e.g. 90d, 48h, 30m).`, {
      field,
    });
  return ms;
}

/**
 * Rotation policies of one tenant. Schedules run per secret from its last rotation: the later of
 * last_rotated_at and its current version's write time (an event-driven rotation is a plain PUT).
 * "due" = past the due time, within the grace period; "overdue" = past the grace period too.
 */
/** What rotation asks of other domains; domains/stores.ts hands them over. */
export interface RotationCollaborators {
  /** The tenant's secrets: rotation schedules, links and rotates them. */
  secrets: Pick<SecretsStore, "all" | "peek" | "link" | "rotate">;
  /** The tenant's secret policies: the recipes rotation generates values from. */
  secretPolicies: Pick<SecretPoliciesStore, "has" | "generateFor">;
}

export class RotationStore {
  /** `checked_until`: the clock time up to which schedule transitions have been acted on. */
  state = { policies: [] as RotationPolicyRecord[], history: [] as RotationHistoryItem[], checked_until: 0 };

  readonly #secrets: RotationCollaborators["secrets"];
  readonly #secretPolicies: RotationCollaborators["secretPolicies"];

  constructor(
    readonly env: StoreEnv,
    collaborators: RotationCollaborators,
  ) {
    this.#secrets = collaborators.secrets;
    this.#secretPolicies = collaborators.secretPolicies;
    this.state.checked_until = env.vault.clock.nowMs();
  }

  /**
   * New values for rotating a secret that brings none: from the secret's own secret policy, else
   * the one its rotation policy names, else the same keys with fresh values of the same shape.
   */
  valuesFor(current: SecretData, secret: SecretLinks): SecretData {
    const viaRotation = this.state.policies.find((p) => p.id === secret.rotation_policy_id)?.secret_policy_id;
    // A dangling link rotates with fresh values of the same shape.
    const policyId = secret.secret_policy_id ?? viaRotation ?? null;
    return (
      (policyId ? this.#secretPolicies.generateFor(policyId) : undefined) ?? regenerate(current, this.env.vault.ids)
    );
  }

  #now(): string {
    return this.env.vault.clock.iso();
  }

  #find(id: string): RotationPolicyRecord {
    const policy = this.state.policies.find((p) => p.id === id);
    if (!policy)
      throw notFound("rotation_policy_not_found", `Rotation policy '${id}' not found`, { rotation_policy_id: id });
    return policy;
  }

  #view(policy: RotationPolicyRecord) {
    let secrets_count = 0;
    for (const secret of this.#secrets.all()) if (secret.rotation_policy_id === policy.id) secrets_count++;
    return { ...structuredClone(policy), secrets_count };
  }

  #checkSecretPolicy(id: string | null | undefined): void {
    if (id && !this.#secretPolicies.has(id))
      throw notFound("secret_policy_not_found", `Secret policy '${id}' not found`, { secret_policy_id: id });
  }

  #checkName(name: string, except?: string): void {
    if (this.state.policies.some((p) => p.name === name && p.id !== except))
      throw conflict("rotation_policy_exists", `A rotation policy named '${name}' already exists in this tenant.`, {
        name,
      });
  }

  /** Ids of the rotation policies that generate from a secret policy. */
  /** A policy's name, or null when there is no policy by that id. */
  policyName(id: string): string | null {
    return this.state.policies.find((p) => p.id === id)?.name ?? null;
  }

  usingSecretPolicy(secretPolicyId: string): string[] {
    return this.state.policies.filter((p) => p.secret_policy_id === secretPolicyId).map((p) => p.id);
  }

  list(activeOnly: boolean) {
    return this.state.policies.filter((p) => !activeOnly || p.is_active).map((p) => this.#view(p));
  }

  get(id: string) {
    return this.#view(this.#find(id));
  }

  create(input: RotationPolicyInput, id?: string) {
    const intervalMs = duration(input.interval, "interval");
    duration(input.grace_period ?? "48h", "grace_period");
    for (const w of (input.warn_before ?? "7d,1d").split(",")) duration(w.trim(), "warn_before");
    this.#checkName(input.name);
    this.#checkSecretPolicy(input.secret_policy_id);
    const now = this.#now();
    const policy: RotationPolicyRecord = {
      id: id ?? this.env.vault.ids.next("rot"),
      name: input.name,
      description: input.description ?? "",
      interval: input.interval,
      interval_seconds: intervalMs / 1000,
      grace_period: input.grace_period ?? "48h",
      warn_before: (input.warn_before ?? "7d,1d").replace(/\s+/g, ""),
      auto_generate: input.auto_generate ?? false,
      secret_policy_id: input.secret_policy_id ?? null,
      webhook_ids: [...(input.webhook_ids ?? [])],
      is_active: true,
      created_at: now,
      updated_at: now,
    };
    this.state.policies.push(policy);
    return this.#view(policy);
  }

  update(id: string, input: Partial<RotationPolicyInput> & { is_active?: boolean | undefined }) {
    const policy = this.#find(id);
    if (input.interval !== undefined) {
      policy.interval_seconds = duration(input.interval, "interval") / 1000;
      policy.interval = input.interval;
    }
    if (input.grace_period !== undefined) {
      duration(input.grace_period, "grace_period");
      policy.grace_period = input.grace_period;
    }
    if (input.warn_before !== undefined) {
      for (const w of input.warn_before.split(",")) duration(w.trim(), "warn_before");
      policy.warn_before = input.warn_before.replace(/\s+/g, "");
    }
    if (input.name !== undefined) {
      this.#checkName(input.name, id);
      policy.name = input.name;
    }
    if (input.secret_policy_id !== undefined) {
      this.#checkSecretPolicy(input.secret_policy_id);
      policy.secret_policy_id = input.secret_policy_id;
    }
    if (input.description !== undefined) policy.description = input.description;
    if (input.auto_generate !== undefined) policy.auto_generate = input.auto_generate;
    if (input.webhook_ids !== undefined) policy.webhook_ids = [...input.webhook_ids];
    if (input.is_active !== undefined) policy.is_active = input.is_active;
    policy.updated_at = this.#now();
    return this.#view(policy);
  }

  /** Deleting detaches every attached secret. */
  remove(id: string): void {
    this.#find(id);
    for (const secret of [...this.#secrets.all()])
      if (secret.rotation_policy_id === id) this.#secrets.link(secret.path, { rotation_policy_id: null });
    this.state.policies = this.state.policies.filter((p) => p.id !== id);
  }

  attach(id: string, path: string) {
    const policy = this.#find(id);
    this.#secrets.link(path, { rotation_policy_id: id });
    const schedule = this.#schedule(policy, path);
    return {
      rotation_policy_id: id,
      secret_path: path,
      attached_at: this.#now(),
      last_rotated_at: schedule.last,
      next_rotation_at: schedule.due,
    };
  }

  detach(id: string, path: string): void {
    this.#find(id);
    const secret = this.#secrets.peek(path);
    if (!secret || secret.rotation_policy_id !== id)
      throw notFound("secret_not_found", `Secret '${path}' is not attached to rotation policy '${id}'.`, { path });
    this.#secrets.link(path, { rotation_policy_id: null });
  }

  #schedule(policy: RotationPolicyRecord, path: string) {
    const secret = this.#secrets.peek(path);
    if (!secret) throw notFound("secret_not_found", `Secret '${path}' not found`, { path });
    const written = secret.versions.find((v) => v.version === secret.current_version)?.created_at ?? secret.created_at;
    const lastMs = Math.max(Date.parse(written), secret.last_rotated_at ? Date.parse(secret.last_rotated_at) : 0);
    const dueMs = lastMs + policy.interval_seconds * 1000;
    const graceMs = parseDuration(policy.grace_period) ?? 48 * HOUR_MS;
    return {
      lastMs,
      dueMs,
      graceEndsMs: dueMs + graceMs,
      last: new Date(lastMs).toISOString(),
      due: new Date(dueMs).toISOString(),
    };
  }

  /** Secrets of active policies whose rotation falls due within the window (and, unless excluded, those overdue). */
  due(options: { withinHours: number; includeOverdue: boolean; policyId?: string | null }) {
    if (options.policyId) this.#find(options.policyId);
    const nowMs = this.env.vault.clock.nowMs();
    const horizon = nowMs + options.withinHours * HOUR_MS;
    const byId = new Map(this.state.policies.filter((p) => p.is_active).map((p) => [p.id, p]));
    const data = [];
    for (const secret of this.#secrets.all()) {
      const policy = secret.rotation_policy_id ? byId.get(secret.rotation_policy_id) : undefined;
      if (!policy || (options.policyId && policy.id !== options.policyId)) continue;
      const s = this.#schedule(policy, secret.path);
      if (s.dueMs > horizon) continue;
      const status: DueStatus = nowMs < s.dueMs ? "upcoming" : nowMs < s.graceEndsMs ? "due" : "overdue";
      if (status === "overdue" && !options.includeOverdue) continue;
      data.push({
        path: secret.path,
        rotation_policy_id: policy.id,
        rotation_policy_name: policy.name,
        interval: policy.interval,
        auto_generate: policy.auto_generate,
        last_rotated_at: s.last,
        due_at: s.due,
        grace_period_ends: new Date(s.graceEndsMs).toISOString(),
        status,
        hours_until_due: Math.round((s.dueMs - nowMs) / 360_000) / 10,
      });
    }
    data.sort((a, b) => a.due_at.localeCompare(b.due_at) || a.path.localeCompare(b.path));
    return { data, as_of: new Date(nowMs).toISOString(), within_hours: options.withinHours };
  }

  /**
   * The clock moved to `toMs`: acts on each schedule transition since the last check, once, in
   * path order. Crossing a warn_before threshold emits rotation.due; reaching the due time emits
   * rotation.due with due_now and, with auto_generate, rotates (as system:rotation-scheduler);
   * passing the grace period of a manual policy emits rotation.overdue. A jump across several
   * transitions acts on the one it lands in (an auto rotation runs once, at the new time).
   */
  scheduleTick(toMs: number): void {
    // A snapshot from before this field existed has none: start checking from now.
    const fromMs = this.state.checked_until ?? toMs;
    if (toMs <= fromMs) return;
    this.state.checked_until = toMs;
    const crossed = (atMs: number) => fromMs < atMs && atMs <= toMs;
    const byId = new Map(this.state.policies.filter((p) => p.is_active).map((p) => [p.id, p]));
    const attached = [...this.#secrets.all()]
      .filter((secret) => secret.rotation_policy_id && byId.has(secret.rotation_policy_id))
      .map((secret) => ({
        path: secret.path,
        policy: byId.get(secret.rotation_policy_id as string) as RotationPolicyRecord,
      }))
      .sort((a, b) => a.path.localeCompare(b.path));
    for (const { path, policy } of attached) {
      const s = this.#schedule(policy, path);
      const about = { path, rotation_policy_id: policy.id, rotation_policy_name: policy.name, due_at: s.due };
      if (!policy.auto_generate && crossed(s.graceEndsMs)) {
        const grace_period_ends = new Date(s.graceEndsMs).toISOString();
        this.env.emit("rotation.overdue", { ...about, grace_period_ends }, SCHEDULER);
      } else if (crossed(s.dueMs)) {
        this.env.emit("rotation.due", { ...about, warn_before: null, due_now: true }, SCHEDULER);
        if (policy.auto_generate) this.#scheduledRotation(policy.id, path);
      } else {
        const warn = policy.warn_before
          .split(",")
          .map((w) => [w, parseDuration(w) ?? 0] as const)
          .sort((a, b) => b[1] - a[1])
          .filter(([, ms]) => crossed(s.dueMs - ms))
          .pop();
        if (warn) this.env.emit("rotation.due", { ...about, warn_before: warn[0], due_now: false }, SCHEDULER);
      }
    }
  }

  /** An auto_generate rotation the schedule fires: rotated like rotate-now, and audited as the scheduler's. */
  #scheduledRotation(policyId: string, path: string): void {
    const vault = this.env.vault;
    const [item] = this.rotateNow(policyId, [path], SCHEDULER);
    const ok = item?.status === "success";
    vault.audit.append({
      id: vault.ids.next("aud"),
      timestamp: vault.clock.iso(),
      tenant_id: this.env.tenantId,
      actor: SCHEDULER,
      actor_type: "system",
      action: "rotate",
      method: "POST",
      resource_type: "secret",
      path,
      outcome: ok ? "success" : "error",
      status: ok ? 200 : 500,
      error_code: ok ? null : (item?.error?.code ?? "rotation_failed"),
      request_id: vault.ids.next("req", 16),
      source_ip: "127.0.0.1",
    });
  }

  /**
   * Rotates now: the given attached secrets, or all of them, with new values from valuesFor
   * (secret policy, else the same shape); `denied` vetoes a path (access policy).
   */
  rotateNow(
    id: string,
    paths: string[] | undefined,
    actor: string | null,
    denied: (path: string) => string | null = () => null,
  ): RotationHistoryItem[] {
    const policy = this.#find(id);
    const attached = [...this.#secrets.all()].filter((s) => s.rotation_policy_id === id).map((s) => s.path);
    const targets = paths ?? attached.sort();
    const items: RotationHistoryItem[] = [];
    for (const path of targets) {
      const started = this.#now();
      const base = {
        id: this.env.vault.ids.next("rth"),
        rotation_policy_id: id,
        secret_path: path,
        triggered_by: actor,
        started_at: started,
      };
      const fail = (code: string, message: string): RotationHistoryItem => ({
        ...base,
        status: "failed",
        old_version: null,
        new_version: null,
        auto_generated: true,
        completed_at: this.#now(),
        error: { code, message },
      });
      let item: RotationHistoryItem;
      const reason = denied(path);
      if (!attached.includes(path))
        item = fail("secret_not_attached", `Secret '${path}' is not attached to this policy.`);
      else if (reason) item = fail("access_denied", reason);
      else {
        const result = this.#secrets.rotate(path, undefined, actor);
        item = {
          ...base,
          status: "success",
          old_version: result.old_version,
          new_version: result.new_version,
          auto_generated: true,
          completed_at: this.#now(),
          error: null,
        };
      }
      this.state.history.push(item);
      items.push(item);
      if (item.status === "success")
        this.env.emit(
          "rotation.completed",
          {
            path,
            rotation_policy_id: id,
            rotation_policy_name: policy.name,
            old_version: item.old_version,
            new_version: item.new_version,
          },
          actor,
        );
      else this.env.emit("rotation.failed", { path, rotation_policy_id: id, error: item.error }, actor);
    }
    return structuredClone(items);
  }

  history(id: string, status: string | null) {
    this.#find(id);
    return this.state.history
      .filter((h) => h.rotation_policy_id === id && (!status || h.status === status))
      .reverse()
      .map((h) => structuredClone(h));
  }
}
