import { DEMO } from "../../core/demo.js";
import type { MockVault } from "../stores.js";
import type { GroupInput, UserInput } from "./store.js";

const MINUTE = 60_000;
const DAY = 86_400_000;

interface TenantSeed {
  id: string;
  partner_id: string;
  name: string;
  slug: string;
  users: (UserInput & { mfaMinutesAgo?: number })[];
  groups: (GroupInput & { members: string[] })[];
}

/**
 * The demo identity cache, as ScaiKey would mirror it: the partners and tenants of the demo
 * tokens, the users behind the user tokens (ops@, auditor@, partner-admin@, former@ and
 * admin@globex) and a few colleagues, the groups the demo access policies bind (platform-admins,
 * vault-admins, automation) with the service accounts of the automation group, and two
 * token-exchange trust relationships. Fixed ids and clock offsets only: it draws nothing from
 * the vault's id or faker sequence, so it runs before every other seed, in empty vaults too.
 */
export function seedIdentity(vault: MockVault): void {
  const now = vault.clock.nowMs();
  const ago = (ms: number) => new Date(now - ms).toISOString();
  vault.partners.set(DEMO.partnerId, partner(DEMO.partnerId, "Acme Corp", "acme-corp", "us-east-1", ago(10 * MINUTE)));
  vault.partners.set(
    "ptn_globex",
    partner("ptn_globex", "Globex Corporation", "globex", "eu-west-1", ago(10 * MINUTE)),
  );

  for (const tenant of TENANTS) {
    vault.addTenant(tenant.id, tenant.partner_id);
    const store = vault.tenant(tenant.id).identity;
    const created = ago(400 * DAY);
    store.setTenant({ partner_id: tenant.partner_id, name: tenant.name, slug: tenant.slug, status: "ACTIVE" }, created);
    for (const { mfaMinutesAgo, ...user } of tenant.users)
      store.upsertUser(
        { ...user, mfa_verified_at: mfaMinutesAgo === undefined ? null : ago(mfaMinutesAgo * MINUTE) },
        created,
      );
    for (const { members, ...group } of tenant.groups) {
      store.upsertGroup(group, created);
      members.forEach((member, i) => {
        store.addMember(group.id, member, ago((300 - i) * DAY));
      });
    }
    store.refresh(ago(10 * MINUTE));
  }

  const acme = vault.tenant(DEMO.tenantId).identity;
  acme.addTrust({
    id: "trust_k8s_reporting",
    name: "kubernetes-reporting",
    issuer: "https://kubernetes.default.svc.cluster.local",
    subject: "system:serviceaccount:reporting:report-runner",
    audience: "scaivault",
    identity_type: "service_account",
    identity_id: "sa:report-runner",
    scopes: ["secrets:read", "secrets:list"],
    token_ttl_seconds: 3600,
  });
  acme.addTrust({
    id: "trust_github_billing",
    name: "github-actions-billing",
    issuer: "https://token.actions.githubusercontent.com",
    subject: "repo:acme/billing:*",
    audience: "scaivault",
    identity_type: "service_account",
    identity_id: "sa:billing-worker",
    scopes: ["secrets:read"],
    token_ttl_seconds: 900,
  });
  acme.record({
    sync_id: "sync_7kq3m9x2p4ta",
    partner_id: DEMO.partnerId,
    tenant_id: null,
    requested_by: "user:ops@acme.example",
    started_at: ago(DAY),
    synced: { partners: 1, tenants: 2, users: 7, groups: 6 },
  });
}

function partner(id: string, name: string, slug: string, region: string, last_synced_at: string) {
  return { id, name, slug, region, status: "ACTIVE", last_synced_at };
}

const TENANTS: TenantSeed[] = [
  {
    id: DEMO.tenantId,
    partner_id: DEMO.partnerId,
    name: "Acme Production",
    slug: "acme-prod",
    users: [
      {
        id: "usr_ops",
        email: "ops@acme.example",
        display_name: "Acme Ops",
        mfa_enabled: true,
        roles: ["tenant_admin"],
        mfaMinutesAgo: 15,
      },
      {
        id: "usr_alice",
        email: "alice@acme.example",
        display_name: "Alice Smith",
        mfa_enabled: true,
        roles: ["tenant_admin"],
        mfaMinutesAgo: 75,
      },
      { id: "usr_bob", email: "bob@acme.example", display_name: "Bob Jones", mfa_enabled: false },
      {
        id: "usr_auditor",
        email: "auditor@acme.example",
        display_name: "Dana Whitfield",
        mfa_enabled: true,
        mfaMinutesAgo: 26 * 60,
      },
      {
        id: "usr_partner_admin",
        email: "partner-admin@acme.example",
        display_name: "Priya Natarajan",
        mfa_enabled: true,
        roles: ["partner_admin"],
        mfaMinutesAgo: 30,
      },
      {
        id: "usr_former",
        email: "former@acme.example",
        display_name: "Sam Carter",
        status: "SUSPENDED",
        mfa_enabled: false,
      },
    ],
    groups: [
      {
        id: "grp_platform_admins",
        name: "platform-admins",
        description: "Platform team",
        members: ["usr_ops", "usr_alice"],
      },
      {
        id: "grp_vault_admins",
        name: "vault-admins",
        description: "Tenant vault administrators",
        members: ["usr_ops", "usr_partner_admin"],
      },
      {
        id: "grp_automation",
        name: "automation",
        description: "Machine identities of the production jobs",
        members: ["sa:report-runner", "sa:billing-worker", "sa:web-frontend"],
      },
      { id: "grp_sre", name: "sre", description: "Site reliability engineering", members: ["usr_alice", "usr_ops"] },
      { id: "grp_oncall", name: "oncall", description: "This week's on-call rotation", members: ["usr_alice"] },
      { id: "grp_developers", name: "developers", description: "Application developers", members: ["usr_bob"] },
    ],
  },
  {
    id: DEMO.stagingTenantId,
    partner_id: DEMO.partnerId,
    name: "Acme Staging",
    slug: "acme-staging",
    users: [{ id: "usr_carol", email: "carol@acme.example", display_name: "Carol Diaz", mfa_enabled: false }],
    groups: [],
  },
  {
    id: DEMO.otherTenantId,
    partner_id: "ptn_globex",
    name: "Globex",
    slug: "globex",
    users: [
      {
        id: "usr_globex_admin",
        email: "admin@globex.example",
        display_name: "Hank Scorpio",
        mfa_enabled: true,
        roles: ["tenant_admin"],
        mfaMinutesAgo: 45,
      },
    ],
    groups: [],
  },
];
