/**
 * One schema snapshot per tool, as a real client sees it in tools/list with output schemas on
 * (the default listing is the same without them, checked below). An intended change is accepted
 * with `npm run test:update` and reviewed as a diff; under CI=true a missing or changed snapshot
 * fails instead of being written.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalog } from "../../src/tools/index.js";
import { Cursor, Limit, TenantId } from "../../src/tools/schemas.js";
import { connect, type Harness } from "../helpers/harness.js";
import { hintsAsRead } from "../helpers/hints.js";

let h: Harness;
let plain: Harness;
let listed: Map<string, Tool>;
let listedByDefault: Tool[];
beforeAll(async () => {
  h = await connect({ outputSchemas: true });
  plain = await connect();
  listed = new Map((await h.client.listTools()).tools.map((t) => [t.name, t]));
  listedByDefault = (await plain.client.listTools()).tools;
});
afterAll(async () => {
  await h.close();
  await plain.close();
});

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  return value;
}

describe("the default listing", () => {
  it("is the snapshotted one without output schemas", () => {
    expect(listedByDefault.every((t) => t.outputSchema === undefined)).toBe(true);
    expect(listedByDefault).toEqual([...listed.values()].map(({ outputSchema: _o, ...rest }) => rest));
  });

  it.each(catalog.map((t) => [t.name, t] as const))(
    "%s: hints over the spec's defaults say what the tool declares",
    (name, def) => {
      const { title: _t, ...declared } = def.annotations;
      const read = hintsAsRead(listedByDefault.find((t) => t.name === name)?.annotations);
      expect(read.readOnlyHint).toBe(declared.readOnlyHint ?? false);
      expect(read.openWorldHint).toBe(declared.openWorldHint ?? true);
      // destructive and idempotent mean something only for a tool that writes (MCP spec).
      if (!declared.readOnlyHint) {
        expect(read.destructiveHint).toBe(declared.destructiveHint);
        expect(read.idempotentHint).toBe(declared.idempotentHint ?? false);
      }
    },
  );

  it("describes the shared limit, cursor and tenant_id once, in the server instructions", () => {
    const shared = new Map<unknown, string>([
      [Limit, "limit"],
      [Cursor, "cursor"],
      [TenantId, "tenant_id"],
    ]);
    const lines = catalog.flatMap((def) => {
      const properties = (listedByDefault.find((t) => t.name === def.name)?.inputSchema.properties ?? {}) as Record<
        string,
        { description?: string }
      >;
      return ["limit", "cursor", "tenant_id"]
        .filter((arg) => arg in def.input)
        .map((arg) => ({
          at: `${def.name}.${arg}`,
          shared: shared.get(def.input[arg]) === arg,
          described: properties[arg]?.description !== undefined,
        }));
    });
    expect(lines.filter((l) => l.shared).length).toBeGreaterThan(40);
    // The shared ones carry no description; one with a meaning of its own keeps it.
    expect(lines.filter((l) => l.shared === l.described)).toEqual([]);
    const instructions = plain.client.getInstructions() ?? "";
    for (const arg of ["cursor", "limit", "tenant_id"]) expect(instructions).toContain(arg);
    expect(instructions).toContain("defaults to the token's tenant");
  });

  it("names the locked tenant as tenant_id's default when SCAIVAULT_TENANT_ID is set", async () => {
    const locked = await connect({ tenantId: "tnt_acme_prod" });
    try {
      expect(locked.client.getInstructions()).toContain("tenant_id, where a tool takes it, defaults to tnt_acme_prod");
    } finally {
      await locked.close();
    }
  });
});

describe("tool schema snapshots", () => {
  it("lists every catalog tool", () => {
    expect([...listed.keys()].sort()).toEqual(catalog.map((t) => t.name).sort());
  });

  it.each(catalog.map((t) => [t.name] as const))("%s", async (name) => {
    await expect(`${JSON.stringify(sortKeys(listed.get(name)), null, 2)}\n`).toMatchFileSnapshot(
      `./__toolsnaps__/${name}.json`,
    );
  });
});
