import { ApiProblem, badRequest, conflict, notFound } from "../../core/errors.js";
import type { StoreEnv } from "../../core/vault.js";

/**
 * DNS providers of one tenant: the integrations ScaiVault writes ACME dns-01 TXT records
 * through (reference/dns-providers). A provider has a type, a config, credentials (kept, checked
 * against the type's documented fields, never returned: views name the fields only) and the
 * zones it manages, which is how an ACME order finds its provider.
 */
export const PROVIDER_TYPES = [
  "scaidns",
  "cloudflare",
  "route53",
  "azure",
  "google",
  "digitalocean",
  "powerdns",
] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/**
 * Credential fields per type, as far as the reference shows them (its page is cut inside the
 * Azure table): required, optional, and whether other fields are refused. Google, DigitalOcean
 * and PowerDNS are past the cut: any non-empty set of string fields is taken.
 */
const CREDENTIALS: Record<ProviderType, { required: string[]; optional: string[]; closed: boolean }> = {
  scaidns: { required: ["base_url", "api_key"], optional: [], closed: true },
  cloudflare: { required: ["api_token"], optional: [], closed: true },
  // Both keys may be left out when the host runs with a Route 53-capable role.
  route53: { required: [], optional: ["access_key_id", "secret_access_key", "region"], closed: true },
  azure: { required: ["subscription_id", "resource_group", "tenant_id", "client_id"], optional: [], closed: false },
  google: { required: [], optional: [], closed: false },
  digitalocean: { required: [], optional: [], closed: false },
  powerdns: { required: [], optional: [], closed: false },
};

const ZONE = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

interface ProviderRecord {
  id: string;
  name: string;
  provider_type: ProviderType;
  config: Record<string, unknown>;
  /** Never part of a view. */
  credentials: Record<string, string>;
  managed_zones: string[];
  is_active: boolean;
  last_verified_at: string | null;
  created_at: string;
  updated_at: string;
  created_by: string | null;
}

export interface ProviderInput {
  name: string;
  provider_type: ProviderType;
  config?: Record<string, unknown> | undefined;
  credentials: Record<string, string>;
  managed_zones: string[];
  is_active?: boolean | undefined;
  verify?: boolean | undefined;
}

export interface ProviderUpdate {
  name?: string | undefined;
  config?: Record<string, unknown> | undefined;
  credentials?: Record<string, string> | undefined;
  managed_zones?: string[] | undefined;
  is_active?: boolean | undefined;
  verify?: boolean | undefined;
}

const invalidConfig = (message: string, details?: Record<string, unknown>) =>
  badRequest("invalid_config", message, details);

/** Whether `zone` (a zone, or *.zone for the names under it) covers a name (or a wildcard name). */
export function zoneCovers(zone: string, name: string): boolean {
  const bare = name.replace(/^\*\./, "");
  if (zone.startsWith("*.")) return bare.endsWith(zone.slice(1)) || name === zone;
  return bare === zone || bare.endsWith(`.${zone}`);
}

export class DnsProvidersStore {
  state = { providers: new Map<string, ProviderRecord>() };

  /** Which open ACME orders name a provider (a provider in use is not deleted). */
  readonly #ordersUsing: (providerId: string) => string[];

  constructor(
    readonly env: StoreEnv,
    collaborators: { ordersUsing(providerId: string): string[] },
  ) {
    this.#ordersUsing = (id) => collaborators.ordersUsing(id);
  }

  #now(): string {
    return this.env.vault.clock.iso();
  }

  #view(p: ProviderRecord) {
    return {
      id: p.id,
      name: p.name,
      provider_type: p.provider_type,
      config: structuredClone(p.config),
      credential_fields: Object.keys(p.credentials).sort(),
      managed_zones: [...p.managed_zones],
      is_active: p.is_active,
      last_verified_at: p.last_verified_at,
      created_at: p.created_at,
      updated_at: p.updated_at,
      created_by: p.created_by,
    };
  }

  /** By id (dnsp_…) or name; 404 dns_provider_not_found. */
  #find(ref: string): ProviderRecord {
    const direct = this.state.providers.get(ref);
    if (direct) return direct;
    for (const p of this.state.providers.values()) if (p.name === ref) return p;
    throw notFound("dns_provider_not_found", `DNS provider '${ref.slice(0, 80)}' not found.`, {
      dns_provider_id: ref.slice(0, 80),
    });
  }

  list(filter: { provider_type?: ProviderType | undefined; is_active?: boolean | undefined } = {}) {
    return [...this.state.providers.values()]
      .filter((p) => !filter.provider_type || p.provider_type === filter.provider_type)
      .filter((p) => filter.is_active === undefined || p.is_active === filter.is_active)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => this.#view(p));
  }

  get(ref: string) {
    return this.#view(this.#find(ref));
  }

  create(input: ProviderInput, actor: string | null) {
    const zones = checkZones(input.managed_zones);
    const credentials = checkCredentials(input.provider_type, input.credentials);
    this.#checkName(input.name);
    if (input.verify) verifyZones(zones);
    const now = this.#now();
    const record: ProviderRecord = {
      id: this.env.vault.ids.next("dnsp"),
      name: input.name,
      provider_type: input.provider_type,
      config: structuredClone(input.config ?? {}),
      credentials,
      managed_zones: zones,
      is_active: input.is_active ?? true,
      last_verified_at: input.verify ? now : null,
      created_at: now,
      updated_at: now,
      created_by: actor,
    };
    this.state.providers.set(record.id, record);
    return this.#view(record);
  }

  /** Partial update; credentials are replaced as a whole and checked against the provider's type. */
  update(ref: string, input: ProviderUpdate) {
    const record = this.#find(ref);
    const zones = input.managed_zones ? checkZones(input.managed_zones) : undefined;
    const credentials = input.credentials ? checkCredentials(record.provider_type, input.credentials) : undefined;
    if (input.name !== undefined && input.name !== record.name) this.#checkName(input.name);
    if (input.verify) verifyZones(zones ?? record.managed_zones);
    const now = this.#now();
    if (input.name !== undefined) record.name = input.name;
    if (input.config !== undefined) record.config = structuredClone(input.config);
    if (credentials) record.credentials = credentials;
    if (zones) record.managed_zones = zones;
    if (input.is_active !== undefined) record.is_active = input.is_active;
    if (input.verify) record.last_verified_at = now;
    record.updated_at = now;
    return this.#view(record);
  }

  /** Deletes a provider no open ACME order relies on (409 dns_provider_in_use otherwise). */
  remove(ref: string): void {
    const record = this.#find(ref);
    const orders = this.#ordersUsing(record.id);
    if (orders.length)
      throw conflict(
        "dns_provider_in_use",
        `DNS provider '${record.name}' writes the records of open ACME orders: ${orders.join(", ")}.`,
        { dns_provider_id: record.id, order_ids: orders },
      );
    this.state.providers.delete(record.id);
  }

  /**
   * The provider an ACME dns-01 order writes its records through: the one it names (404 when
   * unknown, 409 when inactive, 400 when it manages not every name), else the first active one,
   * by name, whose zones cover every name (null when none does).
   */
  forOrder(ref: string | undefined, names: readonly string[]): string | null {
    const covers = (p: ProviderRecord) => names.every((n) => p.managed_zones.some((z) => zoneCovers(z, n)));
    if (ref === undefined) {
      const found = [...this.state.providers.values()]
        .filter((p) => p.is_active && covers(p))
        .sort((a, b) => a.name.localeCompare(b.name))[0];
      return found?.id ?? null;
    }
    const record = this.#find(ref);
    if (!record.is_active)
      throw conflict("dns_provider_inactive", `DNS provider '${record.name}' is not active.`, {
        dns_provider_id: record.id,
      });
    const outside = names.filter((n) => !record.managed_zones.some((z) => zoneCovers(z, n)));
    if (outside.length)
      throw badRequest(
        "invalid_request",
        `DNS provider '${record.name}' manages ${record.managed_zones.join(", ")}, not ${outside.join(", ")}.`,
        { dns_provider_id: record.id, identifiers: outside },
      );
    return record.id;
  }

  #checkName(name: string): void {
    for (const p of this.state.providers.values())
      if (p.name === name)
        throw conflict("dns_provider_exists", `A DNS provider named '${name}' already exists.`, { name });
  }
}

function checkCredentials(type: ProviderType, credentials: Record<string, string>): Record<string, string> {
  const rule = CREDENTIALS[type];
  const given = Object.keys(credentials);
  const missing = rule.required.filter((f) => !credentials[f]);
  const unknown = rule.closed ? given.filter((f) => !rule.required.includes(f) && !rule.optional.includes(f)) : [];
  if (missing.length || unknown.length)
    throw invalidConfig(
      `Credentials for ${type} ${[
        missing.length ? `need ${missing.join(", ")}` : "",
        unknown.length ? `do not take ${unknown.join(", ")}` : "",
      ]
        .filter(Boolean)
        .join(" and ")}.`,
      { provider_type: type, missing, unknown },
    );
  if (!rule.closed && given.length === 0) throw invalidConfig(`Credentials for ${type} are empty.`);
  if (type === "scaidns") {
    if (!/^https?:\/\/[^\s/]+/.test(credentials.base_url ?? ""))
      throw invalidConfig("scaidns base_url must be the ScaiDNS endpoint URL.", { field: "base_url" });
    if (!credentials.api_key?.startsWith("sdk_"))
      throw invalidConfig("scaidns api_key must be a ScaiDNS API key (sdk_…).", { field: "api_key" });
  }
  if (type === "route53" && Boolean(credentials.access_key_id) !== Boolean(credentials.secret_access_key))
    throw invalidConfig("route53 takes access_key_id and secret_access_key together (or neither, with a host role).", {
      provider_type: type,
    });
  return { ...credentials };
}

function checkZones(zones: readonly string[]): string[] {
  const normalised = [...new Set(zones.map((z) => z.trim().toLowerCase().replace(/\.$/, "")))];
  const bad = normalised.filter((z) => z.length > 253 || !ZONE.test(z));
  if (normalised.length === 0 || bad.length)
    throw new ApiProblem(422, "validation_error", "managed_zones must be DNS zones (acme.example or *.acme.example).", {
      fields: bad.map((z) => ({ field: "managed_zones", message: `'${z.slice(0, 80)}' is not a DNS zone` })),
    });
  return normalised;
}

/** verify: true lists the zones through the provider first; the mock cannot list zones under the reserved .invalid TLD. */
function verifyZones(zones: readonly string[]): void {
  const unreachable = zones.filter((z) => z === "invalid" || z.endsWith(".invalid"));
  if (unreachable.length)
    throw invalidConfig(`Verification failed: the provider could not list ${unreachable.join(", ")}.`, {
      zones: unreachable,
    });
}
