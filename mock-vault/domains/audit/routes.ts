import { z } from "zod";
import { badRequest } from "../../core/errors.js";
import { decodeCursor, encodeCursor, page, readLimit } from "../../core/paging.js";
import { trimSlashes } from "../../core/query.js";
import { withStatus } from "../../core/route.js";
import { validatePath } from "../../core/secret-paths.js";
import { routesOf } from "../route.js";
import type { TenantStores } from "../stores.js";
import { DESTINATION_TYPES, EXPORT_FORMATS } from "./exports.js";
import type { LogFilter, Outcome } from "./store.js";

const OUTCOMES: readonly Outcome[] = ["success", "denied", "error"];

const ISO_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * An ISO 8601 time as a UTC instant. The API's times are UTC, so one without Z or an offset is
 * read as UTC: never in the host's local zone, which would make answers depend on where the
 * vault runs.
 */
export function parseTime(raw: string): number {
  const m = ISO_TIME.exec(raw);
  if (!m) return Number.NaN;
  const [, date, clock = "00:00", zone = "Z"] = m;
  const offset = zone.toUpperCase() === "Z" ? "Z" : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  return Date.parse(`${date}T${clock}${offset}`);
}

function time(query: URLSearchParams, name: string): string | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  const ms = parseTime(raw);
  if (Number.isNaN(ms))
    throw badRequest("invalid_request", `${name} must be an ISO 8601 timestamp, e.g. 2026-05-17T14:30:00Z.`);
  return new Date(ms).toISOString();
}

const list = (raw: string | null) =>
  raw === null
    ? undefined
    : raw
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);

/**
 * The documented list filters (from, to, identity_id, identity_type, action, path_prefix, success,
 * source_ip, request_id), plus two extensions of this mock: `outcome` (success|denied|error; the
 * docs only have success=true|false) and `order` (asc|desc; the docs list newest first).
 */
function filters(query: URLSearchParams): LogFilter {
  const prefix = query.get("path_prefix");
  const f: LogFilter = {
    from: time(query, "from"),
    to: time(query, "to"),
    identity_id: query.get("identity_id") ?? undefined,
    identity_type: query.get("identity_type") ?? undefined,
    actions: list(query.get("action")),
    path_prefix: prefix === null ? undefined : trimSlashes(prefix),
    source_ip: query.get("source_ip") ?? undefined,
    request_id: query.get("request_id") ?? undefined,
  };
  if (f.from && f.to && f.from > f.to) throw badRequest("invalid_request", "from must not be after to.");
  const outcomes = list(query.get("outcome"));
  if (outcomes?.some((o) => !OUTCOMES.includes(o as Outcome)))
    throw badRequest("invalid_request", "outcome must be success, denied or error.");
  const success = query.get("success");
  if (success !== null && success !== "true" && success !== "false")
    throw badRequest("invalid_request", "success must be true or false.");
  let allowed = outcomes as Outcome[] | undefined;
  if (success !== null) {
    const bySuccess: Outcome[] = success === "true" ? ["success"] : ["denied", "error"];
    allowed = allowed ? allowed.filter((o) => bySuccess.includes(o)) : bySuccess;
  }
  f.outcomes = allowed;
  return f;
}

function window(query: URLSearchParams): LogFilter {
  const f = { from: time(query, "from"), to: time(query, "to") };
  if (f.from && f.to && f.from > f.to) throw badRequest("invalid_request", "from must not be after to.");
  return f;
}

function order(query: URLSearchParams): "asc" | "desc" {
  const raw = query.get("order") ?? "desc";
  if (raw !== "asc" && raw !== "desc") throw badRequest("invalid_request", "order must be asc or desc.");
  return raw;
}

const pageOut = <T extends { cursor: string | null }>(result: T): T => ({
  ...result,
  cursor: result.cursor === null ? null : encodeCursor(result.cursor),
});

/** POST /v1/audit/export: a window, a format, the list filters, and where to write (credentials by secret path only). */
const Instant = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(parseTime(v)), "an ISO 8601 timestamp, e.g. 2026-05-17T14:30:00Z");

const ExportBody = z.object({
  from: Instant,
  to: Instant,
  format: z.enum(EXPORT_FORMATS).optional(),
  filters: z
    .object({
      action: z.string().max(500).optional(),
      identity_id: z.string().max(256).optional(),
      identity_type: z.string().max(64).optional(),
      path_prefix: z.string().max(512).optional(),
      success: z.boolean().optional(),
      source_ip: z.string().max(64).optional(),
      request_id: z.string().max(64).optional(),
    })
    .optional(),
  // Strict: inline keys (access_key_id, ...) are refused; "credentials come from a ScaiVault secret".
  destination: z
    .object({
      type: z.enum(DESTINATION_TYPES),
      bucket: z.string().min(1).max(255),
      prefix: z.string().max(512).optional(),
      region: z.string().max(64).optional(),
      credentials_path: z.string().min(1).max(512),
    })
    .strict(),
});

/** The export's window and filters, read as the list reads its query (same names, same rules). */
function exportFilter(body: z.output<typeof ExportBody>): LogFilter {
  const query = new URLSearchParams({ from: body.from, to: body.to });
  for (const [key, value] of Object.entries(body.filters ?? {})) if (value !== undefined) query.set(key, String(value));
  return filters(query);
}

const credentialsExist = (tenant: TenantStores) => (path: string) => tenant.secrets.peek(path) !== undefined;

const { get, post } = routesOf("audit_log");

/** Routes of the audit API (/v1/audit): translate HTTP <-> AuditStore. */
export const auditRoutes = [
  get("/v1/audit/logs", { scope: "audit:read", action: "audit_query" }, ({ tenant, query }) =>
    pageOut(
      tenant.audit.query(
        filters(query),
        readLimit(query, 100, 1000),
        decodeCursor<string>(query, "string"),
        order(query),
      ),
    ),
  ),
  // Documented query: from, to (other parameters are ignored, as a vault would).
  get("/v1/audit/summary", { scope: "audit:read", action: "audit_summary" }, ({ tenant, query }) =>
    tenant.audit.summary(window(query)),
  ),
  get(
    "/v1/audit/secrets/:path(.*)",
    { scope: "audit:read", action: "audit_secret_trail", permission: "list", secretPath: ({ params }) => params.path! },
    ({ tenant, params, query }) => {
      const f = filters(query);
      return pageOut(
        tenant.audit.secretTrail(
          validatePath(params.path!),
          f,
          readLimit(query, 100, 1000),
          decodeCursor<string>(query, "string"),
        ),
      );
    },
  ),
  get(
    "/v1/audit/identities/:identity_id",
    { scope: "audit:read", action: "audit_identity_trail" },
    ({ tenant, params, query }) =>
      pageOut(
        tenant.audit.identityTrail(
          params.identity_id!,
          filters(query),
          readLimit(query, 100, 1000),
          decodeCursor<string>(query, "string"),
        ),
      ),
  ),

  post(
    "/v1/audit/export",
    { scope: "audit:export", action: "export_created", resourceType: "audit_export", body: ExportBody },
    ({ tenant, body, actor, note }) => {
      validatePath(trimSlashes(body.destination.credentials_path));
      const job = tenant.audit.exports.create(
        {
          from: body.from,
          to: body.to,
          format: body.format ?? "jsonl",
          filters: body.filters ?? {},
          destination: { ...body.destination, credentials_path: trimSlashes(body.destination.credentials_path) },
        },
        tenant.audit.entries(exportFilter(body)),
        actor,
      );
      note({ export_id: job.export_id, records: job.estimated_records });
      return withStatus(202, job);
    },
  ),
  get(
    "/v1/audit/exports",
    { scope: "audit:export", action: "audit_export_list", resourceType: "audit_export" },
    ({ tenant, query }) => page("exports", tenant.audit.exports.list(credentialsExist(tenant)), query),
  ),
  get(
    "/v1/audit/exports/:id",
    { scope: "audit:export", action: "audit_export_read", resourceType: "audit_export" },
    ({ tenant, params }) => tenant.audit.exports.poll(params.id!, credentialsExist(tenant)),
  ),
  // The mock's own: where the file it would have written to the object store can be fetched.
  get(
    "/v1/audit/exports/:id/download",
    { scope: "audit:export", action: "audit_export_download", resourceType: "audit_export" },
    ({ tenant, params }) => {
      const file = tenant.audit.exports.download(params.id!);
      return new Response(file.content, {
        headers: {
          "Content-Type": file.contentType,
          "Content-Disposition": `attachment; filename="${file.name.split("/").pop()}"`,
        },
      });
    },
  ),
];
