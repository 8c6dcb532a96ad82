import { ApiProblem, badRequest, notFound } from "../../core/errors.js";
import type { TokenRecord } from "../../core/tokens.js";
import type { StoreEnv } from "../../core/vault.js";
import type { ServiceAccountsStore } from "../service-accounts/store.js";

/**
 * The identity cache of one tenant, as ScaiVault mirrors it from ScaiKey: the tenant's record,
 * its users, groups and group memberships (the ones access-policy group bindings resolve
 * through), manual sync runs, and the token-exchange trust relationships that map foreign
 * workload identities to identities of this tenant. Service accounts are the service-accounts
 * store's; this store resolves them and keeps their group memberships.
 */
export const IDENTITY_TYPES = ["user", "service_account", "group"] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];

/** The admin roles ScaiKey assigns (its tokens' `role` claim), widest first. */
export const ROLES = [
  {
    name: "super_admin",
    scope: "platform",
    description: "Administers every partner and tenant. Only a super admin grants or removes it.",
  },
  {
    name: "partner_admin",
    scope: "partner",
    description: "Administers every tenant of its partner: cross-tenant access and role assignment.",
  },
  { name: "tenant_admin", scope: "tenant", description: "Administers one tenant." },
] as const;
export type Role = (typeof ROLES)[number]["name"];
const ROLE_NAMES: readonly string[] = ROLES.map((r) => r.name);

/** What a manual sync takes on the mock clock: the 202 says running, the history says completed after it. */
const SYNC_DURATION_MS = 3_000;
/** Identities whose groups are kept before the cache starts over. */
const MAX_GROUP_SETS = 10_000;

export interface TenantRecord {
  id: string;
  partner_id: string;
  name: string;
  slug: string;
  status: string;
  last_synced_at: string | null;
}

export interface UserRecord {
  id: string;
  email: string;
  display_name: string;
  /** ScaiKey's word: ACTIVE, SUSPENDED. */
  status: string;
  mfa_enabled: boolean;
  /** When the user last passed MFA (whoami answers it for the user's tokens). */
  mfa_verified_at: string | null;
  roles: Role[];
  created_at: string;
  last_synced_at: string;
}

export interface GroupRecord {
  id: string;
  name: string;
  description: string | null;
  created_at: string;
  last_synced_at: string;
}

export interface MembershipRecord {
  group_id: string;
  member_type: "user" | "service_account";
  /** usr_… for a user (emails change, ids do not), sa:<name> for a service account. */
  member_id: string;
  membership_type: "DIRECT";
  added_at: string;
}

/** Who a membership is of. */
type Member = Pick<MembershipRecord, "member_type" | "member_id">;

export interface SyncRecord {
  sync_id: string;
  partner_id: string | null;
  tenant_id: string | null;
  requested_by: string | null;
  started_at: string;
  completed_at: string;
  synced: { partners: number; tenants: number; users: number; groups: number };
}

/** Which foreign tokens POST /v1/auth/exchange accepts, and whom they become (admin UI: Access -> Token Exchange). */
export interface TrustRecord {
  id: string;
  name: string;
  issuer: string;
  /** The token's `sub`, exactly, or a prefix ending in `*`. */
  subject: string;
  /** An `aud` the token must carry; any when null. */
  audience: string | null;
  identity_type: "user" | "service_account";
  identity_id: string;
  /** The scopes an exchanged token holds (a request may ask for fewer). */
  scopes: string[];
  token_ttl_seconds: number;
}

export interface UserInput {
  id: string;
  email: string;
  display_name?: string | undefined;
  status?: string | undefined;
  mfa_enabled?: boolean | undefined;
  mfa_verified_at?: string | null | undefined;
  roles?: string[] | undefined;
}

export interface GroupInput {
  id: string;
  name: string;
  description?: string | null | undefined;
}

const identityNotFound = (type: string, ref: string) =>
  notFound("identity_not_found", `No ${type.replace("_", " ")} '${ref.slice(0, 120)}' in the identity cache.`, {
    identity_type: type,
    identity_id: ref.slice(0, 120),
  });

export class IdentityStore {
  state = {
    tenant: null as TenantRecord | null,
    users: new Map<string, UserRecord>(),
    groups: new Map<string, GroupRecord>(),
    memberships: [] as MembershipRecord[],
    syncs: [] as SyncRecord[],
    trust: [] as TrustRecord[],
  };

  readonly #serviceAccounts: Pick<ServiceAccountsStore, "get">;
  /**
   * groupSetOf's answers, asked on every access check: kept for one state object (a restore or
   * reset brings another) until any user, group or membership changes.
   */
  #groupSets: { of: object; byIdentity: Map<string, readonly string[]> } | undefined;

  constructor(
    readonly env: StoreEnv,
    serviceAccounts: Pick<ServiceAccountsStore, "get">,
  ) {
    this.#serviceAccounts = serviceAccounts;
  }

  #now(): string {
    return this.env.vault.clock.iso();
  }

  // ---------------------------------------------------------------- the tenant

  /** The tenant's cached record; a tenant ScaiKey never described is named by its id. */
  tenantView(): TenantRecord {
    const partner = this.env.vault.tenantPartners.get(this.env.tenantId);
    return {
      ...(this.state.tenant ?? {
        id: this.env.tenantId,
        partner_id: partner ?? "",
        name: this.env.tenantId,
        slug: this.env.tenantId,
        status: "ACTIVE",
        last_synced_at: null,
      }),
    };
  }

  setTenant(fields: Partial<Omit<TenantRecord, "id">>, at = this.#now()): TenantRecord {
    const current = this.tenantView();
    this.state.tenant = { ...current, ...stripUndefined(fields), id: this.env.tenantId, last_synced_at: at };
    return this.tenantView();
  }

  // ---------------------------------------------------------------- users

  #user(ref: string): UserRecord | undefined {
    const direct = this.state.users.get(ref);
    if (direct) return direct;
    const email = (ref.startsWith("user:") ? ref.slice(5) : ref).toLowerCase();
    for (const user of this.state.users.values()) if (user.email === email) return user;
    return undefined;
  }

  #requireUser(ref: string): UserRecord {
    const user = this.#user(ref);
    if (!user) throw identityNotFound("user", ref);
    return user;
  }

  #userView(user: UserRecord) {
    return {
      id: user.id,
      tenant_id: this.env.tenantId,
      email: user.email,
      display_name: user.display_name,
      status: user.status,
      mfa_enabled: user.mfa_enabled,
      groups: this.#groupsOfMember({ member_type: "user", member_id: user.id }).map((g) => g.id),
      roles: [...user.roles],
      last_synced_at: user.last_synced_at,
    };
  }

  /** Users, by email; `status` exact (any case), `q` a part of the email or the display name. */
  listUsers(filter: { status?: string | undefined; q?: string | undefined } = {}) {
    const q = filter.q?.toLowerCase();
    return [...this.state.users.values()]
      .filter((u) => !filter.status || u.status === filter.status.toUpperCase())
      .filter((u) => !q || u.email.includes(q) || u.display_name.toLowerCase().includes(q))
      .sort((a, b) => a.email.localeCompare(b.email))
      .map((u) => this.#userView(u));
  }

  /** Creates or updates a user from ScaiKey's data (the seed, a webhook); memberships stay. */
  upsertUser(input: UserInput, at = this.#now()): void {
    const current = this.state.users.get(input.id);
    const roles = input.roles ?? current?.roles ?? [];
    const unknown = roles.filter((r) => !ROLE_NAMES.includes(r));
    if (unknown.length) throw badRequest("invalid_role", `Unknown role(s): ${unknown.join(", ")}.`, { roles: unknown });
    this.state.users.set(input.id, {
      id: input.id,
      email: input.email.toLowerCase(),
      display_name: input.display_name ?? current?.display_name ?? input.email,
      status: (input.status ?? current?.status ?? "ACTIVE").toUpperCase(),
      mfa_enabled: input.mfa_enabled ?? current?.mfa_enabled ?? false,
      mfa_verified_at: input.mfa_verified_at !== undefined ? input.mfa_verified_at : (current?.mfa_verified_at ?? null),
      roles: [...new Set(roles)] as Role[],
      created_at: current?.created_at ?? at,
      last_synced_at: at,
    });
    this.#applyRolesToTokens(this.state.users.get(input.id) as UserRecord);
    this.#membershipsChanged();
  }

  /** A user's status or MFA flag changed in ScaiKey (user.suspended, user.mfa_enabled, ...). */
  patchUser(ref: string, fields: { status?: string; mfa_enabled?: boolean }, at = this.#now()): void {
    const user = this.#requireUser(ref);
    if (fields.status) user.status = fields.status;
    if (fields.mfa_enabled !== undefined) user.mfa_enabled = fields.mfa_enabled;
    user.last_synced_at = at;
  }

  removeUser(ref: string): void {
    const user = this.#requireUser(ref);
    this.state.users.delete(user.id);
    this.state.memberships = this.state.memberships.filter(
      (m) => !(m.member_type === "user" && m.member_id === user.id),
    );
    this.#membershipsChanged();
  }

  // ---------------------------------------------------------------- groups

  #group(ref: string): GroupRecord | undefined {
    const direct = this.state.groups.get(ref);
    if (direct) return direct;
    const name = ref.startsWith("group:") ? ref.slice(6) : ref;
    for (const group of this.state.groups.values()) if (group.name === name) return group;
    return undefined;
  }

  #requireGroup(ref: string): GroupRecord {
    const group = this.#group(ref);
    if (!group) throw identityNotFound("group", ref);
    return group;
  }

  #groupsOfMember(member: Member): GroupRecord[] {
    return this.#memberGroups(member).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** In membership order: an access check needs the set, and sorting it by name on every request would load ICU. */
  #memberGroups({ member_type: type, member_id: memberId }: Member): GroupRecord[] {
    return this.state.memberships
      .filter((m) => m.member_type === type && m.member_id === memberId)
      .map((m) => this.state.groups.get(m.group_id))
      .filter((g): g is GroupRecord => g !== undefined);
  }

  listGroups() {
    return [...this.state.groups.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((g) => ({
        id: g.id,
        tenant_id: this.env.tenantId,
        name: g.name,
        identity_id: `group:${g.name}`,
        description: g.description,
        member_count: this.state.memberships.filter((m) => m.group_id === g.id).length,
        last_synced_at: g.last_synced_at,
      }));
  }

  upsertGroup(input: GroupInput, at = this.#now()): void {
    const current = this.state.groups.get(input.id);
    this.state.groups.set(input.id, {
      id: input.id,
      name: input.name,
      description: input.description !== undefined ? input.description : (current?.description ?? null),
      created_at: current?.created_at ?? at,
      last_synced_at: at,
    });
    this.#membershipsChanged();
  }

  removeGroup(ref: string): void {
    const group = this.#requireGroup(ref);
    this.state.groups.delete(group.id);
    this.state.memberships = this.state.memberships.filter((m) => m.group_id !== group.id);
    this.#membershipsChanged();
  }

  /** Members of a group (users by email, service accounts by identity id), oldest membership first. */
  members(groupRef: string) {
    const group = this.#requireGroup(groupRef);
    return this.state.memberships
      .filter((m) => m.group_id === group.id)
      .sort((a, b) => a.added_at.localeCompare(b.added_at) || a.member_id.localeCompare(b.member_id))
      .map((m) => {
        const user = m.member_type === "user" ? this.state.users.get(m.member_id) : undefined;
        return {
          user_id: user ? user.id : null,
          email: user ? user.email : null,
          identity_type: m.member_type,
          identity_id: user ? `user:${user.email}` : m.member_id,
          membership_type: m.membership_type,
          added_at: m.added_at,
        };
      });
  }

  /** Adds a member by identity id (user:<email>, sa:<name>) or user id; already a member: unchanged. */
  addMember(groupRef: string, memberRef: string, at = this.#now()): void {
    const group = this.#requireGroup(groupRef);
    const member = this.#member(memberRef);
    if (this.state.memberships.some((m) => m.group_id === group.id && m.member_id === member.member_id)) return;
    this.state.memberships.push({ group_id: group.id, ...member, membership_type: "DIRECT", added_at: at });
    group.last_synced_at = at;
    this.#membershipsChanged();
  }

  removeMember(groupRef: string, memberRef: string, at = this.#now()): void {
    const group = this.#requireGroup(groupRef);
    const member = this.#member(memberRef);
    this.state.memberships = this.state.memberships.filter(
      (m) => !(m.group_id === group.id && m.member_id === member.member_id),
    );
    group.last_synced_at = at;
    this.#membershipsChanged();
  }

  #member(ref: string): Member {
    if (ref.startsWith("sa:")) return { member_type: "service_account", member_id: ref };
    return { member_type: "user", member_id: this.#requireUser(ref).id };
  }

  /** Groups (group:<name>) an identity belongs to, by name: what views of the identity show. */
  groupsOf(identityId: string): string[] {
    const member = this.#knownMember(identityId);
    return member ? this.#groupsOfMember(member).map((g) => `group:${g.name}`) : [];
  }

  /** The same groups in no particular order: what access-policy group bindings resolve through. */
  groupSetOf(identityId: string): readonly string[] {
    if (this.#groupSets?.of !== this.state) this.#groupSets = { of: this.state, byIdentity: new Map() };
    const { byIdentity } = this.#groupSets;
    let groups = byIdentity.get(identityId);
    if (!groups) {
      const member = this.#knownMember(identityId);
      groups = member ? this.#memberGroups(member).map((g) => `group:${g.name}`) : [];
      if (byIdentity.size >= MAX_GROUP_SETS) byIdentity.clear();
      byIdentity.set(identityId, groups);
    }
    return groups;
  }

  /** A user, group or membership changed: the groups of any identity may have. */
  #membershipsChanged(): void {
    this.#groupSets = undefined;
  }

  /** As #member, but undefined for a user the store does not know (a check, not a change). */
  #knownMember(identityId: string): Member | undefined {
    if (identityId.startsWith("sa:")) return { member_type: "service_account", member_id: identityId };
    const id = this.#user(identityId)?.id;
    return id === undefined ? undefined : { member_type: "user", member_id: id };
  }

  // ---------------------------------------------------------------- resolve, whoami

  /** One identity from the cache with its group memberships; 404 identity_not_found when unknown. */
  resolve(type: IdentityType, ref: string) {
    if (type === "user") {
      const user = this.#requireUser(ref);
      return {
        id: user.id,
        type,
        identity_id: `user:${user.email}`,
        tenant_id: this.env.tenantId,
        display_name: user.display_name,
        email: user.email,
        status: user.status,
        mfa_enabled: user.mfa_enabled,
        groups: this.groupsOf(`user:${user.email}`),
        roles: [...user.roles],
        last_synced_at: user.last_synced_at,
      };
    }
    if (type === "service_account") {
      const account = this.#serviceAccount(ref);
      if (!account) throw identityNotFound(type, ref);
      return {
        id: account.id,
        type,
        identity_id: account.identity_id,
        tenant_id: this.env.tenantId,
        display_name: account.name,
        email: null,
        status: account.status.toUpperCase(),
        mfa_enabled: false,
        groups: this.groupsOf(account.identity_id),
        roles: [],
        last_synced_at: account.updated_at,
      };
    }
    const group = this.#requireGroup(ref);
    return {
      id: group.id,
      type,
      identity_id: `group:${group.name}`,
      tenant_id: this.env.tenantId,
      display_name: group.name,
      description: group.description,
      members: this.members(group.id).map((m) => m.identity_id),
      last_synced_at: group.last_synced_at,
    };
  }

  #serviceAccount(ref: string) {
    try {
      return this.#serviceAccounts.get(ref);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) return undefined;
      throw error;
    }
  }

  /** The roles a token acts with: its user's cached roles, and partner_admin for a partner admin token. */
  rolesOf(token: TokenRecord): Role[] {
    const user = token.identity_type === "user" ? this.#user(token.identity_id) : undefined;
    const roles = new Set<Role>(user?.roles ?? []);
    if (token.partner_admin) roles.add("partner_admin");
    return ROLES.map((r) => r.name).filter((r) => roles.has(r));
  }

  /** What whoami adds to the token's own claims, from the cache (the token's tenant's). */
  describe(token: TokenRecord) {
    const user = token.identity_type === "user" ? this.#user(token.identity_id) : undefined;
    const account = token.identity_type === "service_account" ? this.#serviceAccount(token.identity_id) : undefined;
    return {
      display_name: user?.display_name ?? account?.name ?? token.identity_id,
      groups: this.groupsOf(token.identity_id),
      roles: this.rolesOf(token),
      mfa_verified_at: user?.mfa_verified_at ?? null,
    };
  }

  // ---------------------------------------------------------------- roles

  userRoles(userRef: string) {
    const user = this.#requireUser(userRef);
    return { user_id: user.id, email: user.email, roles: [...user.roles] };
  }

  /**
   * Replaces a user's roles, by the documented rules: only a super_admin or partner_admin may,
   * only a super_admin grants (or takes away) super_admin, and nobody adds a role to themselves.
   */
  setRoles(userRef: string, roles: string[], caller: { identity_id: string; roles: readonly Role[] }) {
    const unknown = roles.filter((r) => !ROLE_NAMES.includes(r));
    if (unknown.length)
      throw badRequest("invalid_role", `Unknown role(s): ${unknown.join(", ")}; see GET /v1/identity/roles.`, {
        roles: unknown,
      });
    const user = this.#requireUser(userRef);
    const after = ROLES.map((r) => r.name).filter((r) => roles.includes(r));
    const forbidden = (message: string) => new ApiProblem(403, "forbidden", message);
    if (!caller.roles.includes("super_admin") && !caller.roles.includes("partner_admin"))
      throw forbidden("Only a super_admin or partner_admin can modify roles.");
    if (user.roles.includes("super_admin") !== after.includes("super_admin") && !caller.roles.includes("super_admin"))
      throw forbidden("Only a super_admin can grant or remove super_admin.");
    const added = after.filter((r) => !user.roles.includes(r));
    if (`user:${user.email}` === caller.identity_id && added.length)
      throw forbidden(`No self-elevation: you cannot grant yourself ${added.join(", ")}.`);
    user.roles = after;
    this.#applyRolesToTokens(user);
    return this.userRoles(user.id);
  }

  /** The mock has no token refresh: a user's tokens act with the user's roles at once (cross-tenant reach). */
  #applyRolesToTokens(user: UserRecord): void {
    const reach = user.roles.includes("partner_admin") || user.roles.includes("super_admin");
    for (const token of this.env.vault.tokens.values())
      if (token.identity_id === `user:${user.email}` && token.tenant_id === this.env.tenantId)
        token.partner_admin = reach;
  }

  // ---------------------------------------------------------------- sync

  /**
   * Records a sync from ScaiKey of this tenant's cache: its records count as synced at `at`. The
   * route runs it for every tenant the sync covers and keeps the run (`record`) where it was asked.
   */
  refresh(at = this.#now()): { users: number; groups: number } {
    this.setTenant({}, at);
    for (const user of this.state.users.values()) user.last_synced_at = at;
    for (const group of this.state.groups.values()) group.last_synced_at = at;
    return { users: this.state.users.size, groups: this.state.groups.size };
  }

  record(run: Omit<SyncRecord, "completed_at">): SyncRecord {
    const record = { ...run, completed_at: new Date(Date.parse(run.started_at) + SYNC_DURATION_MS).toISOString() };
    this.state.syncs.push(record);
    return record;
  }

  syncView(sync: SyncRecord) {
    const done = Date.parse(sync.completed_at) <= this.env.vault.clock.nowMs();
    return {
      sync_id: sync.sync_id,
      status: done ? "completed" : "running",
      partner_id: sync.partner_id,
      tenant_id: sync.tenant_id,
      requested_by: sync.requested_by,
      started_at: sync.started_at,
      completed_at: done ? sync.completed_at : null,
      synced: { ...sync.synced },
    };
  }

  /** Sync runs asked in this tenant, newest first. */
  syncHistory() {
    return [...this.state.syncs].reverse().map((s) => this.syncView(s));
  }

  // ---------------------------------------------------------------- token exchange

  addTrust(record: TrustRecord): void {
    this.state.trust.push(record);
  }

  /** The trust relationship that accepts a token of this issuer, subject and audiences, if any. */
  trustFor(issuer: string, subject: string, audiences: readonly string[]): TrustRecord | undefined {
    return this.state.trust.find(
      (t) =>
        t.issuer === issuer &&
        (t.subject.endsWith("*") ? subject.startsWith(t.subject.slice(0, -1)) : t.subject === subject) &&
        (t.audience === null || audiences.includes(t.audience)),
    );
  }

  /** Whether an exchange may mint a token for the identity: it must still be in the cache and active. */
  exchangeable(trust: TrustRecord): boolean {
    if (trust.identity_type === "user") return this.#user(trust.identity_id)?.status === "ACTIVE";
    return this.#serviceAccount(trust.identity_id)?.status === "active";
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
