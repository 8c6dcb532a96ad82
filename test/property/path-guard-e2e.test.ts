/**
 * P6, end to end through the MCP server: nothing outside the path window reaches the mock vault.
 * The oracle is what the vault received: every request as sent (URL path, query and JSON body,
 * nested fields, lists and mapping keys; test/helpers/sent-paths.ts; the same requests as in the
 * mock's journal) and every audit event the mock recorded with a path, judged by the independent
 * oracle (test/helpers/path-oracle.ts).
 * Refused calls must send nothing at all; allowed ones must reach the vault. Paths come from the
 * biased generator, so a good share of every outcome is exercised (counted and asserted).
 */
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { filterAt } from "../../src/guard/selectors.js";
import { catalog } from "../../src/tools/index.js";
import { connect, type Harness, textOf } from "../helpers/harness.js";
import { expectedCheck, insideWindow } from "../helpers/path-oracle.js";
import { sentPaths } from "../helpers/sent-paths.js";
import { expectedCall, MIN_SHARES, pathTool, RUNS, rawPath, Tally, WINDOW } from "./path-arbitraries.js";

const TENANT = "tnt_acme_prod";
const SECRET_TEMPLATE = "scaivault://secrets/{tenant}/{+path}";

// Each property gets its own server and vault (the writes of one do not slow down or steer another).
let h: Harness;
beforeEach(async () => {
  h = await connect({ allowedPaths: [...WINDOW.allowed], deniedPaths: [...WINDOW.denied] });
});
afterEach(async () => h.close());

/** Where the mock's audit log and journal stand, to look at what one call added (the journal is trimmed when long: keep its last entry). */
const mark = () => ({ events: h.mock.state.audit.events.length, lastRequest: h.mock.state.journal.at(-1) });

/**
 * Every path the vault received since `from` lies inside the window: in the requests as sent
 * (which must be exactly what the mock's journal saw) and in the audit events it recorded.
 */
function expectNothingOutside(from: ReturnType<typeof mark>, label: string): void {
  const all = h.mock.state.journal;
  const journal = all
    .slice(from.lastRequest ? all.lastIndexOf(from.lastRequest) + 1 : 0)
    .map((e) => `${e.method} ${e.path}`);
  expect(journal, `${label}: the mock saw other requests than were sent`).toEqual(
    h.sent.map((r) => `${r.method} ${r.url.pathname}`),
  );
  for (const request of h.sent)
    for (const sent of sentPaths(request)) {
      const e = expectedCheck(sent.path, sent.kind, WINDOW);
      const fine = e.ok && (sent.kind === "pattern" || e.path === sent.path);
      expect(fine, `${label}: ${sent.where} carried ${JSON.stringify(sent.path)} to the vault`).toBe(true);
    }
  for (const event of h.mock.state.audit.events.slice(from.events)) {
    if (event.path === null) continue;
    const e = expectedCheck(event.path, event.action === "list" ? "prefix" : "exact", WINDOW);
    expect(e.ok, `${label}: the vault audited ${event.action} on ${JSON.stringify(event.path)}`).toBe(true);
  }
}

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: Error) => ({ ok: false as const, message: String(error?.message) }),
  );

describe(`P6: end to end, nothing outside the window reaches the vault (${RUNS.toLocaleString("en")} runs each)`, () => {
  it("every path-taking tool: refused as the oracle says with nothing sent; allowed calls reach the vault with paths inside the window", async () => {
    const outcomes = new Tally();
    const answers = new Tally();
    await fc.assert(
      fc.asyncProperty(pathTool(catalog), async ({ def, args }) => {
        const expected = expectedCall(def, args);
        outcomes.add(expected.ok ? { ok: true, path: "" } : expected);
        h.sent.length = 0;
        const before = mark();
        const result = await h.call(def.name, args);
        const label = `${def.name} ${JSON.stringify(args)}`;
        expectNothingOutside(before, label);
        const code = result._meta?.["scaivault/code"];
        // The input schema's 512-character limit turns an over-long value away before the guard sees it.
        if (code === "invalid_arguments") {
          expect(JSON.stringify(args), `${label}: ${textOf(result)}`).toMatch(/[^"]{513}/);
          expect(h.sent, label).toEqual([]);
          answers.add("schema_rejected");
          return;
        }
        if (!expected.ok) {
          expect(result.isError, label).toBe(true);
          expect(
            h.sent.map((r) => `${r.method} ${r.url.pathname}`),
            `${label} reached the vault`,
          ).toEqual([]);
          expect(code, label).toBe(expected.code);
          expect(result._meta?.["scaivault/status"], label).toBeUndefined();
          return;
        }
        expect(h.sent.length, `${label} was allowed but never reached the vault: ${textOf(result)}`).toBeGreaterThan(0);
        answers.add(result.isError ? "api_error" : "ok");
        if (result.isError) {
          expect(result._meta?.["scaivault/status"], `${label}: ${textOf(result)}`).toBeDefined();
          return;
        }
        for (const selector of def.resultPaths ?? []) {
          const listed: string[] = [];
          filterAt(structuredClone(result.structuredContent), selector, (p) => {
            if (typeof p === "string") listed.push(p);
            return true;
          });
          for (const p of listed) expect(insideWindow(p, WINDOW), `${def.name} listed ${p}`).toBe(true);
        }
      }),
      { numRuns: RUNS, seed: 48 },
    );
    expect(outcomes.shortOf(MIN_SHARES), String(outcomes)).toEqual([]);
    // Allowed calls really ran: most answered ok, the rest are API errors such as secret_not_found.
    expect(answers.shortOf({ ok: 0.3 }), String(answers)).toEqual([]);
  }, 300_000);

  it("resource reads and prompts: the guard's verdict is the oracle's; reads send only paths inside the window, prompts nothing", async () => {
    const outcomes = new Tally();
    let readsOk = 0;
    await fc.assert(
      fc.asyncProperty(rawPath, async (raw) => {
        h.sent.length = 0;
        const before = mark();
        const read = await settle(h.client.readResource({ uri: `scaivault://secrets/${TENANT}/${raw}` }));
        expectNothingOutside(before, `read ${raw}`);
        if (read.ok) {
          readsOk++;
          const secret = JSON.parse(String((read.value.contents[0] as { text?: string }).text));
          expect(insideWindow(secret.path, WINDOW), `read ${raw} -> ${secret.path}`).toBe(true);
        }
        const expected = expectedCheck(raw, "exact", WINDOW);
        outcomes.add(expected);
        h.sent.length = 0;
        for (const [name, args, maxLength] of [
          ["audit-investigation", { path: raw }, 512],
          ["rotate-credential", { path: raw }, 512],
          ["migrate-from-env", { env: "API_KEY=x", prefix: raw }, 400],
        ] as const) {
          const got = await settle(h.client.getPrompt({ name, arguments: args }));
          const label = `${name} ${JSON.stringify(raw)}`;
          if (raw.length > maxLength) expect(got.ok, label).toBe(false);
          else if (expected.ok) {
            expect(got.ok, `${label}: ${got.ok ? "" : got.message}`).toBe(true);
            if (got.ok) expect(JSON.stringify(got.value.messages)).toContain(expected.path);
          } else {
            expect(got.ok, label).toBe(false);
            if (!got.ok) expect(got.message, label).toContain(`${expected.code}:`);
          }
        }
        expect(h.sent, "a prompt called the vault").toEqual([]);
      }),
      { numRuns: RUNS, seed: 49 },
    );
    expect(outcomes.shortOf(MIN_SHARES), String(outcomes)).toEqual([]);
    expect(readsOk, "resource reads that found a secret").toBeGreaterThan(RUNS * 0.01);
    const listed = await h.client.listResources();
    const secrets = listed.resources.filter((x) => x.uri.startsWith(`scaivault://secrets/${TENANT}/`));
    expect(secrets.length).toBeGreaterThan(0);
    for (const r of secrets)
      expect(insideWindow(decodeURIComponent(r.uri.split("/").slice(4).join("/")), WINDOW), r.uri).toBe(true);
  }, 300_000);

  it("completions (resource path, prompt paths and prefixes): every suggestion and every path sent lies inside the window", async () => {
    const refs = [
      { ref: { type: "ref/resource", uri: SECRET_TEMPLATE }, name: "path", context: { arguments: { tenant: TENANT } } },
      { ref: { type: "ref/prompt", name: "audit-investigation" }, name: "path" },
      { ref: { type: "ref/prompt", name: "rotate-credential" }, name: "path" },
      { ref: { type: "ref/prompt", name: "migrate-from-env" }, name: "prefix" },
    ] as const;
    const answered = new Tally();
    await fc.assert(
      fc.asyncProperty(rawPath, fc.nat(), fc.constantFrom(...refs), async (raw, cut, { ref, name, ...rest }) => {
        // What was typed so far: a prefix of the path, often ending mid-segment.
        const typed = raw.slice(0, cut % (raw.length + 1));
        h.sent.length = 0;
        const before = mark();
        const got = await h.client.complete({ ref, argument: { name, value: typed }, ...rest });
        const label = `complete ${JSON.stringify(ref)} ${JSON.stringify(typed)}`;
        expectNothingOutside(before, label);
        answered.add(got.completion.values.length ? "suggested" : "none");
        for (const value of got.completion.values)
          expect(insideWindow(value.replace(/\/$/, ""), WINDOW), `${label} -> ${value}`).toBe(true);
      }),
      { numRuns: RUNS, seed: 50 },
    );
    expect(answered.shortOf({ suggested: 0.2 }), String(answered)).toEqual([]);
  }, 300_000);
});
