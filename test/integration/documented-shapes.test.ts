/**
 * A real vault answers with the shapes its documentation shows, which carry fewer fields than the
 * mock returns. Results are checked at run time only against what tools/list advertises (nothing
 * by default, the top-level types with output schemas on), so such answers come through (masked
 * where due) instead of as an "output validation" error. The
 * PKI cases (a key shown once) are in pki.test.ts; here the secrets and the mechanism itself.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MASK } from "../../src/guard/mask.js";
import { textOf } from "../helpers/harness.js";
import { connectRewriting, type RewritingHarness } from "../helpers/rewriting.js";

/** The fields of core-concepts/secrets' example answer: no secret_policy_id, no last_rotated_at. */
const DOCUMENTED_SECRET = [
  "path",
  "secret_type",
  "version",
  "data",
  "metadata",
  "created_at",
  "updated_at",
  "expires_at",
  "rotation_policy_id",
];

const only = (body: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(Object.entries(body).filter(([k]) => keys.includes(k)));

let vault: RewritingHarness | undefined;
afterEach(async () => vault?.close());

describe("documented response shapes", () => {
  it("reads and writes a secret shaped like the reference example, values masked", async () => {
    vault = await connectRewriting(
      (path, _method, body) =>
        path.startsWith("/v1/secrets/") && !path.endsWith("/versions") ? only(body, DOCUMENTED_SECRET) : body,
      { maskValues: true, outputSchemas: true },
    );
    const read = await vault.call("scaivault_read_secret", { path: "integrations/salesforce/oauth" });
    expect(read.isError, textOf(read)).toBeFalsy();
    expect(Object.keys(read.structuredContent ?? {}).sort()).toEqual([...DOCUMENTED_SECRET].sort());
    expect(read.structuredContent).toMatchObject({ version: 3, data: { client_id: MASK, client_secret: MASK } });
    const written = await vault.call("scaivault_write_secret", { path: "apps/doc/probe", data: { v: "x" } });
    expect(written.isError, textOf(written)).toBeFalsy();
  });

  it("a field the declared shape requires but a vault leaves out does not fail a write that happened", async () => {
    vault = await connectRewriting(
      (path, method, body) => {
        if (method !== "PUT" || !path.startsWith("/v1/secrets/")) return body;
        const { updated_at: _u, rotation_policy_id: _r, ...rest } = body;
        return rest;
      },
      { outputSchemas: true },
    );
    const written = await vault.call("scaivault_write_secret", { path: "apps/doc/lean", data: { v: "x" } });
    expect(written.isError, textOf(written)).toBeFalsy();
    expect(written.structuredContent).toMatchObject({ path: "apps/doc/lean", version: 1 });
  });

  const versionAsText = (path: string, method: string, body: Record<string, unknown>) =>
    method === "GET" && path.startsWith("/v1/secrets/") ? { ...body, version: "three" } : body;

  it("with output schemas listed, refuses a result whose top-level types contradict them", async () => {
    vault = await connectRewriting(versionAsText, { outputSchemas: true });
    const read = await vault.call("scaivault_read_secret", { path: "integrations/salesforce/oauth" });
    expect(read.isError).toBe(true);
    expect(textOf(read)).toMatch(/Output validation error/);
    expect(textOf(read)).not.toContain("mock-");
  });

  it("with no output schema listed (the default), passes the vault's answer on as it is, masked", async () => {
    vault = await connectRewriting(versionAsText, { maskValues: true });
    const read = await vault.call("scaivault_read_secret", { path: "integrations/salesforce/oauth" });
    expect(read.isError, textOf(read)).toBeFalsy();
    expect(read.structuredContent).toMatchObject({ version: "three", data: { client_secret: MASK } });
  });
});
