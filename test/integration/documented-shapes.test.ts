/**
 * A real vault answers with the shapes its documentation shows, which carry fewer fields than the
 * mock returns. Such answers must come through as results (masked where due), never as an
 * "output validation" error after the vault already acted: a key shown once would be lost.
 * Each body below holds only the fields of the ScaiVault reference's example for that endpoint.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { MASK } from "../../src/guard/mask.js";
import { buildServer } from "../../src/server.js";
import { textOf } from "../helpers/harness.js";

const FAKE_KEY = "-----BEGIN PRIVATE KEY-----\nZmFrZS1rZXktZm9yLXRlc3Rz\n-----END PRIVATE KEY-----\n";

/** Documented example bodies, keyed by "METHOD path". */
const DOCUMENTED: Record<string, unknown> = {
  "GET /v1/secrets/environments/production/salesforce/api-credentials": {
    path: "environments/production/salesforce/api-credentials",
    secret_type: "json",
    version: 3,
    data: { client_id: "3MVG9-example", client_secret: "example-client-secret" },
    metadata: { description: "Salesforce OAuth credentials", tags: ["salesforce"], owner: "team:integrations" },
    created_at: "2026-01-15T10:30:00Z",
    updated_at: "2026-04-20T14:22:00Z",
    expires_at: null,
    rotation_policy_id: "rot_quarterly",
  },
  "POST /v1/pki/ca": {
    id: "ca_root_abc",
    name: "acme-root",
    common_name: "Acme Root CA",
    ca_type: "root",
    key_type: "ec",
    key_size: 256,
    valid_from: "2026-04-23T14:00:00Z",
    valid_until: "2036-04-20T14:00:00Z",
    is_active: true,
    certificates_issued: 0,
    created_at: "2026-04-23T14:00:00Z",
  },
  "POST /v1/pki/issue/svc-mtls": {
    certificate: "-----BEGIN CERTIFICATE-----\nZmFrZQ==\n-----END CERTIFICATE-----\n",
    private_key: FAKE_KEY,
    ca_chain: ["-----BEGIN CERTIFICATE-----\nZmFrZQ==\n-----END CERTIFICATE-----\n"],
    serial_number: "4a:3f:01",
    not_after: "2026-05-24T15:00:00Z",
  },
};

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

async function against(maskValues: boolean) {
  const seen: string[] = [];
  const fetch = async (request: Request) => {
    const key = `${request.method} ${new URL(request.url).pathname}`;
    seen.push(key);
    const body = DOCUMENTED[key];
    return body
      ? Response.json(body, { status: request.method === "POST" ? 201 : 200 })
      : Response.json({ error: { code: "not_found", message: "No such endpoint." } }, { status: 404 });
  };
  const parts = buildServer({
    config: { url: "https://vault.example.invalid", token: "skt_test_documented_shapes", maskValues, maxRetries: 0 },
    fetch,
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await parts.server.connect(serverSide);
  const client = new Client({ name: "documented-shapes", version: "1.0.0" });
  await client.connect(clientSide);
  close = async () => {
    await client.close();
    await parts.server.close();
  };
  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { call, seen };
}

describe("documented response shapes", () => {
  it("reads a secret shaped like the reference example, values masked", async () => {
    const { call } = await against(true);
    const result = await call("scaivault_read_secret", { path: "environments/production/salesforce/api-credentials" });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ version: 3, data: { client_id: MASK, client_secret: MASK } });
    expect(textOf(result)).not.toContain("example-client-secret");
  });

  it("creates a root CA whose answer has only the documented fields", async () => {
    const { call, seen } = await against(false);
    const result = await call("scaivault_create_root_ca", { name: "acme-root", common_name: "Acme Root CA" });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ id: "ca_root_abc", is_active: true });
    expect(seen).toEqual(["POST /v1/pki/ca"]);
  });

  it("hands over the once-shown private key of a documented issue answer (masked under MASK_VALUES)", async () => {
    for (const maskValues of [false, true]) {
      const { call } = await against(maskValues);
      const result = await call("scaivault_issue_certificate", { role: "svc-mtls", common_name: "billing.svc" });
      expect(result.isError, textOf(result)).toBeFalsy();
      const content = result.structuredContent as Record<string, unknown>;
      expect(content.serial_number).toBe("4a:3f:01");
      expect(content.private_key).toBe(maskValues ? MASK : FAKE_KEY);
      await close?.();
    }
  });
});
