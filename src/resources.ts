/**
 * Browseable resources: secrets at scaivault://secrets/{tenant}/{+path}, access policies at
 * scaivault://policies/{id}, certificates at scaivault://certificates/{id} and dynamic-credential
 * leases at scaivault://leases/{id}. Reads, listings and completions pass the same Guard as the tools:
 * the tenant segment meets the tenant lock, the path the path policy, every read the mask.
 * Certificate and lease reads never carry a private key (or lease credentials), masking on or
 * off. A refused read is an MCP error whose message starts with the refusal code (never a stack trace).
 */
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { invalidRequest, refusalError, requestFailed } from "./answers.js";
import { errorName, isTenantId, type LookupDeps, type VaultLookup } from "./completions.js";
import { SECRET_VALUES } from "./tools/secrets.js";

export const SECRET_URI_TEMPLATE = "scaivault://secrets/{tenant}/{+path}";
export const POLICY_URI_TEMPLATE = "scaivault://policies/{id}";
export const CERTIFICATE_URI_TEMPLATE = "scaivault://certificates/{id}";
export const LEASE_URI_TEMPLATE = "scaivault://leases/{id}";

/** scaivault://secrets/<tenant>/<path>, each segment encoded. */
export function secretUri(tenant: string, path: string): string {
  return `scaivault://secrets/${encodeURIComponent(tenant)}/${path.split("/").map(encodeURIComponent).join("/")}`;
}

export function policyUri(id: string): string {
  return `scaivault://policies/${encodeURIComponent(id)}`;
}

export function certificateUri(id: string): string {
  return `scaivault://certificates/${encodeURIComponent(id)}`;
}

export function leaseUri(id: string): string {
  return `scaivault://leases/${encodeURIComponent(id)}`;
}

const one = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? "") : (value ?? ""));

export function registerResources(server: McpServer, deps: LookupDeps, lookup: VaultLookup): void {
  const { guard, log } = deps;

  server.registerResource(
    "secret",
    new ResourceTemplate(SECRET_URI_TEMPLATE, {
      list: async (extra) => {
        try {
          const tenant = await lookup.defaultTenant();
          if (!tenant) return { resources: [] };
          const items = await lookup.listSecrets("", undefined, extra.signal);
          return {
            resources: items.map((item) => ({
              uri: secretUri(tenant, item.path),
              name: item.path,
              title: item.path,
              ...(typeof item.metadata?.description === "string" ? { description: item.metadata.description } : {}),
              mimeType: "application/json",
              annotations: { lastModified: item.updated_at },
            })),
          };
        } catch (error) {
          log.log("warn", "listing secret resources failed", { error: errorName(error) });
          return { resources: [] };
        }
      },
      complete: {
        tenant: (value) => lookup.completeTenant(value),
        path: (value, context) => lookup.completePath(value, context?.arguments?.tenant),
      },
    }),
    {
      title: "Secret",
      description:
        "A secret's data and metadata (values masked when SCAIVAULT_MASK_VALUES is on). Path may hold slashes.",
      mimeType: "application/json",
    },
    async (uri, variables, extra): Promise<ReadResourceResult> => {
      const tenantAsked = decodeSegment(one(variables.tenant));
      if (tenantAsked === undefined || !isTenantId(tenantAsked))
        throw invalidRequest("the tenant segment of the URI is not a valid tenant id.");
      const tenant = guard.tenant(tenantAsked);
      if (!tenant.ok) {
        log.log("info", "resource refused", { template: "secret", code: tenant.refusal.code });
        throw refusalError(tenant.refusal);
      }
      const path = guard.paths.check(one(variables.path), "exact");
      if (!path.ok) {
        log.log("info", "resource refused", { template: "secret", code: path.refusal.code });
        throw refusalError(path.refusal);
      }
      try {
        const secret = await deps.client.withContext(tenant.tenantId).secrets.read(path.path, { signal: extra.signal });
        const shown = guard.mask(secret, SECRET_VALUES);
        return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(shown) }] };
      } catch (error) {
        throw requestFailed(error, log, "resource read", { resource: "secret" });
      }
    },
  );

  const { client } = deps;
  registerById(server, deps, {
    name: "access-policy",
    template: POLICY_URI_TEMPLATE,
    uri: policyUri,
    title: "Access policy",
    description: "An access policy with its rules (path patterns, permissions, conditions) and bindings.",
    list: async (signal) =>
      (await lookup.listPolicies(signal)).map((p) => ({
        id: p.id,
        title: p.name,
        ...(typeof p.description === "string" ? { description: p.description } : {}),
      })),
    read: (id, signal) => lookup.getPolicy(id, signal),
    complete: (value) => lookup.completePolicyId(value),
  });
  // The vault returns no private key or lease credentials here (the issuing tool shows them once);
  // should one ever come back, it is dropped, masking on or off.
  registerById(server, deps, {
    name: "certificate",
    template: CERTIFICATE_URI_TEMPLATE,
    uri: certificateUri,
    title: "Certificate",
    description: "An X.509 certificate: subject, SANs, issuer, validity, status and the PEM (never a private key).",
    list: async (signal) =>
      (await lookup.listCertificates(signal)).map((c) => ({
        id: c.id,
        title: c.common_name,
        description: `${c.status}, expires ${c.not_after}`,
      })),
    read: (id, signal) => client.pki.getCertificate(id, signal),
    complete: (value) => lookup.completeCertificateId(value),
    drop: isPrivateKeyField,
  });
  registerById(server, deps, {
    name: "lease",
    template: LEASE_URI_TEMPLATE,
    uri: leaseUri,
    title: "Dynamic credential lease",
    description: "An active lease of dynamic credentials: engine, role, username, TTL and expiry (never the password).",
    list: async (signal) =>
      (await lookup.listLeases(signal)).map((l) => ({
        id: l.lease_id,
        title: `${l.engine}/${l.role}`,
        description: `${l.status}, expires ${l.expires_at}`,
      })),
    read: (id, signal) => client.dynamic.getLease(id, signal),
    complete: (value) => lookup.completeLeaseId(value),
    drop: (key) => key === "credentials" || isPrivateKeyField(key),
  });
}

interface ByIdResource {
  name: string;
  template: string;
  uri: (id: string) => string;
  title: string;
  description: string;
  list: (signal: AbortSignal) => Promise<{ id: string; title: string; description?: string }[]>;
  read: (id: string, signal: AbortSignal) => Promise<unknown>;
  complete?: (value: string) => Promise<string[]> | string[];
  /** Fields removed at any depth before anything else, whatever the settings. */
  drop?: (key: string) => boolean;
}

/** private_key, private_key_pem, ca_private_key, ... */
function isPrivateKeyField(key: string): boolean {
  return key.toLowerCase().includes("private_key");
}

/** A copy of `value` without the fields `drop` names, at any depth. */
function withoutFields(value: unknown, drop: (key: string) => boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutFields(item, drop));
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !drop(key))
      .map(([key, item]) => [key, withoutFields(item, drop)]),
  );
}

/**
 * A resource addressed by one id segment: list (failures give an empty list, logged), read
 * (through the guard's mask, like every resource read), complete.
 */
function registerById(server: McpServer, deps: LookupDeps, r: ByIdResource): void {
  const { guard, log } = deps;
  server.registerResource(
    r.name,
    new ResourceTemplate(r.template, {
      list: async (extra) => {
        try {
          const items = await r.list(extra.signal);
          return {
            resources: items.map((item) => ({
              uri: r.uri(item.id),
              name: item.id,
              title: item.title,
              ...(item.description ? { description: item.description } : {}),
              mimeType: "application/json",
            })),
          };
        } catch (error) {
          log.log("warn", `listing ${r.name} resources failed`, { error: errorName(error) });
          return { resources: [] };
        }
      },
      ...(r.complete ? { complete: { id: r.complete } } : {}),
    }),
    { title: r.title, description: r.description, mimeType: "application/json" },
    async (uri, variables, extra): Promise<ReadResourceResult> => {
      const id = decodeSegment(one(variables.id));
      if (!id || !/^[A-Za-z0-9_.:-]{1,128}$/.test(id))
        throw invalidRequest(`the ${r.name} id in the URI is not valid.`);
      try {
        const value = await r.read(id, extra.signal);
        // No declared secret fields, but the guard's mask still sees every read (it may mask more).
        const shown = guard.mask(r.drop ? withoutFields(value, r.drop) : value, []);
        return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(shown) }] };
      } catch (error) {
        throw requestFailed(error, log, "resource read", { resource: r.name });
      }
    },
  );
}

/** One URI segment, percent-decoded; undefined when it does not decode. */
function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
