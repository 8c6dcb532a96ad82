/**
 * What tools/list promises, the server keeps: for every tool, values on and around each edge
 * of its listed input schema (schema-edges.ts) are put into otherwise valid arguments, judged
 * by a JSON Schema validator (ajv, 2020-12, with formats) and sent to the server, which answers
 * invalid_arguments or lets the call through. Where the two
 * disagree, the server's reason must be a rule the listing says in words (an argument's
 * description, or the tool's for a rule over several arguments); every other disagreement
 * fails. Each argument must see both verdicts, so no edge goes untested.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../../src/server.js";
import type { ToolDef } from "../../src/tools/define.js";
import { catalog } from "../../src/tools/index.js";
import { toolInput } from "../../src/tools/input.js";
import { RULE } from "../../src/tools/schemas.js";
import { edgeValues, type Oracle, type Schema, sampleOf } from "../helpers/schema-edges.js";

type Path = (string | number)[];
interface Slot {
  path: Path;
  schema: Schema;
}

const ajv = new Ajv2020({ strict: true, allErrors: false });
addFormats(ajv);
const compiled = new Map<Schema, (value: unknown) => boolean>();
const oracle: Oracle = (schema) => {
  let check = compiled.get(schema);
  if (!check) {
    const validate = ajv.compile(schema);
    check = (value) => validate(value) as boolean;
    compiled.set(schema, check);
  }
  return check;
};

let client: Client;
let listed: Map<string, Tool>;
beforeAll(async () => {
  // Read-only and a vault that always fails: a valid call goes no further than the guard or one
  // failed request; only the verdict on the arguments is looked at.
  const parts = buildServer({
    config: { mock: true, readOnly: true, maxRetries: 0 },
    fetch: async () =>
      Response.json({ error: { code: "service_unavailable", message: "stub vault" } }, { status: 503 }),
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await parts.server.connect(b);
  client = new Client({ name: "schema-edges", version: "1" });
  await client.connect(a);
  listed = new Map((await client.listTools()).tools.map((t) => [t.name, t]));
});
afterAll(async () => client.close());

/** Every argument at every depth: object properties and array items. */
function slots(schema: Schema, path: Path = []): Slot[] {
  const out: Slot[] = [];
  if (schema.type === "object")
    for (const [name, sub] of Object.entries<Schema>(schema.properties ?? {}))
      out.push({ path: [...path, name], schema: sub }, ...slots(sub, [...path, name]));
  if (schema.type === "array" && schema.items)
    out.push({ path: [...path, 0], schema: schema.items }, ...slots(schema.items, [...path, 0]));
  return out;
}

function schemaAt(root: Schema, path: Path): Schema | undefined {
  let node: Schema | undefined = root;
  for (const step of path) node = typeof step === "number" ? node?.items : node?.properties?.[step];
  return node;
}

/** `base` with `value` at `path`, building any missing container on the way from its schema. */
function withValue(root: Schema, base: Record<string, unknown>, path: Path, value: unknown): Record<string, unknown> {
  const args = structuredClone(base);
  let node: any = args;
  for (let i = 0; i < path.length - 1; i++) {
    const step = path[i] as string | number;
    if (node[step] === undefined || node[step] === null || typeof node[step] !== "object")
      node[step] = sampleOf(schemaAt(root, path.slice(0, i + 1)) as Schema, oracle);
    if (Array.isArray(node[step]) && node[step].length === 0)
      node[step].push(sampleOf(schemaAt(root, path.slice(0, i + 2)) as Schema, oracle));
    node = node[step];
  }
  node[path[path.length - 1] as string | number] = value;
  return args;
}

async function serverRefuses(name: string, args: Record<string, unknown>): Promise<boolean> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  return result.isError === true && result._meta?.["scaivault/code"] === "invalid_arguments";
}

interface Probe {
  args: Record<string, unknown>;
  /** The argument under test, for the coverage count. */
  slot?: string;
}

/** Why the server refused what the listed schema accepts, or undefined when the listing says it. */
function unsaid(def: ToolDef, tool: Tool, args: Record<string, unknown>): string | undefined {
  const parsed = toolInput(def).safeParse(args);
  if (parsed.success) return "the server refused what its own schema accepts";
  for (const issue of parsed.error.issues) {
    const rule = (issue as { params?: Record<string, unknown> }).params?.[RULE];
    const said = issue.path.length
      ? schemaAt(tool.inputSchema as Schema, issue.path as Path)?.description
      : tool.description;
    if (typeof rule !== "string" || !said?.includes(rule))
      return `${issue.message} at ${issue.path.join(".") || "(arguments)"}, not said in the listing`;
  }
  return undefined;
}

const misspell = (key: string) => [`${key}${key.slice(-1)}`, key.replace(/[aeiou](?=[^aeiou]*$)/, "a"), `${key}_`];

describe("listed input schemas", () => {
  it.each(catalog.map((t) => [t.name, t] as const))(
    "%s: what the listed schema accepts the server accepts, and what it refuses the server refuses",
    async (name, def) => {
      const tool = listed.get(name) as Tool;
      const root = tool.inputSchema as Schema;
      // Hosts that pass schemas to the Anthropic or OpenAI APIs refuse these at the top.
      for (const keyword of ["oneOf", "anyOf", "allOf", "not", "enum", "if"]) expect(root).not.toHaveProperty(keyword);
      expect(root.additionalProperties).toBe(false);
      const valid = oracle(root);
      const optional = Object.keys(root.properties ?? {}).filter((k) => !(root.required ?? []).includes(k));
      const required = sampleOf(root, oracle) as Record<string, unknown>;

      const disagreements: string[] = [];
      const verdicts = new Map<string, { accepted: number; refused: number }>();
      const judge = async ({ args, slot }: Probe) => {
        const listedAccepts = valid(args);
        const refused = await serverRefuses(name, args);
        if (slot) {
          const seen = verdicts.get(slot) ?? { accepted: 0, refused: 0 };
          if (listedAccepts && !refused) seen.accepted++;
          if (!listedAccepts && refused) seen.refused++;
          verdicts.set(slot, seen);
        }
        if (listedAccepts && refused) {
          const why = unsaid(def, tool, args);
          if (why) disagreements.push(`listed accepts, server refuses ${JSON.stringify(args).slice(0, 160)}: ${why}`);
        }
        if (!listedAccepts && !refused)
          disagreements.push(`listed refuses, server accepts ${JSON.stringify(args).slice(0, 160)}`);
        return !refused;
      };

      // The bases the edges are tried on: the required arguments, alone and with one or two
      // optional ones, as far as the server takes them (a tool may need exactly one of two sets).
      const sample = (key: string) => sampleOf(root.properties[key], oracle);
      const bases: Record<string, unknown>[] = [];
      const candidates = [
        required,
        ...optional.map((k) => ({ ...required, [k]: sample(k) })),
        ...optional.flatMap((k, i) =>
          optional.slice(i + 1).map((j) => ({ ...required, [k]: sample(k), [j]: sample(j) })),
        ),
      ];
      for (const args of candidates) if (await judge({ args })) bases.push(args);
      // An argument that only goes with others (challenge_type with account_id+identifiers).
      for (const key of optional)
        if (!bases.some((b) => key in b))
          for (const b of [...bases])
            if (await judge({ args: { ...b, [key]: sample(key) } })) {
              bases.push({ ...b, [key]: sample(key) });
              break;
            }
      expect(bases.length, `no valid arguments found for ${name}`).toBeGreaterThan(0);
      const base = bases[0] as Record<string, unknown>;
      /** A base the server takes with this top-level argument in it, if there is one. */
      const baseFor = (key: string) => bases.find((b) => key in b) ?? base;

      // Arguments together: each optional one added, all of them, each required one missing,
      // keys the tool does not take (misspelled ones and a new one).
      const probes: Probe[] = [];
      for (const key of optional) probes.push({ args: { ...base, [key]: sampleOf(root.properties[key], oracle) } });
      probes.push({
        args: Object.fromEntries(
          Object.keys(root.properties ?? {}).map((k) => [k, base[k] ?? sampleOf(root.properties[k], oracle)]),
        ),
      });
      for (const key of root.required ?? []) {
        const { [key]: _dropped, ...rest } = base;
        probes.push({ args: rest });
      }
      for (const key of [...Object.keys(root.properties ?? {}).flatMap(misspell), "extra"])
        if (!(key in (root.properties ?? {}))) probes.push({ args: { ...base, [key]: true } });
      // Each argument at every depth, on and around its edges.
      for (const { path, schema } of slots(root))
        for (const value of edgeValues(schema, oracle))
          probes.push({ args: withValue(root, baseFor(path[0] as string), path, value), slot: path.join(".") });

      for (const probe of probes) await judge(probe);
      expect(disagreements).toEqual([]);
      const oneSided = [...verdicts].filter(([, v]) => v.accepted === 0 || v.refused === 0);
      expect(oneSided, "every argument sees a value both accept and one both refuse").toEqual([]);
    },
  );
});
