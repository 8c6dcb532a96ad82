// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${...}` placeholders are what manifests hold
/**
 * The MCPB bundle manifest (manifest.json) and the MCP registry entry (server.json): valid against
 * their schemas (the MCPB one as @anthropic-ai/mcpb ships it; the registry's from its documented
 * fields, no package ships it), naming the same package and version as package.json, using only
 * settings the server really reads (src/config.ts), and, read by the MCPB host's own substitution
 * code, giving the server a configuration it starts with.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getAllFiles, getMcpConfigForManifest, MANIFEST_SCHEMAS, readMcpbIgnorePatterns } from "@anthropic-ai/mcpb";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseCommandLine } from "../../src/cli/argv.js";
import { ENV } from "../../src/config.js";
import { SERVER_VERSION } from "../../src/server.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const json = (file: string) => JSON.parse(readFileSync(`${root}/${file}`, "utf8"));
const pkg = json("package.json");
const manifest = json("manifest.json");
const serverJson = json("server.json");
const SETTINGS = new Set(Object.values(ENV));

/**
 * server.json as the MCP registry documents it (schema 2025-12-11 and the official registry's
 * rules): the fields a stdio npm package uses, strict where the schema is.
 */
const Input = {
  description: z.string().optional(),
  isRequired: z.boolean().optional(),
  isSecret: z.boolean().optional(),
  format: z.enum(["string", "number", "boolean", "filepath"]).optional(),
  default: z.string().optional(),
  placeholder: z.string().optional(),
  choices: z.array(z.string()).optional(),
  value: z.string().optional(),
};
const exactVersion = z
  .string()
  .min(1)
  .max(255)
  .refine(
    (v) => v !== "latest" && !/[\^~<>=*|\s]|(^|\.)[xX](\.|$)/.test(v),
    "a specific version, not a range or latest",
  );
const ServerJson = z
  .object({
    $schema: z.literal("https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json"),
    name: z
      .string()
      .min(3)
      .max(200)
      .regex(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/),
    title: z.string().min(1).max(100).optional(),
    description: z.string().min(1).max(100),
    version: exactVersion,
    repository: z.object({ url: z.url(), source: z.string(), id: z.string().optional() }).optional(),
    websiteUrl: z.url().optional(),
    packages: z
      .array(
        z
          .object({
            registryType: z.literal("npm"),
            registryBaseUrl: z.literal("https://registry.npmjs.org").optional(),
            identifier: z.string(),
            version: exactVersion,
            runtimeHint: z.string().optional(),
            transport: z.object({ type: z.literal("stdio") }).strict(),
            environmentVariables: z.array(z.object({ name: z.string(), ...Input }).strict()).optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

describe("server.json (MCP registry)", () => {
  it("has the documented shape", () => {
    const parsed = ServerJson.safeParse(serverJson);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it("names the package and version package.json publishes, under package.json's mcpName", () => {
    expect(serverJson.name).toBe(pkg.mcpName);
    expect(serverJson.version).toBe(pkg.version);
    expect(serverJson.packages).toEqual([expect.objectContaining({ identifier: pkg.name, version: pkg.version })]);
  });

  it("lists only real settings, the token as a secret, and the two the server needs as required", () => {
    const vars = serverJson.packages[0].environmentVariables as {
      name: string;
      isRequired?: boolean;
      isSecret?: boolean;
    }[];
    for (const v of vars) expect(SETTINGS, v.name).toContain(v.name);
    expect(vars.filter((v) => v.isRequired).map((v) => v.name)).toEqual(["SCAIVAULT_URL", "SCAIVAULT_TOKEN"]);
    expect(vars.filter((v) => v.isSecret).map((v) => v.name)).toEqual(["SCAIVAULT_TOKEN"]);
  });

  it("gives defaults the server accepts", () => {
    const vars = serverJson.packages[0].environmentVariables as { name: string; default?: string }[];
    const env = Object.fromEntries(vars.flatMap((v) => (v.default ? [[v.name, v.default]] : [])));
    const action = parseCommandLine({ ...env, SCAIVAULT_URL: "https://vault.example", SCAIVAULT_TOKEN: "skt_test" });
    expect(action).toMatchObject({ kind: "run", config: { readOnly: true, maskValues: true } });
  });
});

describe("manifest.json (MCPB bundle)", () => {
  const userConfigRefs = (value: unknown): string[] =>
    [...JSON.stringify(value).matchAll(/\$\{user_config\.([^}]+)\}/g)].map((m) => m[1] as string);

  it("is valid for its manifest_version, by @anthropic-ai/mcpb's own schema", () => {
    const schema = MANIFEST_SCHEMAS[manifest.manifest_version as keyof typeof MANIFEST_SCHEMAS];
    expect(schema, `unknown manifest_version ${manifest.manifest_version}`).toBeDefined();
    const parsed = schema.safeParse(manifest);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it("agrees with package.json and the server on name, version, licence and Node", () => {
    expect(manifest).toMatchObject({ name: pkg.name, version: pkg.version, license: pkg.license });
    expect(manifest.version).toBe(SERVER_VERSION);
    expect(manifest.compatibility.runtimes.node).toBe(pkg.engines.node);
  });

  it("passes only real settings, each filled from a declared field, and asks for every field it declares", () => {
    const env = manifest.server.mcp_config.env as Record<string, string>;
    for (const name of Object.keys(env)) expect(SETTINGS, name).toContain(name);
    const refs = userConfigRefs(manifest.server.mcp_config);
    expect(new Set(refs)).toEqual(new Set(Object.keys(manifest.user_config)));
    expect(manifest.user_config.token).toMatchObject({ sensitive: true, required: true });
    expect(manifest.user_config.url).toMatchObject({ required: true });
  });

  it("bundles the entry point and every file of the self-contained binaries, and nothing else of the repo", () => {
    const files = Object.keys(getAllFiles(root, root, {}, readMcpbIgnorePatterns(root))).sort();
    expect(manifest.server.mcp_config.args[0]).toBe(`\${__dirname}/${manifest.server.entry_point}`);
    const bins = files.filter((f) => f.startsWith("dist/bin/"));
    expect(bins).toContain(manifest.server.entry_point);
    expect(bins.length).toBeGreaterThan(5); // the entry point and its chunks (npm test builds dist/ first)
    expect(files.filter((f) => !f.startsWith("dist/bin/"))).toEqual([
      "LICENSE",
      "README.md",
      "manifest.json",
      "package.json",
    ]);
  });

  /** What Claude Desktop hands the server for these answers in the bundle's form. */
  const asInstalled = async (userConfig: Record<string, string | boolean>) => {
    const config = await getMcpConfigForManifest({
      manifest,
      extensionPath: "/bundles/scaivault-mcp",
      systemDirs: {},
      userConfig,
      pathSeparator: "/",
    });
    if (!config) throw new Error("the host would not start the server (a required field is missing)");
    return { args: config.args ?? [], env: config.env ?? {} };
  };
  const required = { url: "https://vault.example", token: "skt_test_token" };

  it("starts read-only and masked with no path window when only the required fields are given", async () => {
    const { args, env } = await asInstalled(required);
    expect(args).toEqual(["/bundles/scaivault-mcp/dist/bin/cli.js"]);
    const action = parseCommandLine(env, args.slice(1));
    expect(action).toMatchObject({
      kind: "run",
      config: {
        url: required.url,
        token: required.token,
        readOnly: true,
        maskValues: true,
        allowedPaths: [],
        deniedPaths: [],
        toolsets: [],
      },
    });
    expect(action.kind === "run" && action.config.tenantId).toBe(undefined);
  });

  it("passes every answer through to the setting it names", async () => {
    const { env } = await asInstalled({
      ...required,
      read_only: false,
      mask_values: false,
      allowed_paths: "integrations, apps/web",
      denied_paths: "integrations/legacy",
      tenant_id: "tnt_acme_prod",
      toolsets: "secrets,audit",
    });
    expect(parseCommandLine(env)).toMatchObject({
      kind: "run",
      config: {
        readOnly: false,
        maskValues: false,
        allowedPaths: ["integrations", "apps/web"],
        deniedPaths: ["integrations/legacy"],
        tenantId: "tnt_acme_prod",
        toolsets: ["secrets", "audit"],
      },
    });
  });

  it("is not started by the host without the URL or the token", async () => {
    await expect(asInstalled({ url: required.url })).rejects.toThrow(/required field/);
  });
});
