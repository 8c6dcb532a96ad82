/**
 * Contract: batch operations (api-guides/batch-operations) against the mock vault. The requests
 * are the guide's own example (three integration credentials, include_metadata and fail_fast
 * false); the answers are held to its shape: values under `secrets`, failures under `errors` by
 * path, each path checked against access policies and audited on its own.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createMockVault } from "../../mock-vault/index.js";
import { createClient } from "../../src/client/index.js";
import { BatchMetadata, BatchRead } from "../../src/client/schemas/secrets.js";

const mock = createMockVault({ seed: 42 });
const as = (token: string) => createClient({ baseUrl: mock.baseUrl, token, fetch: mock.fetch, maxRetries: 0 });
const admin = as(mock.tokens.admin);
const runner = as(mock.tokens.reportRunner);
beforeEach(() => mock.reset());

const GUIDE_PATHS = [
  "integrations/salesforce/oauth",
  "integrations/scaisend/api-key",
  "integrations/stripe/secret-key",
];

/** A batch answer, or the error envelope when the whole request failed. */
interface Answer {
  secrets: Record<string, unknown>;
  errors: Record<string, { code: string }>;
  error: { code: string; details?: unknown; request_id: string };
}

async function post(path: string, body: unknown, token: string = mock.tokens.admin) {
  const res = await mock.fetch(
    new Request(`${mock.baseUrl}${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  return { status: res.status, requestId: res.headers.get("x-request-id"), body: (await res.json()) as Answer };
}

const entriesOf = (requestId: string | null) => mock.state.audit.events.filter((e) => e.request_id === requestId);

describe("POST /v1/secrets/batch", () => {
  it("answers the guide's example: values by path, the missing one under errors (200, partial success)", async () => {
    await admin.secrets.write("integrations/scaisend/api-key", {
      data: { key: "sk_send_example" },
      secret_type: "api_key",
    });
    const res = await post("/v1/secrets/batch", {
      paths: GUIDE_PATHS,
      options: { include_metadata: false, fail_fast: false },
    });
    expect(res.status).toBe(200);
    const batch = BatchRead.parse(res.body);
    expect(Object.keys(batch.secrets)).toEqual(GUIDE_PATHS.slice(0, 2));
    expect(batch.secrets["integrations/scaisend/api-key"]).toEqual({
      data: { key: "sk_send_example" },
      version: 1,
      secret_type: "api_key",
    });
    // Without include_metadata, exactly the guide's three fields.
    expect(Object.keys(batch.secrets["integrations/salesforce/oauth"] ?? {}).sort()).toEqual([
      "data",
      "secret_type",
      "version",
    ]);
    expect(batch.errors).toEqual({
      "integrations/stripe/secret-key": {
        code: "secret_not_found",
        message: expect.any(String),
        details: { path: "integrations/stripe/secret-key" },
      },
    });
  });

  it("checks every path against the caller's policies: denied paths are errors, the rest is read", async () => {
    const batch = await runner.secrets.batchRead(["integrations/stripe/api-key", "infra/db/primary/credentials"]);
    expect(Object.keys(batch.secrets)).toEqual(["integrations/stripe/api-key"]);
    expect(batch.errors["infra/db/primary/credentials"]).toMatchObject({
      code: "access_denied",
      message: expect.stringContaining("No matching rule"),
    });
  });

  it("audits the batch and each path on its own, under the request's id", async () => {
    const res = await post(
      "/v1/secrets/batch",
      { paths: ["integrations/stripe/api-key", "infra/db/primary/credentials", "Not A Path"] },
      mock.tokens.reportRunner,
    );
    const entries = entriesOf(res.requestId);
    expect(entries.map((e) => [e.action, e.path, e.outcome, e.error_code])).toEqual([
      ["batch_read", null, "success", null],
      ["read", "integrations/stripe/api-key", "success", null],
      ["read", "infra/db/primary/credentials", "denied", "access_denied"],
      ["read", "Not A Path", "error", "invalid_path"],
    ]);
    expect(entries[0]?.extra_data).toEqual({ paths: 3, returned: 1, failed: 2 });
    expect(res.body.errors["Not A Path"]).toMatchObject({ code: "invalid_path" });
  });

  it("fail_fast aborts on the first failing path: the request answers that path's error", async () => {
    const res = await post("/v1/secrets/batch", {
      paths: ["integrations/stripe/api-key", "integrations/stripe/secret-key", "integrations/salesforce/oauth"],
      options: { fail_fast: true },
    });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({
      code: "secret_not_found",
      details: { path: "integrations/stripe/secret-key" },
      request_id: res.requestId,
    });
    // The path after the failure was never read.
    expect(entriesOf(res.requestId).map((e) => e.path)).toEqual([
      null,
      "integrations/stripe/api-key",
      "integrations/stripe/secret-key",
    ]);
  });

  it("reads every path at `version`; include_metadata adds the full metadata", async () => {
    await admin.secrets.write("apps/batch/a", { data: { v: "1" } });
    await admin.secrets.write("apps/batch/a", { data: { v: "2" } });
    await admin.secrets.write("apps/batch/b", { data: { v: "1" } });
    const batch = await admin.secrets.batchRead(["apps/batch/a", "apps/batch/b"], { version: 2 });
    expect(batch.secrets["apps/batch/a"]).toMatchObject({ data: { v: "2" }, version: 2 });
    expect(batch.errors["apps/batch/b"]).toMatchObject({ code: "version_not_found" });
    const full = await admin.secrets.batchRead(["apps/batch/a"], { include_metadata: true });
    expect(full.secrets["apps/batch/a"]).toMatchObject({
      path: "apps/batch/a",
      version: 2,
      metadata: {},
      created_at: expect.any(String),
      rotation_policy_id: null,
    });
  });

  it("takes at most 100 paths (422 with the field), needs a JSON object (400) and secrets:read (403)", async () => {
    const tooMany = await post("/v1/secrets/batch", { paths: Array.from({ length: 101 }, (_, i) => `apps/x${i}`) });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error).toMatchObject({
      code: "validation_error",
      details: { fields: [{ field: "paths", message: expect.stringContaining("100") }] },
    });
    expect((await post("/v1/secrets/batch", { paths: [] })).status).toBe(422);
    const notObject = await post("/v1/secrets/batch", ["integrations/stripe/api-key"]);
    expect(notObject).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
    mock.state.addToken({
      token: "skt_mock_list_only",
      identity_id: "sa:lister",
      identity_type: "service_account",
      tenant_id: mock.tenantId,
      partner_id: "ptn_acme",
      scopes: ["secrets:list"],
    });
    const noScope = await post("/v1/secrets/batch", { paths: ["integrations/stripe/api-key"] }, "skt_mock_list_only");
    expect(noScope).toMatchObject({
      status: 403,
      body: { error: { code: "insufficient_scope", details: { required_scope: "secrets:read" } } },
    });
  });

  it("answers a path once however often it is asked, and keys like 'constructor' are plain paths", async () => {
    await admin.secrets.write("constructor", { data: { a: "1" } });
    const batch = await admin.secrets.batchRead(["constructor", "constructor", "__proto__"]);
    expect(Object.keys(batch.secrets)).toEqual(["constructor"]);
    expect(Object.keys(batch.errors)).toEqual(["__proto__"]);
  });

  it("leaves the rotate route to rotations: POST /v1/secrets/{path}/rotate still rotates, also under batch/", async () => {
    expect((await admin.secrets.rotate("integrations/stripe/api-key")).new_version).toBe(2);
    await admin.secrets.write("batch", { data: { a: "1" } });
    expect((await admin.secrets.rotate("batch")).new_version).toBe(2);
    expect((await admin.secrets.read("batch")).version).toBe(2);
  });
});

describe("POST /v1/secrets/batch/metadata", () => {
  it("returns metadata only, with secrets:list alone", async () => {
    const meta = BatchMetadata.parse(
      await as(mock.tokens.readOnly).secrets.batchMetadata(["integrations/stripe/api-key", "apps/web/session-key"]),
    );
    expect(meta.secrets["integrations/stripe/api-key"]).toMatchObject({
      path: "integrations/stripe/api-key",
      version: 1,
    });
    for (const entry of Object.values(meta.secrets)) expect(entry).not.toHaveProperty("data");
    expect(Object.keys(meta.secrets)).toEqual(["integrations/stripe/api-key", "apps/web/session-key"]);
  });

  it("expands wildcards server-side (top level or in options), each match policy-checked", async () => {
    const top = await runner.secrets.batchMetadata(["integrations/**"], { expand_wildcards: true });
    expect(Object.keys(top.secrets).length).toBeGreaterThan(1);
    expect(Object.keys(top.secrets).every((p) => p.startsWith("integrations/"))).toBe(true);
    const res = await post("/v1/secrets/batch/metadata", { paths: ["*/db/**"], options: { expand_wildcards: true } });
    expect(Object.keys(res.body.secrets).sort()).toEqual([
      "infra/db/primary/credentials",
      "infra/db/replica/credentials",
    ]);
    // Denied matches are errors, not silently dropped.
    const denied = await runner.secrets.batchMetadata(["infra/db/*/credentials"], { expand_wildcards: true });
    expect(Object.values(denied.errors).map((e) => e.code)).toEqual(["access_denied", "access_denied"]);
    // Without expand_wildcards a pattern is just an invalid path.
    const literal = await admin.secrets.batchMetadata(["integrations/**"]);
    expect(literal.errors["integrations/**"]).toMatchObject({ code: "invalid_path" });
    const bad = await post("/v1/secrets/batch/metadata", { paths: ["a/**x"], expand_wildcards: true });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "invalid_glob" } } });
  });
});
