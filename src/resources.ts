/**
 * Browseable resources: secrets at scaivault://secrets/{tenant}/{+path}, access policies at
 * scaivault://policies/{id}, certificates at scaivault://certificates/{id} and dynamic-credential
 * leases at scaivault://leases/{id}. Every read is the guarded call of the tool that reads the same
 * thing (Guard.call): the tenant segment meets the tenant lock, the path the path policy, the result
 * the mask; listings and completions are guarded look-ups (lookup.ts). Certificate and lease
 * reads never carry a private key (or lease credentials), masking on or off. A refused or failed
 * read is an MCP error whose message starts with its code (src/answers.ts; never a stack trace).
 */
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { invalidRequest, requestFailed, requestRefused } from "./answers.js";
import type { GuardedCall } from "./guard/index.js";
import { errorName } from "./log.js";
import { isTenantId, type LookupDeps, type VaultLookup } from "./lookup.js";
import { inRequestScope } from "./request-scope.js";
import { toolNamed } from "./tools/index.js";

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

/** Each read is guarded as the tool that reads the same thing (its path rules, tenant lock, masking). */
const READ_SECRET = toolNamed("scaivault_read_secret");
const GET_POLICY = toolNamed("scaivault_get_policy");
/**
 * The vault returns no private key or lease credentials here (the issuing tool shows them once);
 * should one ever come back, it is withheld, masking on or off.
 */
const GET_CERTIFICATE: GuardedCall = { ...toolNamed("scaivault_get_certificate"), withheld: ["private_key"] };
/** No tool reads one lease: GET /v1/dynamic/leases/{id}, declared here. */
const GET_LEASE: GuardedCall = {
  name: "lease resource",
  scopes: ["dynamic:read"],
  access: "read",
  withheld: ["private_key", "credentials"],
  run: (client, { lease_id }, signal) => client.dynamic.getLease(String(lease_id), signal),
};

const one = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? "") : (value ?? ""));

export function registerResources(server: McpServer, deps: LookupDeps, lookup: VaultLookup): void {
  const { log } = deps;

  server.registerResource(
    "secret",
    new ResourceTemplate(SECRET_URI_TEMPLATE, {
      list: async (extra) =>
        inRequestScope(extra, async () => {
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
        }),
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
      const tenant = decodeSegment(one(variables.tenant));
      if (tenant === undefined || !isTenantId(tenant))
        throw invalidRequest("the tenant segment of the URI is not a valid tenant id.");
      return readGuarded(
        deps,
        "secret",
        READ_SECRET,
        { path: one(variables.path), tenant_id: tenant },
        uri,
        extra.signal,
      );
    },
  );

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
    read: { op: GET_POLICY, args: (id) => ({ policy_id: id }) },
    complete: (value) => lookup.completePolicyId(value),
  });
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
    read: { op: GET_CERTIFICATE, args: (id) => ({ certificate_id: id }) },
    complete: (value) => lookup.completeCertificateId(value),
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
    read: { op: GET_LEASE, args: (id) => ({ lease_id: id }) },
    complete: (value) => lookup.completeLeaseId(value),
  });
}

interface ByIdResource {
  name: string;
  template: string;
  uri: (id: string) => string;
  title: string;
  description: string;
  list: (signal: AbortSignal) => Promise<{ id: string; title: string; description?: string }[]>;
  /** The guarded call that reads one, and its arguments for an id. */
  read: { op: GuardedCall; args: (id: string) => Record<string, unknown> };
  complete?: (value: string) => Promise<string[]> | string[];
}

/**
 * A resource addressed by one id segment: list (failures give an empty list, logged), read
 * (a guarded call, like every resource read), complete.
 */
function registerById(server: McpServer, deps: LookupDeps, r: ByIdResource): void {
  const { log } = deps;
  server.registerResource(
    r.name,
    new ResourceTemplate(r.template, {
      list: async (extra) =>
        inRequestScope(extra, async () => {
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
        }),
      ...(r.complete ? { complete: { id: r.complete } } : {}),
    }),
    { title: r.title, description: r.description, mimeType: "application/json" },
    async (uri, variables, extra): Promise<ReadResourceResult> => {
      const id = decodeSegment(one(variables.id));
      if (!id || !/^[A-Za-z0-9_.:-]{1,128}$/.test(id))
        throw invalidRequest(`the ${r.name} id in the URI is not valid.`);
      return readGuarded(deps, r.name, r.read.op, r.read.args(id), uri, extra.signal);
    },
  );
}

/** One resource read: the guarded call, refused or failed as an McpError, shown as JSON. */
async function readGuarded(
  { client, guard, log }: LookupDeps,
  resource: string,
  op: GuardedCall,
  args: Record<string, unknown>,
  uri: URL,
  signal: AbortSignal,
): Promise<ReadResourceResult> {
  try {
    const outcome = await guard.call(op, args, client, { signal });
    if (!outcome.ok) throw requestRefused(outcome.refusal, log, "resource", { resource });
    return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(outcome.result) }] };
  } catch (error) {
    throw requestFailed(error, log, "resource read", { resource });
  }
}

/** One URI segment, percent-decoded; undefined when it does not decode. */
function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
