/**
 * Audit exports (POST /v1/audit/export, GET /v1/audit/exports[/{id}]): a job that writes the
 * entries of a window, in jsonl or csv, to an object store. The mock reaches no object store:
 * the file is written at creation into the job itself (so later requests never change it), the
 * job completes at its first status poll (or fails there, when the destination's credentials
 * secret does not exist), its manifest names the object a vault would have written, and the
 * content is served by GET /v1/audit/exports/{id}/download, an endpoint of this mock only.
 */
import { createHash } from "node:crypto";
import type { AuditEvent } from "../../core/audit-log.js";
import { badRequest, conflict, notFound } from "../../core/errors.js";
import type { StoreEnv } from "../../core/vault.js";
import { type LogView, logView } from "./log-view.js";

export const EXPORT_FORMATS = ["jsonl", "csv"] as const;
export const DESTINATION_TYPES = ["s3", "gcs", "azure_blob"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type DestinationType = (typeof DESTINATION_TYPES)[number];

/** What one export may hold: the file is kept in memory, so a window is narrowed rather than cut. */
export const MAX_EXPORT_RECORDS = 100_000;

export interface ExportInput {
  from: string;
  to: string;
  format: ExportFormat;
  /** The list filters as given (kept for the job's view). */
  filters: Record<string, unknown>;
  destination: { type: DestinationType; bucket: string; prefix?: string | undefined; credentials_path: string };
}

export interface ExportRecord extends ExportInput {
  id: string;
  status: "pending" | "completed" | "failed";
  estimated_records: number;
  created_at: string;
  created_by: string | null;
  completed_at: string | null;
  /** The written file: set at creation, dropped when the job fails. */
  content: string | null;
  error: { code: string; message: string } | null;
}

const SCHEMES: Record<DestinationType, string> = { s3: "s3", gcs: "gs", azure_blob: "azure" };
const CONTENT_TYPES: Record<ExportFormat, string> = { jsonl: "application/x-ndjson", csv: "text/csv" };
const COLUMNS: readonly (keyof LogView)[] = [
  "id",
  "timestamp",
  "action",
  "resource_type",
  "identity_type",
  "identity_id",
  "secret_path",
  "source_ip",
  "user_agent",
  "success",
  "outcome",
  "status_code",
  "error_code",
  "method",
  "duration_ms",
  "request_id",
  "extra_data",
];

/** RFC 4180: quote a field holding a comma, quote or line break; objects as JSON. */
function csvField(value: unknown): string {
  const text =
    value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function render(format: ExportFormat, rows: LogView[]): string {
  if (format === "jsonl") return rows.map((r) => `${JSON.stringify(r)}\n`).join("");
  const lines = [COLUMNS.join(","), ...rows.map((r) => COLUMNS.map((c) => csvField(r[c])).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}

/** The export jobs of one tenant (their records live in the audit store's state). */
export class AuditExports {
  constructor(
    private readonly env: StoreEnv,
    private readonly store: { readonly state: { exports?: ExportRecord[] } },
  ) {}

  get #jobs(): ExportRecord[] {
    this.store.state.exports ??= [];
    return this.store.state.exports;
  }

  /** Takes the entries now (oldest first), so the file is what the log held when the job was accepted. */
  create(input: ExportInput, entries: Iterable<AuditEvent>, actor: string | null) {
    const rows: LogView[] = [];
    for (const e of entries) {
      if (rows.length === MAX_EXPORT_RECORDS)
        throw badRequest(
          "invalid_request",
          `The window holds more than ${MAX_EXPORT_RECORDS} entries; export it in narrower from/to windows.`,
        );
      rows.push(logView(e));
    }
    const job: ExportRecord = {
      ...structuredClone(input),
      id: this.env.vault.ids.next("exp"),
      status: "pending",
      estimated_records: rows.length,
      created_at: this.env.vault.clock.iso(),
      created_by: actor,
      completed_at: null,
      content: render(input.format, rows),
      error: null,
    };
    this.#jobs.push(job);
    return this.view(job);
  }

  #find(id: string): ExportRecord {
    const job = this.#jobs.find((j) => j.id === id);
    if (!job)
      throw notFound("export_not_found", `Audit export '${id.slice(0, 80)}' not found`, { export_id: id.slice(0, 80) });
    return job;
  }

  /**
   * A status poll: a pending job finishes now, written (completed), or failed when its
   * credentials secret does not exist (`credentialsExist` asks the tenant's secrets).
   */
  poll(id: string, credentialsExist: (path: string) => boolean) {
    const job = this.#find(id);
    this.#finish(job, credentialsExist);
    return this.view(job);
  }

  list(credentialsExist: (path: string) => boolean) {
    return [...this.#jobs].reverse().map((job) => {
      this.#finish(job, credentialsExist);
      return this.view(job);
    });
  }

  #finish(job: ExportRecord, credentialsExist: (path: string) => boolean): void {
    if (job.status !== "pending") return;
    job.completed_at = this.env.vault.clock.iso();
    if (credentialsExist(job.destination.credentials_path)) {
      job.status = "completed";
      return;
    }
    job.status = "failed";
    job.content = null;
    job.error = {
      code: "secret_not_found",
      message: `The destination's credentials secret '${job.destination.credentials_path}' does not exist.`,
    };
  }

  /** The written file, once the job completed. */
  download(id: string): { content: string; contentType: string; name: string } {
    const job = this.#find(id);
    if (job.status !== "completed" || job.content === null)
      throw conflict("export_not_ready", `Audit export '${job.id}' is ${job.status}; poll it until it is completed.`, {
        export_id: job.id,
        status: job.status,
      });
    return { content: job.content, contentType: CONTENT_TYPES[job.format], name: this.#objectName(job) };
  }

  #objectName(job: ExportRecord): string {
    const prefix = (job.destination.prefix ?? "").replace(/^\/+|\/+$/g, "");
    return `${prefix ? `${prefix}/` : ""}${job.id}/audit-00000.${job.format}`;
  }

  view(job: ExportRecord) {
    const done = job.status === "completed" && job.content !== null;
    const name = this.#objectName(job);
    return {
      export_id: job.id,
      status: job.status,
      format: job.format,
      from: job.from,
      to: job.to,
      filters: structuredClone(job.filters),
      destination: { ...job.destination },
      estimated_records: job.estimated_records,
      created_at: job.created_at,
      created_by: job.created_by,
      completed_at: job.completed_at,
      manifest: done
        ? {
            files: [
              {
                name,
                url: `${SCHEMES[job.destination.type]}://${job.destination.bucket}/${name}`,
                records: job.estimated_records,
                bytes: Buffer.byteLength(job.content as string),
                sha256: createHash("sha256")
                  .update(job.content as string)
                  .digest("hex"),
                content_type: CONTENT_TYPES[job.format],
              },
            ],
            total_records: job.estimated_records,
          }
        : null,
      error: job.error,
    };
  }
}
