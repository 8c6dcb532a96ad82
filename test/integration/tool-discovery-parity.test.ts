/**
 * A call through scaivault_call_tool is a direct call: under each guardrail profile (and with output schemas listed), every catalog
 * tool is called with the same arguments on two servers over two identical mock vaults, one
 * directly (default mode) and one through the call tool (search mode), in the same order. The
 * answers (result or refusal, text, structuredContent, _meta) and the requests the vault saw must
 * be the same. Three things differ by nature and are compared as what they are: a sealed cursor (a
 * fresh IV each time; followed instead), a new CA's certificate (a fresh key per vault) and an
 * audit entry's duration_ms (the wall-clock time the mock spent on the request).
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfigInput } from "../../src/config.js";
import { catalog } from "../../src/tools/index.js";
import { connect, type Harness } from "../helpers/harness.js";
import { sampleArgs } from "../helpers/sample-args.js";

const PROFILES: Partial<ConfigInput>[] = [
  {},
  { readOnly: true },
  { allowedPaths: ["integrations"] },
  { deniedPaths: ["integrations/stripe"] },
  { maskValues: true },
  { tenantId: "tnt_acme_prod" },
  // Direct results are checked against the listed output schema; the call tool lists none.
  { outputSchemas: true },
  { readOnly: true, maskValues: true, allowedPaths: ["integrations", "apps"], deniedPaths: ["apps/web"] },
];

/** A path inside the windows above, one outside them, one a denied path holds. */
const PATHS = ["integrations/stripe/api-key", "infra/db/primary", "apps/web/session-key"];

/** Arguments added to the sample: an EC root CA is made in milliseconds, an RSA one (the default) in a second. */
const QUICKER: Record<string, Record<string, unknown>> = { scaivault_create_root_ca: { key_type: "ec" } };

/** The answer with what differs by nature made comparable: PEM blocks by their label, sealed cursors by a mark, durations as 0. */
function comparable(result: CallToolResult): unknown {
  const text = JSON.stringify(result)
    .replace(/-----BEGIN ([A-Z ]+)-----.*?-----END \1-----/g, "<$1>")
    .replace(/(\\*"cursor\\*":\\*")[^"\\]+/g, "$1<sealed>")
    .replace(/(\\*"duration_ms\\*":)\d+/g, (_, key) => `${key}0`);
  return JSON.parse(text);
}

function pair(profile: Partial<ConfigInput>) {
  const state: { direct?: Harness; search?: Harness } = {};
  beforeAll(async () => {
    state.direct = await connect(profile);
    state.search = await connect({ ...profile, toolDiscovery: "search" });
  });
  afterAll(async () => {
    await state.direct?.close();
    await state.search?.close();
  });
  return {
    /** The same call both ways, in the same order on both vaults. */
    async both(name: string, args: Record<string, unknown>): Promise<[CallToolResult, CallToolResult]> {
      const direct = await state.direct!.call(name, args);
      const called = await state.search!.call("scaivault_call_tool", { name, arguments: args });
      return [direct, called];
    },
    direct: () => state.direct!,
    search: () => state.search!,
    sent: () =>
      [state.direct!, state.search!].map((h) =>
        h.sent.map((r) => `${r.method} ${r.url} ${r.body.replace(/-----BEGIN.*?-----END [A-Z ]+-----/g, "<PEM>")}`),
      ),
  };
}

describe.each(PROFILES.map((p) => [JSON.stringify(p), p] as const))("under %s", (_, profile) => {
  const servers = pair(profile);
  const outcomes = new Set<string>();

  it.each(catalog.map((def) => [def.name, def] as const))(
    "%s answers the same through the call tool",
    async (_, def) => {
      const sample = (path?: string) => ({ ...sampleArgs(def, path), ...QUICKER[def.name] });
      const cases = [
        ...new Set([
          ...PATHS.map((path) => JSON.stringify(sample(path))),
          // Unknown keys refused, another tenant refused: the same either way.
          JSON.stringify({ ...sample(), permanant: true }),
          ...(def.tenantArg ? [JSON.stringify({ ...sample(), [def.tenantArg]: "tnt_globex" })] : []),
        ]),
      ].map((text) => JSON.parse(text) as Record<string, unknown>);
      for (const args of cases) {
        const [direct, called] = await servers.both(def.name, args);
        expect(comparable(called), `${def.name} ${JSON.stringify(args)}`).toEqual(comparable(direct));
        outcomes.add(String(direct._meta?.["scaivault/code"] ?? "ok"));
      }
    },
  );

  it("follows a cursor the same way through the call tool", async () => {
    const args = { prefix: "integrations", limit: 1 };
    const [direct, called] = await servers.both("scaivault_list_secrets", args);
    expect(comparable(called)).toEqual(comparable(direct));
    const cursor = (r: CallToolResult) => (r.structuredContent as { cursor?: string } | undefined)?.cursor;
    if (profile.deniedPaths?.includes("integrations/stripe") && !profile.allowedPaths)
      expect(cursor(direct)).toBeTruthy();
    if (!cursor(direct)) return;
    // Each server follows its own cursor; the pages they lead to are the same.
    const second = await servers.direct().call("scaivault_list_secrets", { ...args, cursor: cursor(direct) });
    const secondCalled = await servers.search().call("scaivault_call_tool", {
      name: "scaivault_list_secrets",
      arguments: { ...args, cursor: cursor(called) },
    });
    expect(second.isError, JSON.stringify(second)).toBeFalsy();
    expect(comparable(secondCalled)).toEqual(comparable(second));
  });

  it("drops the keys a client adds to arguments the same way", async () => {
    const [direct, called] = await servers.both("scaivault_read_secret", {
      path: "integrations/stripe/api-key",
      toolCallId: "call_1",
      _meta: {},
    });
    expect(comparable(called)).toEqual(comparable(direct));
    expect(direct._meta?.["scaivault/code"]).not.toBe("invalid_arguments");
  });

  it("the vault saw the same requests, and the profile was exercised", () => {
    const [direct, called] = servers.sent();
    expect(called).toEqual(direct);
    expect(direct?.length).toBeGreaterThan(0);
    // Every profile refuses something (unknown arguments at least) and lets something run.
    expect(outcomes.has("ok")).toBe(true);
    expect(outcomes.has("invalid_arguments")).toBe(true);
    if (profile.readOnly) expect(outcomes.has("read_only")).toBe(true);
    if (profile.allowedPaths) expect(outcomes.has("path_not_allowed")).toBe(true);
    if (profile.deniedPaths) expect(outcomes.has("path_denied")).toBe(true);
    if (profile.tenantId) expect(outcomes.has("tenant_locked")).toBe(true);
  });
});
