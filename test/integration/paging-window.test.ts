/**
 * Paged results under a path window: short pages are refilled from the vault, and the cursors
 * the agent gets are sealed, so neither an empty page with has_more nor a cursor gives away
 * where hidden entries sit.
 */
import { afterEach, describe, expect, it } from "vitest";
import { connect, expectRefused, type Harness, requestsSeen } from "../helpers/harness.js";

let h: Harness;
afterEach(async () => h?.close());

type Page = {
  logs?: { secret_path: string | null; id: string }[];
  data?: { path: string }[];
  cursor: string | null;
  has_more: boolean;
};
const OUTAGE_WINDOW = { from: "2026-05-17T14:30:00Z", to: "2026-05-17T14:35:00Z" };

async function pageThrough(tool: string, args: Record<string, unknown>, field: "logs" | "data"): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | undefined;
  do {
    const page: Page = await h.ok(tool, { ...args, ...(cursor ? { cursor } : {}) });
    pages.push(page);
    expect(page[field]?.length ?? 0, "a page is never short while more exists").toBe(
      page.has_more ? args.limit : (page[field]?.length ?? 0),
    );
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return pages;
}

describe("paged results under a path window", () => {
  it("a window that hides every entry of the outage gives an empty last page, not has_more with a cursor", async () => {
    h = await connect({ deniedPaths: ["infra/db"] });
    const page = await h.ok("scaivault_query_audit", { ...OUTAGE_WINDOW, limit: 1 });
    expect(page).toEqual({ logs: [], cursor: null, has_more: false });
  });

  it("sealed cursors walk exactly the visible entries, each once, in the vault's order", async () => {
    h = await connect({ deniedPaths: ["infra"] });
    // Up to the mock's "now" (exclusive): the audit entries of these very queries stay out.
    const before = { to: "2026-05-17T15:00:00Z" };
    const all: Page = await h.ok("scaivault_query_audit", { ...before, limit: 1000 });
    expect(all.has_more).toBe(false);
    const visible = (all.logs ?? []).map((l) => l.id);
    expect(visible.length).toBeGreaterThan(10);
    expect((all.logs ?? []).some((l) => l.secret_path?.startsWith("infra/"))).toBe(false);

    const pages = await pageThrough("scaivault_query_audit", { ...before, limit: 7 }, "logs");
    expect(pages.flatMap((p) => (p.logs ?? []).map((l) => l.id))).toEqual(visible);
    for (const { cursor } of pages) if (cursor) expect(cursor).toMatch(/^sv1\.[A-Za-z0-9_-]+$/);
  });

  it("listing secrets one by one under ALLOWED_PATHS yields every allowed secret once", async () => {
    h = await connect({ allowedPaths: ["integrations", "apps"] });
    const all = await h.ok("scaivault_list_secrets", { limit: 1000 });
    const pages = await pageThrough("scaivault_list_secrets", { limit: 1 }, "data");
    expect(pages.flatMap((p) => (p.data ?? []).map((s) => s.path))).toEqual(
      all.data.map((s: { path: string }) => s.path),
    );
    expect(pages.length).toBe(all.data.length);
  });

  it("a cursor this server did not issue is refused before the vault is asked", async () => {
    h = await connect({ deniedPaths: ["infra"] });
    const raw = Buffer.from("2026-05-17T14:32:16.000Z|aud_forged").toString("base64");
    const before = requestsSeen(h.mock);
    expectRefused(await h.call("scaivault_query_audit", { limit: 5, cursor: raw }), "invalid_cursor");
    const sealed: Page = await h.ok("scaivault_list_secrets", { limit: 1 });
    expect(sealed.cursor).not.toBeNull();
    // One character of the sealed bytes changed (not the last: its low bits may be padding).
    const at = 10;
    const cursor = sealed.cursor as string;
    const tampered = `${cursor.slice(0, at)}${cursor[at] === "A" ? "B" : "A"}${cursor.slice(at + 1)}`;
    expectRefused(await h.call("scaivault_list_secrets", { limit: 1, cursor: tampered }), "invalid_cursor");
    expect(requestsSeen(h.mock)).toBe(before + 1);
  });

  it("without a window the vault's own cursor is passed through untouched", async () => {
    h = await connect();
    const page: Page = await h.ok("scaivault_list_secrets", { limit: 1 });
    expect(page.cursor).not.toMatch(/^sv1\./);
    const next: Page = await h.ok("scaivault_list_secrets", { limit: 1, cursor: page.cursor });
    expect(next.data?.[0]?.path).not.toBe(page.data?.[0]?.path);
  });
});
