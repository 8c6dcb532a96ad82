/**
 * MASK_VALUES against every JSON shape a vault may put in a secret-bearing answer, not only the
 * `data` map the mock returns: `data` as a string, a number, a boolean, an array or nested
 * objects, and fields the vault adds beside it. Each surface that returns secret data (five
 * tools and the secret resource) is fed generated shapes through a rewriting vault; what comes
 * out must keep the documented public fields and the keys of a `data` map, and nothing else.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MASK } from "../../src/guard/mask.js";
import { connectRewriting, type RewritingHarness } from "../helpers/rewriting.js";

/** Every generated string carries this marker; keys never do, so any marker in the output is a leaked value. */
const MARK = "lk~";
const RUNS = 100;

const leaf = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => `${MARK}${s}`),
  fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);
const { json } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("json"), { maxLength: 4 }),
    fc.dictionary(key, tie("json"), { maxKeys: 4 }),
  ),
}));
/** What a vault may send as `data`: mostly maps (with nested values), often anything else. */
const data = fc.oneof(fc.dictionary(key, json, { maxKeys: 5 }), json);
const siblings = (known: readonly string[]) =>
  fc.dictionary(
    key.filter((k) => !known.includes(k) && k !== "data"),
    json,
    { maxKeys: 3 },
  );

/** The masked form of a generated `data`: a map keeps its keys, anything else is masked whole (array items one by one). */
function maskedData(value: unknown): unknown {
  const mask = (v: unknown) => (v === null ? null : MASK);
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map(mask);
  if (typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v)]));
  return MASK;
}

function expectMasked(shown: Record<string, unknown>, sent: { data: unknown; extra: Record<string, unknown> }) {
  expect(shown.data).toEqual(maskedData(sent.data));
  for (const [k, v] of Object.entries(sent.extra)) expect(shown[k], k).toEqual(v === null ? null : MASK);
  expect(JSON.stringify(shown)).not.toContain(MARK);
}

let h: RewritingHarness;
/** The shape the vault answers with next, set by each property run. */
let next: { data: unknown; extra: Record<string, unknown> } = { data: {}, extra: {} };
let policyId = "";

const put = (body: Record<string, unknown>) => ({ ...body, ...next.extra, data: next.data });

beforeAll(async () => {
  h = await connectRewriting(
    (path, method, body) => {
      if (method === "GET" && path === "/v1/secrets/integrations/stripe/api-key") return put(body);
      if (method === "POST" && path.endsWith("/rotate")) return put(body);
      if (method === "POST" && /^\/v1\/secret-policies\/[^/]+\/preview$/.test(path)) return put(body);
      if (method === "GET" && path.startsWith("/v1/federation/proxy/")) return put(body);
      if (method === "GET" && path.endsWith("/versions"))
        return {
          ...body,
          ...next.extra,
          versions: body.versions.map((v: object) => put(v as Record<string, unknown>)),
        };
      return body;
    },
    { maskValues: true },
  );
  const policies = await h.call("scaivault_list_secret_policies", {});
  policyId = (policies.structuredContent as { data: { id: string }[] }).data[0]?.id ?? "";
}, 60_000);

afterAll(() => h?.close());

const surfaces: {
  name: string;
  known: string[];
  show: () => Promise<Record<string, unknown>>;
}[] = [
  {
    name: "scaivault_read_secret",
    known: ["path", "secret_type", "version", "metadata", "created_at", "updated_at", "expires_at"],
    show: async () =>
      (await h.call("scaivault_read_secret", { path: "integrations/stripe/api-key" })).structuredContent as never,
  },
  {
    name: "scaivault_rotate_secret",
    known: ["path", "old_version", "new_version", "rotated_at", "grace_period_ends", "auto_generated"],
    show: async () =>
      (await h.call("scaivault_rotate_secret", { path: "apps/billing/webhook-secret", data: { s: "x" } }))
        .structuredContent as never,
  },
  {
    name: "scaivault_generate_secret_preview",
    known: ["secret_policy_id", "policy_type", "generated_at", "preview"],
    show: async () =>
      (await h.call("scaivault_generate_secret_preview", { policy_id: policyId })).structuredContent as never,
  },
  {
    name: "scaivault_proxy_read",
    known: ["path", "version", "updated_at", "backend_id", "backend", "mode", "external_path", "latency_ms"],
    show: async () =>
      (await h.call("scaivault_proxy_read", { path: "external/hashicorp/app/api/keys" })).structuredContent as never,
  },
  {
    name: "secret resource",
    known: ["path", "secret_type", "version", "metadata", "created_at", "updated_at", "expires_at"],
    show: async () => {
      const read = await h.client.readResource({
        uri: "scaivault://secrets/tnt_acme_prod/integrations/stripe/api-key",
      });
      return JSON.parse((read.contents[0] as { text: string }).text);
    },
  },
];

describe("MASK_VALUES over generated shapes of secret data", () => {
  for (const surface of surfaces)
    it(`${surface.name}: any JSON type under data, any unknown sibling, is masked; public fields stay`, async () => {
      await fc.assert(
        fc.asyncProperty(data, siblings(surface.known), async (value, extra) => {
          next = { data: value, extra };
          const shown = await surface.show();
          expectMasked(shown, next);
          for (const field of surface.known.filter((f) => f in shown)) expect(shown[field], field).not.toBe(MASK);
        }),
        { numRuns: RUNS },
      );
    });

  it("scaivault_get_secret_versions: the same in every version, and beside the versions", async () => {
    await fc.assert(
      fc.asyncProperty(
        data,
        siblings(["path", "current_version", "versions", "version", "created_at", "created_by", "is_rotation"]),
        async (value, extra) => {
          next = { data: value, extra };
          const shown = (
            await h.call("scaivault_get_secret_versions", { path: "apps/billing/webhook-secret", include_data: true })
          ).structuredContent as { versions: Record<string, unknown>[] } & Record<string, unknown>;
          expect(shown.versions.length).toBeGreaterThan(0);
          for (const version of shown.versions) {
            expectMasked(version, next);
            expect(typeof version.version).toBe("number");
          }
          for (const [k, v] of Object.entries(extra)) expect(shown[k], k).toEqual(v === null ? null : MASK);
          expect(shown.path).toBe("apps/billing/webhook-secret");
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("the generator tries every shape: maps, strings, numbers, booleans, arrays, nulls and unknown siblings", () => {
    const kinds = new Set<string>();
    for (const value of fc.sample(data, 500))
      kinds.add(value === null ? "null" : Array.isArray(value) ? "array" : typeof value);
    expect([...kinds].sort()).toEqual(["array", "boolean", "null", "number", "object", "string"]);
    expect(fc.sample(siblings([]), 200).some((s) => Object.keys(s).length > 0)).toBe(true);
  });
});

describe("the same vault with MASK_VALUES off (the control: the rewrites reach the agent)", () => {
  it("shows the generated data and siblings as the vault sent them", async () => {
    const plain = await connectRewriting((path, method, body) =>
      method === "GET" && path === "/v1/secrets/integrations/stripe/api-key" ? put(body) : body,
    );
    try {
      next = { data: `${MARK}single-value`, extra: { value: `${MARK}beside` } };
      const shown = (await plain.call("scaivault_read_secret", { path: "integrations/stripe/api-key" }))
        .structuredContent as Record<string, unknown>;
      expect(shown.data).toBe(`${MARK}single-value`);
      expect(shown.value).toBe(`${MARK}beside`);
    } finally {
      await plain.close();
    }
  });
});
