/**
 * Prompts through a real MCP client: listing, getting, argument completion from the vault, and
 * the guardrails on path arguments (window, denied prefixes, read-only). migrate-from-env must
 * keep .env values out of its own instructions.
 */
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import type { ConfigInput } from "../../src/config.js";
import { ENV, VALUES } from "../helpers/env-text.js";
import { connect, type Harness, requestsSeen } from "../helpers/harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function open(profile: Partial<ConfigInput> = {}): Promise<Harness> {
  h = await connect(profile);
  return h;
}

const textsOf = (result: { messages: { content: { type: string; text?: string } }[] }) =>
  result.messages.map((m) => (m.content.type === "text" ? (m.content.text ?? "") : ""));

async function refused(harness: Harness, name: string, args: Record<string, string>, code: string): Promise<McpError> {
  const before = requestsSeen(harness.mock);
  const error = await harness.client.getPrompt({ name, arguments: args }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(McpError);
  expect((error as McpError).message).toMatch(new RegExp(`^MCP error -32602: ${code}: `));
  expect(((error as McpError).data as Record<string, unknown>)["scaivault/code"]).toBe(code);
  expect(requestsSeen(harness.mock)).toBe(before);
  return error as McpError;
}

const complete = async (harness: Harness, prompt: string, name: string, value: string) =>
  (await harness.client.complete({ ref: { type: "ref/prompt", name: prompt }, argument: { name, value } })).completion
    .values;

describe("prompt catalog", () => {
  it("lists the three prompts with their arguments", async () => {
    const harness = await open();
    const { prompts } = await harness.client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(["audit-investigation", "migrate-from-env", "rotate-credential"]);
    const byName = Object.fromEntries(prompts.map((p) => [p.name, p]));
    expect(byName["audit-investigation"]!.arguments).toEqual([
      expect.objectContaining({ name: "path", required: true }),
      expect.objectContaining({ name: "start", required: false }),
      expect.objectContaining({ name: "end", required: false }),
      expect.objectContaining({ name: "window", required: false }),
    ]);
    expect(byName["rotate-credential"]!.arguments).toEqual([expect.objectContaining({ name: "path", required: true })]);
    expect(byName["migrate-from-env"]!.arguments?.map((a) => [a.name, a.required])).toEqual([
      ["env", true],
      ["prefix", true],
    ]);
  });
});

describe("audit-investigation", () => {
  it("builds an investigation plan for a path and window", async () => {
    const harness = await open();
    const result = await harness.client.getPrompt({
      name: "audit-investigation",
      arguments: { path: "/infra/db/primary/credentials/", start: "2026-05-17T14:00:00Z", end: "2026-05-17T15:00:00Z" },
    });
    const [text] = textsOf(result);
    expect(text).toContain("`infra/db/primary/credentials` from 2026-05-17T14:00:00Z to 2026-05-17T15:00:00Z");
    for (const tool of [
      "scaivault_query_audit",
      "scaivault_secret_audit_trail",
      "scaivault_find_unauthorized_access",
      "scaivault_test_policy",
    ])
      expect(text).toContain(tool);
    expect(text).toMatch(/do not read or print secret values/);
  });

  it("defaults to the last 24h and accepts a window", async () => {
    const harness = await open();
    expect(
      textsOf(
        await harness.client.getPrompt({ name: "audit-investigation", arguments: { path: "apps/web/session-key" } }),
      )[0],
    ).toContain("in the last 24h");
    expect(
      textsOf(
        await harness.client.getPrompt({
          name: "audit-investigation",
          arguments: { path: "apps/web/session-key", window: "2h" },
        }),
      )[0],
    ).toContain("in the last 2h");
  });

  it("rejects bad time arguments", async () => {
    const harness = await open();
    await refused(
      harness,
      "audit-investigation",
      { path: "apps/web/session-key", start: "yesterday-ish" },
      "invalid_request",
    );
    await refused(
      harness,
      "audit-investigation",
      { path: "apps/web/session-key", window: "2 hours" },
      "invalid_request",
    );
    await refused(
      harness,
      "audit-investigation",
      { path: "apps/web/session-key", start: "2026-05-17T15:00:00Z", end: "2026-05-17T14:00:00Z" },
      "invalid_request",
    );
    // Times query_audit would refuse (no seconds, no zone, no such day) are refused here first.
    for (const start of ["2026-05-17T14:00Z", "2026-05-17T14:00:00", "2026-02-31T14:00:00Z"])
      await refused(harness, "audit-investigation", { path: "apps/web/session-key", start }, "invalid_request");
    const offset = await harness.client.getPrompt({
      name: "audit-investigation",
      arguments: { path: "apps/web/session-key", start: "2026-05-17T16:00:00+02:00", end: "2026-05-17T15:00:00Z" },
    });
    expect(JSON.stringify(offset.messages)).toContain("2026-05-17T16:00:00+02:00");
  });

  it("refuses paths outside the window or denied", async () => {
    const harness = await open({ allowedPaths: ["integrations"], deniedPaths: ["integrations/stripe"] });
    await refused(harness, "audit-investigation", { path: "infra/db/primary/credentials" }, "path_not_allowed");
    await refused(harness, "audit-investigation", { path: "integrations/stripe/api-key" }, "path_denied");
    await refused(harness, "audit-investigation", { path: "integrations/../infra" }, "invalid_path");
  });

  it("completes the path from the vault, filtered by the guard", async () => {
    const harness = await open({ deniedPaths: ["infra/db/primary"] });
    expect(await complete(harness, "audit-investigation", "path", "infra/")).toEqual([
      "infra/cache/redis",
      "infra/db/replica/credentials",
    ]);
    expect(await complete(harness, "audit-investigation", "start", "")).toEqual([]);
  });
});

describe("rotate-credential", () => {
  it("walks through the rotation of one secret without reading its value", async () => {
    const harness = await open();
    const before = requestsSeen(harness.mock);
    const [text] = textsOf(
      await harness.client.getPrompt({ name: "rotate-credential", arguments: { path: "integrations/stripe/api-key" } }),
    );
    expect(requestsSeen(harness.mock)).toBe(before);
    expect(text).toContain("`integrations/stripe/api-key`");
    for (const tool of [
      "scaivault_get_secret_versions",
      "scaivault_rotate_secret",
      "scaivault_secret_audit_trail",
      "scaivault_list_rotation_policies",
    ])
      expect(text).toContain(tool);
    expect(text).not.toContain("scaivault_read_secret");
    expect(text).toMatch(/Never print, repeat or log/);
  });

  it("is refused in read-only mode and for a path outside the window", async () => {
    const readOnly = await open({ readOnly: true });
    const refusal = await refused(readOnly, "rotate-credential", { path: "integrations/stripe/api-key" }, "read_only");
    // The guard's own rule and sentence, as a writing tool hears it.
    expect(refusal.message).toBe(
      "MCP error -32602: read_only: rotate-credential changes the vault and SCAIVAULT_READ_ONLY is on; only read tools run.",
    );
    await readOnly.close();
    const narrow = await open({ allowedPaths: ["apps"] });
    await refused(narrow, "rotate-credential", { path: "integrations/stripe/api-key" }, "path_not_allowed");
  });

  it("completes paths within the allowed window only", async () => {
    const harness = await open({ allowedPaths: ["integrations"] });
    expect(await complete(harness, "rotate-credential", "path", "")).toEqual([
      "integrations/salesforce/oauth",
      "integrations/stripe/api-key",
    ]);
    expect(await complete(harness, "rotate-credential", "path", "apps/")).toEqual([]);
  });
});

describe("migrate-from-env", () => {
  it("keeps the values out of its instructions and only in the user's own block", async () => {
    const harness = await open();
    const result = await harness.client.getPrompt({
      name: "migrate-from-env",
      arguments: { env: ENV, prefix: "apps/reporting/" },
    });
    const [instructions, content] = textsOf(result);
    expect(result.messages.map((m) => m.role)).toEqual(["user", "user"]);
    for (const value of VALUES) expect(instructions).not.toContain(value);
    expect(instructions).toContain("- DATABASE_URL -> `apps/reporting/database-url`");
    expect(instructions).toContain("- STRIPE_KEY -> `apps/reporting/stripe-key`");
    expect(instructions).toContain("- MULTI -> `apps/reporting/multi`");
    expect(instructions).toContain("- EMPTY: skip (empty value)");
    expect(instructions).toContain("Keys set more than once (the last value counts): STRIPE_KEY.");
    expect(instructions).toContain("are ignored: 7.");
    expect(instructions).toMatch(/Never echo, quote, summarise/);
    expect(instructions).toContain("scaivault_write_secret");
    expect(result.description).toBe("Migration of 4 .env keys to apps/reporting/");
    // The user's text is passed through unchanged, inside a fence.
    expect(content).toContain(`\`\`\`dotenv\n${ENV}\n\`\`\``);
  });

  it("marks keys whose target path is denied, and refuses a prefix outside the window", async () => {
    const harness = await open({ allowedPaths: ["apps"], deniedPaths: ["apps/reporting/stripe-key"] });
    const [instructions] = textsOf(
      await harness.client.getPrompt({ name: "migrate-from-env", arguments: { env: ENV, prefix: "apps/reporting" } }),
    );
    expect(instructions).toContain("- STRIPE_KEY: skip (path_denied)");
    expect(instructions).not.toContain("-> `apps/reporting/stripe-key`");
    await refused(harness, "migrate-from-env", { env: ENV, prefix: "integrations/reporting" }, "path_not_allowed");
  });

  it("is refused in read-only mode, and needs at least one key", async () => {
    const harness = await open({ readOnly: true });
    await refused(harness, "migrate-from-env", { env: "A=1", prefix: "apps/x" }, "read_only");
    await harness.close();
    const writable = await open();
    await refused(writable, "migrate-from-env", { env: "# only a comment\n", prefix: "apps/x" }, "invalid_request");
  });

  it("uses a longer fence when the text holds backticks", async () => {
    const harness = await open();
    const env = "CMD=```rm```";
    const [, content] = textsOf(
      await harness.client.getPrompt({ name: "migrate-from-env", arguments: { env, prefix: "apps/x" } }),
    );
    expect(content).toContain(`\`\`\`\`dotenv\n${env}\n\`\`\`\``);
  });

  it("keeps every line of a backtick-quoted PEM out of its instructions and description", async () => {
    const harness = await open();
    const pem = [
      "-----BEGIN PRIVATE KEY-----",
      "FAKEFAKEFAKEFAKEnotArealKEYjustTESTdataFAKEFAKEFAKEFAKEFAKEFAKE",
      "AAAAnotAkeyEITHERpaddedLIKEbase64AAAA==",
      "ZZZZ_looks_like_a_key=but_is_inside_the_value",
      "-----END PRIVATE KEY-----",
    ];
    const env = `TLS_KEY=\`${pem.join("\n")}\`\nNEXT=1`;
    const result = await harness.client.getPrompt({ name: "migrate-from-env", arguments: { env, prefix: "apps/tls" } });
    const [instructions] = textsOf(result);
    for (const line of pem.slice(1, -1))
      for (const part of line.split("="))
        if (part) expect(`${instructions}\n${result.description}`).not.toContain(part);
    expect(instructions).toContain("- TLS_KEY -> `apps/tls/tls-key`");
    expect(instructions).toContain("- NEXT -> `apps/tls/next`");
    expect(instructions).not.toContain("are ignored");
    expect(result.description).toBe("Migration of 2 .env keys to apps/tls/");
  });

  it("keeps the keys after a quote that never closes, names its line and holds off deleting the file", async () => {
    const harness = await open();
    const [instructions] = textsOf(
      await harness.client.getPrompt({
        name: "migrate-from-env",
        arguments: { env: 'A="oops\nDB_PASSWORD=fake-p4ss\nSTRIPE_KEY=sk_test_fake', prefix: "apps/x" },
      }),
    );
    expect(instructions).toContain("- A -> `apps/x/a`");
    expect(instructions).toContain("- DB_PASSWORD -> `apps/x/db-password`");
    expect(instructions).toContain("- STRIPE_KEY -> `apps/x/stripe-key`");
    expect(instructions).toContain("A quote opens and never closes on line 1: read as a one-line value;");
    expect(instructions).toContain("check the lines named above; only after that suggest removing the .env file");
    expect(instructions).not.toMatch(/oops|fake-p4ss|sk_test_fake/);
  });

  it("completes the prefix with permitted folders", async () => {
    const harness = await open({ deniedPaths: ["infra/db"] });
    expect(await complete(harness, "migrate-from-env", "prefix", "inf")).toEqual(["infra/", "infra/cache/"]);
    expect(await complete(harness, "migrate-from-env", "prefix", "integrations/s")).toEqual([
      "integrations/salesforce/",
      "integrations/stripe/",
    ]);
    expect(await complete(harness, "migrate-from-env", "env", "")).toEqual([]);
  });
});
