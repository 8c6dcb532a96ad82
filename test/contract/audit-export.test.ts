/**
 * Contract: audit exports (POST /v1/audit/export 202, GET /v1/audit/exports[/{id}]) as the
 * audit guide describes them: a window, jsonl or csv, the list filters, an object-store
 * destination whose credentials come from a ScaiVault secret; status polled until "completed",
 * when the manifest lists the written files. The mock writes to no object store: the job
 * completes at its first poll and its file is served by GET /v1/audit/exports/{id}/download.
 */
import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createMockVault, type MockVaultHandle } from "../../mock-vault/index.js";
import type { ExportBody } from "../../src/client/audit.js";
import { createClient, type VaultError } from "../../src/client/index.js";
import { AuditExport, AuditExportList } from "../../src/client/schemas/audit.js";

let mock: MockVaultHandle;
const client = (token: string) => createClient({ baseUrl: mock.baseUrl, token, fetch: mock.fetch, maxRetries: 0 });
const admin = () => client(mock.tokens.admin);
const TODAY = "2026-05-17";

beforeEach(async () => {
  mock = createMockVault();
  await admin().secrets.write("infra/audit-archive/s3", {
    data: { access_key_id: "AKIA-MOCK", secret_access_key: "mock" },
  });
});

const body = (over: Partial<ExportBody> = {}): ExportBody => ({
  from: `${TODAY}T00:00:00Z`,
  to: `${TODAY}T15:00:00Z`,
  format: "jsonl",
  destination: {
    type: "s3",
    bucket: "acme-audit",
    prefix: "scaivault/prod",
    credentials_path: "infra/audit-archive/s3",
  },
  ...over,
});

async function download(exportId: string) {
  const res = await mock.fetch(
    new Request(`${mock.baseUrl}/v1/audit/exports/${exportId}/download`, {
      headers: { Authorization: `Bearer ${mock.tokens.admin}` },
    }),
  );
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

describe("POST /v1/audit/export", () => {
  it("accepts (202) with export_id, status and estimated_records; the first poll completes it with a manifest", async () => {
    const started = AuditExport.parse(await admin().audit.export(body()));
    expect(started).toMatchObject({
      export_id: expect.stringMatching(/^exp_/),
      status: "pending",
      estimated_records: 63,
    });
    expect(started.manifest).toBeNull();
    const done = AuditExport.parse(await admin().audit.exportStatus(started.export_id));
    expect(done.status).toBe("completed");
    const [file] = done.manifest?.files ?? [];
    expect(file).toMatchObject({
      name: `scaivault/prod/${started.export_id}/audit-00000.jsonl`,
      url: `s3://acme-audit/scaivault/prod/${started.export_id}/audit-00000.jsonl`,
      records: 63,
    });
    const content = await download(started.export_id);
    expect(content.type).toBe("application/x-ndjson");
    expect(createHash("sha256").update(content.text).digest("hex")).toBe(file?.sha256);
    expect(Buffer.byteLength(content.text)).toBe(file?.bytes);
    const lines = content.text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(63);
    expect(lines[0]).toMatchObject({ action: "read", user_agent: expect.any(String), duration_ms: expect.any(Number) });
    // Oldest first, as written for archival.
    expect(lines.map((l) => l.timestamp)).toEqual(lines.map((l) => l.timestamp).sort());
  });

  it("writes csv with a header row and RFC 4180 quoting; filters narrow what is written", async () => {
    const started = await admin().audit.export(
      body({ format: "csv", filters: { identity_id: "sa:report-runner", success: false } }),
    );
    expect(started.estimated_records).toBe(3);
    await admin().audit.exportStatus(started.export_id);
    const csv = await download(started.export_id);
    expect(csv.type).toBe("text/csv");
    const rows = csv.text.trimEnd().split("\r\n");
    expect(rows[0]?.split(",").slice(0, 3)).toEqual(["id", "timestamp", "action"]);
    expect(rows).toHaveLength(4);
    expect(rows.slice(1).every((r) => r.includes("sa:report-runner") && r.includes("access_denied"))).toBe(true);
  });

  it("keeps the file as the log was when the export was accepted", async () => {
    const started = await admin().audit.export(body({ to: `${TODAY}T23:59:59Z` }));
    await admin().secrets.list();
    await admin().audit.exportStatus(started.export_id);
    const lines = (await download(started.export_id)).text.trimEnd().split("\n");
    expect(lines).toHaveLength(started.estimated_records);
  });

  it("fails at its poll when the credentials secret does not exist; nothing to download", async () => {
    const started = await admin().audit.export(
      body({ destination: { type: "gcs", bucket: "b", credentials_path: "infra/audit-archive/missing" } }),
    );
    const failed = await admin().audit.exportStatus(started.export_id);
    expect(failed).toMatchObject({ status: "failed", manifest: null, error: { code: "secret_not_found" } });
    expect(await download(started.export_id)).toMatchObject({ status: 409 });
  });

  it("refuses inline keys, unknown formats and destinations, bad times (422) and bad credential paths (400)", async () => {
    const reject = (b: unknown) =>
      admin()
        .audit.export(b as ExportBody)
        .then(
          () => expect.fail("expected an error"),
          (e: unknown) => e as VaultError,
        );
    const inline = await reject({
      ...body(),
      destination: { ...body().destination, secret_access_key: "inline" },
    });
    expect(inline).toMatchObject({ status: 422, code: "validation_error" });
    expect(await reject({ ...body(), format: "parquet" })).toMatchObject({ status: 422 });
    expect(await reject({ ...body(), destination: { ...body().destination, type: "ftp" } })).toMatchObject({
      status: 422,
    });
    expect(await reject({ ...body(), from: "yesterday" })).toMatchObject({
      status: 422,
      details: { fields: [{ field: "from", message: expect.any(String) }] },
    });
    expect(await reject({ ...body(), from: `${TODAY}T16:00:00Z` })).toMatchObject({
      status: 400,
      code: "invalid_request",
    });
    expect(
      await reject({ ...body(), destination: { ...body().destination, credentials_path: "../etc" } }),
    ).toMatchObject({ status: 400, code: "invalid_path" });
  });

  it("needs audit:export, for the list and the status too; the export is audited as export_created", async () => {
    const auditor = client(mock.tokens.readOnly);
    for (const attempt of [auditor.audit.export(body()), auditor.audit.exports(), auditor.audit.exportStatus("exp_x")])
      await expect(attempt).rejects.toMatchObject({ status: 403, code: "insufficient_scope" });
    const started = await admin().audit.export(body());
    const [entry] = (await admin().audit.logs({ action: "export_created" })).logs;
    expect(entry).toMatchObject({ outcome: "success", extra_data: { export_id: started.export_id, records: 63 } });
  });
});

describe("GET /v1/audit/exports", () => {
  it("lists the tenant's exports newest first (polling them), paged; unknown ids answer 404", async () => {
    const a = await admin().audit.export(body());
    const b = await admin().audit.export(body({ format: "csv" }));
    const list = AuditExportList.parse(await admin().audit.exports());
    expect(list.exports.map((e) => [e.export_id, e.status])).toEqual([
      [b.export_id, "completed"],
      [a.export_id, "completed"],
    ]);
    const page = await admin().audit.exports({ limit: 1 });
    expect(page).toMatchObject({ has_more: true, exports: [{ export_id: b.export_id }] });
    await expect(admin().audit.exportStatus("exp_nope")).rejects.toMatchObject({
      status: 404,
      code: "export_not_found",
    });
    const other = createClient({ baseUrl: mock.baseUrl, token: mock.tokens.otherTenantAdmin, fetch: mock.fetch });
    expect((await other.audit.exports()).exports).toEqual([]);
  });
});
