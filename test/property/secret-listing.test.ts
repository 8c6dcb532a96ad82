/**
 * Secret listings against a model: any sequence of writes and deletes (soft and permanent), in
 * any order, over paths chosen to collide on prefixes (`a`, `a-b`, `a0`, `a_b`, `a/b`), then every prefix listed page by page through the API. Each listing must be the
 * model's live paths equal to the prefix or under it on a `/` boundary, in code-unit order, with
 * no entry lost or repeated across pages; and the same after a snapshot is restored and after
 * a reset, which rebuild the mock's path index from its state.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMockVault, type MockVaultHandle } from "../../mock-vault/index.js";
import { createClient, type VaultClient } from "../../src/client/index.js";

/** The API's path characters around `/` in code-unit order: '-' < '/' < '0' < '_' < 'a'. */
const SEGMENTS = ["a", "a-b", "a0", "a_b", "ab", "b", "0"] as const;
const segment = fc.constantFrom(...SEGMENTS);
const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("/"));
const op = fc.oneof(
  { weight: 4, arbitrary: path.map((p) => ({ kind: "write" as const, path: p })) },
  { weight: 1, arbitrary: path.map((p) => ({ kind: "delete" as const, path: p })) },
  { weight: 1, arbitrary: path.map((p) => ({ kind: "purge" as const, path: p })) },
);
const PREFIXES = ["", "a", "a-b", "a/a", "a/a_b", "ab", "0", "a/a0/b"];

/** What the vault should hold: live paths, and soft-deleted ones (in retention: not listed, not writable). */
interface Model {
  live: Set<string>;
  retained: Set<string>;
}

const under = (p: string, prefix: string) => prefix === "" || p === prefix || p.startsWith(`${prefix}/`);
const expected = (model: Model, prefix: string) =>
  [...model.live].filter((p) => under(p, prefix)).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));

async function apply(client: VaultClient, model: Model, step: { kind: string; path: string }) {
  const { kind, path: p } = step;
  if (kind === "write") {
    const wrote = await client.secrets.write(p, { data: { v: p } }).then(
      () => true,
      (e: { code?: string }) => e.code,
    );
    if (model.retained.has(p)) expect(wrote).toBe("secret_exists");
    else {
      expect(wrote).toBe(true);
      model.live.add(p);
    }
    return;
  }
  const removed = await client.secrets.delete(p, { permanent: kind === "purge" }).then(
    () => true,
    (e: { code?: string }) => e.code,
  );
  if (!model.live.has(p)) expect(removed).toBe("secret_not_found");
  else {
    expect(removed).toBe(true);
    model.live.delete(p);
    if (kind === "delete") model.retained.add(p);
  }
}

async function listAll(client: VaultClient, prefix: string, limit: number): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await client.secrets.list({ prefix, limit, ...(cursor ? { cursor } : {}) });
    out.push(...page.data.map((s) => s.path));
    if (!page.has_more) return out;
    expect(page.data).toHaveLength(limit);
    cursor = page.cursor ?? undefined;
  }
  throw new Error("listing did not end");
}

async function expectListings(client: VaultClient, model: Model, limit: number) {
  for (const prefix of PREFIXES)
    expect(await listAll(client, prefix, limit), `prefix '${prefix}'`).toEqual(expected(model, prefix));
}

const clientOf = (mock: MockVaultHandle) =>
  createClient({ baseUrl: mock.baseUrl, token: mock.tokens.admin, fetch: mock.fetch, maxRetries: 0 });

describe("secret listings against a model", () => {
  it("list every prefix in order, page by page, after any writes and deletes, a restore and a reset", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        async (ops, limit) => {
          const mock = createMockVault({ demo: false });
          const client = clientOf(mock);
          const model: Model = { live: new Set(), retained: new Set() };
          const half = Math.floor(ops.length / 2);
          for (const step of ops.slice(0, half)) await apply(client, model, step);
          const snapshot = mock.snapshot();
          const atSnapshot: Model = { live: new Set(model.live), retained: new Set(model.retained) };
          for (const step of ops.slice(half)) await apply(client, model, step);
          await expectListings(client, model, limit);

          mock.restore(snapshot);
          await expectListings(client, atSnapshot, limit);
          for (const step of ops.slice(half)) await apply(client, atSnapshot, step);
          await expectListings(client, atSnapshot, limit);

          mock.reset();
          await expectListings(client, { live: new Set(), retained: new Set() }, limit);
        },
      ),
      { numRuns: 30 },
    );
  });
});
