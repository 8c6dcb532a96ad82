/**
 * A vault whose listings never end (every page empty, `has_more: true`, a fresh cursor each
 * time) against every loop that pages it: completions, resource listings, the guard's refill of
 * filtered pages and the audit aggregates. Each answers after a bounded number of vault calls,
 * and a client that cancels stops the calls at once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MAX_WALK_PAGES, PageBudget, walkPages } from "../../src/client/page-walk.js";
import { createLogger } from "../../src/log.js";
import { connectRewriting, type RewritingHarness } from "../helpers/rewriting.js";

/** The listing routes the server pages, and the field each puts its items in. */
const LISTINGS: Record<string, string> = {
  "/v1/secrets": "data",
  "/v1/policies": "policies",
  "/v1/pki/certificates": "data",
  "/v1/dynamic/leases": "data",
  "/v1/audit/logs": "logs",
};

/** Calls per listing route, and a hook run on every listing call (it may hold the answer back). */
interface Endless {
  calls: Record<string, number>;
  onCall?: (route: string, n: number, request: Request) => Promise<unknown> | undefined;
}

async function endless(state: Endless, profile = {}, logs?: string[]): Promise<RewritingHarness> {
  return connectRewriting(
    async (path, method, body, request) => {
      const field = method === "GET" ? LISTINGS[path] : undefined;
      if (!field) return body;
      const n = (state.calls[path] ?? 0) + 1;
      state.calls[path] = n;
      await state.onCall?.(path, n, request);
      // A Response of its own: the mock refuses these made-up cursors.
      return Response.json({ [field]: [], cursor: `endless-${n}`, has_more: true });
    },
    profile,
    logs ? createLogger((line) => logs.push(line)) : undefined,
  );
}

let h: RewritingHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("walkPages", () => {
  const forever = async (cursor: string | undefined) => ({ cursor: `${cursor ?? ""}x`, has_more: true });

  it("stops after MAX_WALK_PAGES pages of a vault that never ends, and says the walk is incomplete", async () => {
    let calls = 0;
    const { complete } = await walkPages(
      (cursor) => {
        calls++;
        return forever(cursor);
      },
      () => true,
      new PageBudget(),
    );
    expect({ calls, complete }).toEqual({ calls: MAX_WALK_PAGES, complete: false });
  });

  it("stops when the time is spent, between pages", async () => {
    let now = 0;
    let calls = 0;
    const budget = new PageBudget(undefined, { pages: 1000, ms: 5000 }, () => now);
    await walkPages(
      (cursor) => {
        calls++;
        now += 2000;
        return forever(cursor);
      },
      () => true,
      budget,
    );
    expect(calls).toBe(3);
  });

  it("stops at a cursor the vault already gave, and when the request is cancelled", async () => {
    let calls = 0;
    const loop = await walkPages(
      () => {
        calls++;
        return Promise.resolve({ cursor: calls % 2 ? "a" : "b", has_more: true });
      },
      () => true,
      new PageBudget(),
    );
    expect({ calls, complete: loop.complete }).toEqual({ calls: 3, complete: false });
    const cancel = new AbortController();
    calls = 0;
    await walkPages(
      (cursor) => {
        if (++calls === 2) cancel.abort();
        return forever(cursor);
      },
      () => true,
      new PageBudget(cancel.signal),
    );
    expect(calls).toBe(2);
  });

  it("shares one budget across walks, and a vault's last page ends the walk as complete", async () => {
    const budget = new PageBudget(undefined, { pages: 4, ms: 60_000 });
    let calls = 0;
    const count = (cursor: string | undefined) => {
      calls++;
      return forever(cursor);
    };
    await walkPages(count, () => true, budget);
    await walkPages(count, () => true, budget);
    expect(calls).toBe(4);
    const done = await walkPages(
      () => Promise.resolve({ cursor: null, has_more: false }),
      () => true,
      new PageBudget(),
    );
    expect(done.complete).toBe(true);
  });
});

describe("a vault whose listings never end", () => {
  it("completions answer after at most MAX_WALK_PAGES vault pages each", async () => {
    const state: Endless = { calls: {} };
    h = await endless(state);
    const complete = (ref: object, name: string, value: string) =>
      h?.client.complete({ ref: ref as never, argument: { name, value } });
    const path = await complete({ type: "ref/resource", uri: "scaivault://secrets/{tenant}/{+path}" }, "path", "apps/");
    expect(path?.completion.values).toEqual([]);
    expect(state.calls["/v1/secrets"]).toBe(MAX_WALK_PAGES);
    await complete({ type: "ref/prompt", name: "audit-investigation" }, "path", "");
    expect(state.calls["/v1/secrets"]).toBe(2 * MAX_WALK_PAGES);
    await complete({ type: "ref/resource", uri: "scaivault://policies/{id}" }, "id", "pol_");
    await complete({ type: "ref/resource", uri: "scaivault://certificates/{id}" }, "id", "");
    await complete({ type: "ref/resource", uri: "scaivault://leases/{id}" }, "id", "");
    expect(state.calls).toMatchObject({
      "/v1/policies": MAX_WALK_PAGES,
      "/v1/pki/certificates": MAX_WALK_PAGES,
      "/v1/dynamic/leases": MAX_WALK_PAGES,
    });
  });

  it("a completion under a path window with several allowed prefixes walks them all within one budget", async () => {
    const state: Endless = { calls: {} };
    h = await endless(state, { allowedPaths: ["apps", "integrations", "infra"] });
    await h.client.complete({
      ref: { type: "ref/resource", uri: "scaivault://secrets/{tenant}/{+path}" },
      argument: { name: "path", value: "" },
    });
    expect(state.calls["/v1/secrets"]).toBe(MAX_WALK_PAGES);
  });

  it("resources/list answers with each listing bounded", async () => {
    const state: Endless = { calls: {} };
    h = await endless(state);
    const { resources } = await h.client.listResources();
    expect(resources).toEqual([]);
    for (const route of ["/v1/secrets", "/v1/policies", "/v1/pki/certificates", "/v1/dynamic/leases"])
      expect(state.calls[route], route).toBe(MAX_WALK_PAGES);
  });

  it("the guard's refill of filtered pages stops at the bound, and the page still says there is more", async () => {
    const state: Endless = { calls: {} };
    h = await endless(state, { allowedPaths: ["apps"] });
    const result = await h.call("scaivault_list_secrets", { prefix: "apps", limit: 5 });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ data: [], has_more: true });
    expect(state.calls["/v1/secrets"]).toBe(MAX_WALK_PAGES);
  });

  it("audit aggregates stop at the bound and say they are incomplete", async () => {
    const state: Endless = { calls: {} };
    h = await endless(state);
    const summary = await h.call("scaivault_audit_summary", { path_prefix: "apps" });
    expect(summary.structuredContent).toMatchObject({ total_events: 0, complete: false });
    expect(state.calls["/v1/audit/logs"]).toBe(MAX_WALK_PAGES);
    const denied = await h.call("scaivault_find_unauthorized_access", {});
    expect(denied.structuredContent).toMatchObject({ total_denied: 0, complete: false, has_more: true });
    expect(state.calls["/v1/audit/logs"]).toBe(2 * MAX_WALK_PAGES);
  });

  it("a client that cancels a completion stops the vault calls: none after the one in flight", async () => {
    const logs: string[] = [];
    const held = cancelAt(3);
    h = await endless(held.state, {}, logs);
    const asked = h.client.complete(
      {
        ref: { type: "ref/resource", uri: "scaivault://secrets/{tenant}/{+path}" },
        argument: { name: "path", value: "apps/" },
      },
      { signal: held.cancel.signal },
    );
    await expect(asked).rejects.toThrow(/abort/i);
    await held.released();
    // The server logs the cancelled look-up once its walk has ended.
    await until(() => logs.some((l) => l.includes("vault look-up for completion failed") && l.includes("cancelled")));
    expect(held.state.calls["/v1/secrets"]).toBe(3);
  });

  it("a client that cancels a tool call stops the guard's refill", async () => {
    const held = cancelAt(2);
    h = await endless(held.state, { allowedPaths: ["apps"] });
    const asked = h.client.callTool(
      { name: "scaivault_list_secrets", arguments: { prefix: "apps", limit: 5 } },
      undefined,
      { signal: held.cancel.signal },
    );
    await expect(asked).rejects.toThrow(/abort/i);
    await held.released();
    await until(() => true);
    expect(held.state.calls["/v1/secrets"]).toBe(2);
  });
});

/**
 * A vault that, on its `n`th listing call, has the client cancel and holds its answer until the
 * server lets go of the request (its signal aborts). `released` resolves then.
 */
function cancelAt(n: number) {
  const cancel = new AbortController();
  let release: () => void = () => {};
  const releasedAt = new Promise<void>((resolve) => {
    release = resolve;
  });
  const state: Endless = {
    calls: {},
    onCall: (_route, call, request) => {
      if (call !== n) return undefined;
      request.signal.addEventListener("abort", () => release());
      cancel.abort();
      return releasedAt;
    },
  };
  return { state, cancel, released: () => releasedAt };
}

/** Yields to the event loop until `done` holds (each turn lets the server's pending work run). */
async function until(done: () => boolean | Promise<boolean>, turns = 200): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (await done()) {
      // A few more turns: a call the server would still make has had its chance to show.
      for (let j = 0; j < 20; j++) await new Promise((resolve) => setImmediate(resolve));
      return;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error("condition not reached");
}
