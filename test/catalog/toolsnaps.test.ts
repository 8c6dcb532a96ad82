/**
 * One schema snapshot per tool, as a real client sees it in tools/list. An intended change is
 * accepted with `npm run test:update` and reviewed as a diff; under CI=true a missing or changed
 * snapshot fails instead of being written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalog } from "../../src/tools/index.js";
import { connect, type Harness } from "../helpers/harness.js";

let h: Harness;
let listed: Map<string, unknown>;
beforeAll(async () => {
  h = await connect();
  listed = new Map((await h.client.listTools()).tools.map((t) => [t.name, t]));
});
afterAll(async () => h.close());

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
