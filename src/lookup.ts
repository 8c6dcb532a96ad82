/**
 * Guarded look-ups of the vault for resource listings and argument completion. Each is admitted
 * by the same Guard as the tool listing the same things (Guard.before), asks only for prefixes
 * inside the window (Guard.listedPrefixes) and keeps only what the guard permits: a path outside
 * SCAIVAULT_ALLOWED_PATHS or under SCAIVAULT_DENIED_PATHS is never listed or suggested, and
 * another tenant than SCAIVAULT_TENANT_ID is never offered. Completion never shows values, only
 * paths and ids.
 */
import type { VaultClient } from "./client/index.js";
import { PageBudget, type PageLike, walkPages } from "./client/page-walk.js";
import type { AccessPolicyList } from "./client/schemas/access-policies.js";
import type { Lease } from "./client/schemas/dynamic.js";
import type { Certificate } from "./client/schemas/pki.js";
import type { SecretList } from "./client/schemas/secrets.js";
import type { Config } from "./config.js";
import type { Guard } from "./guard/index.js";
import { errorName, type Logger } from "./log.js";
import { canonicalPrefix, isUnder } from "./paths.js";
import { type ToolDef, toolNamed } from "./tools/index.js";

type SecretListItem = SecretList["data"][number];
type PolicySummary = AccessPolicyList["policies"][number];

/** Each look-up is admitted as the tool listing the same things: it shows no more than that tool may. */
const LIST_SECRETS = toolNamed("scaivault_list_secrets");
const LIST_POLICIES = toolNamed("scaivault_list_policies");
const LIST_CERTIFICATES = toolNamed("scaivault_list_certificates");
const LIST_LEASES = toolNamed("scaivault_list_leases");

export interface LookupDeps {
  client: VaultClient;
  guard: Guard;
  log: Logger;
  config: Config;
}

/** Most secrets one listing walks (resource lists and completions stay cheap on big vaults). */
export const MAX_LISTED = 500;
/** The SDK caps a completion answer at 100 values. */
const MAX_SUGGESTIONS = 100;
const PAGE = 200;
const TENANT_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** One per server instance (so per session): caches the token's tenant, nothing else. */
export class VaultLookup {
  #tenant: Promise<string | undefined> | undefined;

  constructor(readonly deps: LookupDeps) {}

  /** The tenant resource URIs name: SCAIVAULT_TENANT_ID, else the token's own tenant (whoami). */
  defaultTenant(): Promise<string | undefined> {
    if (this.deps.config.tenantId) return Promise.resolve(this.deps.config.tenantId);
    this.#tenant ??= this.deps.client.whoami().then(
      (me) => me.tenant_id,
      (error: unknown) => {
        this.#tenant = undefined;
        this.deps.log.log("warn", "whoami failed; resource URIs have no tenant", { error: errorName(error) });
        return undefined;
      },
    );
    return this.#tenant;
  }

  /**
   * Secrets under `prefix` that the guard permits, in the tenant given or the default one:
   * admitted as scaivault_list_secrets would be, asking only for prefixes inside the window.
   */
  async listSecrets(prefix: string, tenantId?: string, signal?: AbortSignal): Promise<SecretListItem[]> {
    const { guard } = this.deps;
    const verdict = guard.before(LIST_SECRETS, { prefix, tenant_id: tenantId });
    if (!verdict.allowed) return [];
    const client = this.deps.client.withContext(verdict.tenantId);
    const asked = String(verdict.args.prefix);
    const out: SecretListItem[] = [];
    // One budget for every prefix walked: the bound is per request, not per prefix.
    const budget = new PageBudget(signal);
    for (const start of guard.listedPrefixes(asked)) {
      await walkPages(
        (cursor) => client.secrets.list({ prefix: start || undefined, limit: PAGE, cursor }, signal),
        (page) => {
          for (const item of page.data ?? []) if (guard.permits(item.path) && isUnder(item.path, asked)) out.push(item);
          return out.length < MAX_LISTED;
        },
        budget,
      );
      if (out.length >= MAX_LISTED) break;
    }
    return out.slice(0, MAX_LISTED);
  }

  /** Full secret paths starting with what was typed (any tenant the lock allows). */
  async completePath(value: string | undefined, tenant?: string): Promise<string[]> {
    const typed = (value ?? "").replace(/^\/+/, "");
    if (tenant !== undefined && tenant !== "" && !TENANT_ID.test(tenant)) return [];
    const dir = typed.includes("/") ? typed.slice(0, typed.lastIndexOf("/")) : "";
    const canon = canonicalPrefix(dir);
    if (!canon.ok) return [];
    const items = await this.#quietly(() => this.listSecrets(canon.path, tenant || undefined), []);
    return items
      .map((i) => i.path)
      .filter((p) => p.startsWith(typed))
      .slice(0, MAX_SUGGESTIONS);
  }

  /** Folders (prefixes ending in "/") of permitted secrets starting with what was typed. */
  async completeFolder(value: string | undefined): Promise<string[]> {
    const typed = (value ?? "").replace(/^\/+/, "");
    const dir = typed.includes("/") ? typed.slice(0, typed.lastIndexOf("/")) : "";
    const canon = canonicalPrefix(dir);
    if (!canon.ok) return [];
    const items = await this.#quietly(() => this.listSecrets(canon.path), []);
    const folders = new Set<string>();
    for (const { path } of items) {
      const segments = path.split("/");
      for (let n = 1; n < segments.length; n++) {
        const folder = `${segments.slice(0, n).join("/")}/`;
        if (folder.startsWith(typed) && this.deps.guard.permits(folder.slice(0, -1))) folders.add(folder);
      }
    }
    return [...folders].sort().slice(0, MAX_SUGGESTIONS);
  }

  /** The only tenant this server names (the locked one, or the token's). */
  async completeTenant(value: string | undefined): Promise<string[]> {
    const tenant = await this.defaultTenant();
    return tenant?.startsWith(value ?? "") ? [tenant] : [];
  }

  /** GET /v1/policies, every page up to MAX_LISTED. */
  listPolicies(signal?: AbortSignal): Promise<PolicySummary[]> {
    const { client } = this.deps;
    return this.#listed(
      LIST_POLICIES,
      (cursor) => client.accessPolicies.list({ limit: PAGE, cursor }, signal),
      (p) => p.policies,
      signal,
    );
  }

  /** GET /v1/pki/certificates (the token's tenant, or the locked one), every page up to MAX_LISTED. */
  listCertificates(signal?: AbortSignal): Promise<Certificate[]> {
    const { client } = this.deps;
    return this.#listed(
      LIST_CERTIFICATES,
      (cursor) => client.pki.listCertificates({ limit: PAGE, cursor }, signal),
      (p) => p.data,
      signal,
    );
  }

  /** GET /v1/dynamic/leases (active ones), every page up to MAX_LISTED. */
  listLeases(signal?: AbortSignal): Promise<Lease[]> {
    const { client } = this.deps;
    return this.#listed(
      LIST_LEASES,
      (cursor) => client.dynamic.listLeases({ limit: PAGE, cursor }, signal),
      (p) => p.data,
      signal,
    );
  }

  completePolicyId(value: string | undefined): Promise<string[]> {
    return this.#completeIds(value, async () => (await this.listPolicies()).map((p) => p.id));
  }

  completeCertificateId(value: string | undefined): Promise<string[]> {
    return this.#completeIds(value, async () => (await this.listCertificates()).map((c) => c.id));
  }

  completeLeaseId(value: string | undefined): Promise<string[]> {
    return this.#completeIds(value, async () => (await this.listLeases()).map((l) => l.lease_id));
  }

  /** Ids starting with what was typed, at most MAX_SUGGESTIONS; nothing on a vault error. */
  async #completeIds(value: string | undefined, ids: () => Promise<string[]>): Promise<string[]> {
    const typed = value ?? "";
    return (await this.#quietly(ids, [])).filter((id) => id.startsWith(typed)).slice(0, MAX_SUGGESTIONS);
  }

  /**
   * Items of every page up to MAX_LISTED, following the cursor within the shared page bound;
   * nothing when the guard would refuse `tool`, the tool listing the same things.
   */
  async #listed<P extends PageLike, T>(
    tool: ToolDef,
    fetchPage: (cursor: string | undefined) => Promise<P>,
    items: (page: P) => T[] | undefined,
    signal?: AbortSignal,
  ): Promise<T[]> {
    if (!this.deps.guard.before(tool, {}).allowed) return [];
    const out: T[] = [];
    await walkPages(
      fetchPage,
      (page) => {
        out.push(...(items(page) ?? []));
        return out.length < MAX_LISTED;
      },
      new PageBudget(signal),
    );
    return out.slice(0, MAX_LISTED);
  }

  /** Completion and listing must not fail the whole request on a vault error: log, answer nothing. */
  async #quietly<T>(fn: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      this.deps.log.log("warn", "vault look-up for completion failed", { error: errorName(error) });
      return fallback;
    }
  }
}

export function isTenantId(value: string): boolean {
  return TENANT_ID.test(value);
}
