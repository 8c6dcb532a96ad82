/**
 * Prepared prompts: audit-investigation, rotate-credential, migrate-from-env. Each is admitted by
 * the guard as a tool would be, declared with what it leads to (read or write) and its path
 * argument (a refusal is an MCP error starting with the refusal code), and completes from the
 * vault, filtered by the guard. No prompt ever reads a secret value; migrate-from-env repeats
 * only the .env KEYS in its instructions, the values stay inside the user's own text block, and
 * the agent is told never to echo them.
 */
import { completable } from "@modelcontextprotocol/sdk/server/completable.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { GetPromptResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { invalidRequest, requestRefused } from "./answers.js";
import { parseEnvKeys, segmentFor } from "./env-file.js";
import { FINAL_REFUSALS, type Guarded } from "./guard/index.js";
import type { LookupDeps, VaultLookup } from "./lookup.js";
import { toolNamed } from "./tools/index.js";
import { Duration, zonedTimeMs } from "./tools/schemas.js";

const REFUSALS = `If a tool answers with a refusal code (${FINAL_REFUSALS.join(", ")}), do not retry it: tell the user what is allowed.`;
const MAX_ENV_CHARS = 100_000;
const MAX_ENV_KEYS = 200;
const MAX_LINES_LISTED = 20;

/**
 * Each prompt as the guard admits it: what it leads the agent to do, on which path argument, and
 * the vault scope of the tool it leads to (a token without it has the prompt refused, not listed apart).
 */
const AUDIT_INVESTIGATION: Guarded = {
  name: "audit-investigation",
  scopes: ["audit:read"],
  access: "read",
  paths: [{ arg: "path", kind: "exact" }],
};
const ROTATE_CREDENTIAL: Guarded = {
  name: "rotate-credential",
  scopes: ["secrets:rotate"],
  access: "write",
  paths: [{ arg: "path", kind: "exact" }],
};
const MIGRATE_FROM_ENV: Guarded = {
  name: "migrate-from-env",
  scopes: ["secrets:write"],
  access: "write",
  paths: [{ arg: "prefix", kind: "exact" }],
};
/** What migrate-from-env has the agent call for each key. */
const WRITE_SECRET = toolNamed("scaivault_write_secret");

export function registerPrompts(server: McpServer, deps: LookupDeps, lookup: VaultLookup): void {
  const { guard } = deps;

  /** The prompt's arguments as the guard admits them (canonical paths), or its refusal as an MCP error. */
  /** `signal` is the prompt request's: the guard charges it to the rate limit once. */
  const admitted = (prompt: Guarded, args: Record<string, unknown>, signal: AbortSignal): Record<string, unknown> => {
    const verdict = guard.before(prompt, args, signal);
    if (!verdict.allowed) throw requestRefused(verdict.refusal, deps.log, "prompt", { prompt: prompt.name });
    return verdict.args;
  };
  const pathArg = (description: string) =>
    completable(z.string().min(1).max(512).describe(description), (value) => lookup.completePath(value));

  server.registerPrompt(
    "audit-investigation",
    {
      title: "Investigate access to a secret",
      description:
        "Investigate suspicious or failed access on a secret path over a time window, using the audit log and access policies.",
      argsSchema: {
        path: pathArg("Secret path to investigate, e.g. infra/db/primary/credentials"),
        start: z
          .string()
          .max(64)
          .optional()
          .describe("Window start, ISO 8601 with seconds and a zone (e.g. 2026-05-17T14:00:00Z)"),
        end: z.string().max(64).optional().describe("Window end, ISO 8601 with seconds and a zone (default: now)"),
        window: z.string().max(16).optional().describe("Or a duration back from now, e.g. 1h, 24h, 7d (default 24h)"),
      },
    },
    ({ path, start, end, window }, extra): GetPromptResult => {
      const canonical = admitted(AUDIT_INVESTIGATION, { path }, extra.signal).path as string;
      // The rule query_audit holds the agent to (seconds and a zone), so the prompt leads to no refusal.
      for (const [name, value] of [
        ["start", start],
        ["end", end],
      ] as const)
        if (value && zonedTimeMs(value) === undefined)
          throw invalidRequest(
            `${name} must be an ISO 8601 time with seconds and a zone, such as 2026-05-17T14:00:00Z.`,
          );
      if (window && !Duration.safeParse(window).success)
        throw invalidRequest("window must be a duration such as 30m, 1h, 24h or 7d.");
      if (start && end && (zonedTimeMs(start) as number) > (zonedTimeMs(end) as number))
        throw invalidRequest("start must not be after end.");
      const span = start
        ? `from ${start} to ${end ?? "now"}`
        : end
          ? `in the ${window ?? "24h"} before ${end}`
          : `in the last ${window ?? "24h"} (ending now)`;
      const text = [
        `Investigate access to the ScaiVault secret \`${canonical}\` ${span}. Work from metadata and audit records only: do not read or print secret values.`,
        "",
        "Steps:",
        `1. scaivault_query_audit for this time window and path: list every event with timestamp (UTC), actor, action, outcome, error code and source IP.`,
        `2. scaivault_secret_audit_trail for \`${canonical}\`: the longer history (who normally reads, writes or rotates it).`,
        "3. scaivault_find_unauthorized_access for the same window: denied attempts, here and on neighbouring paths.",
        "4. For each actor with denied or unusual requests: scaivault_test_policy (identity, path, permission), then scaivault_list_policies / scaivault_get_policy to explain the outcome (missing binding, pattern that does not match, IP-range or MFA condition).",
        `5. scaivault_get_secret_versions for \`${canonical}\`: any write or rotation inside the window that nobody expected.`,
        "",
        "Report: a short timeline, what is normal and what is not, the most likely cause, and concrete next steps (e.g. add a policy binding, revoke an API key, rotate the secret if exposure is suspected). Ask before changing anything.",
        REFUSALS,
      ].join("\n");
      return {
        description: `Audit investigation of ${canonical}`,
        messages: [{ role: "user", content: { type: "text", text } }],
      };
    },
  );

  server.registerPrompt(
    "rotate-credential",
    {
      title: "Rotate a credential",
      description:
        "Walk through the end-to-end rotation of one secret: consumers, rotation policy, rotate, verify, follow up.",
      argsSchema: { path: pathArg("Secret path to rotate, e.g. integrations/stripe/api-key") },
    },
    ({ path }, extra): GetPromptResult => {
      const canonical = admitted(ROTATE_CREDENTIAL, { path }, extra.signal).path as string;
      const text = [
        `Rotate the ScaiVault secret \`${canonical}\` end to end. Never print, repeat or log the old or the new value; refer to versions only.`,
        "",
        "Steps:",
        `1. scaivault_get_secret_versions for \`${canonical}\` (metadata only): current version, when it last rotated, and its secret_type, expiry and rotation_policy_id.`,
        `2. scaivault_secret_audit_trail for \`${canonical}\`: which identities read it recently. They are the consumers that must pick up the new version.`,
        "3. scaivault_list_rotation_policies (and scaivault_get_secret_policy if the secret has a secret policy): decide how the new value is made. With a generating policy, rotate without data. If the credential is issued by an outside provider (API key, database user), it must first be re-issued there; ask the user to do that and to give you the new value, or to paste it straight into the rotate call.",
        "4. Summarise the plan (consumers, grace period, how the value is made) and ask the user to confirm.",
        `5. scaivault_rotate_secret for \`${canonical}\`. The old version stays valid until grace_period_ends: tell the user that time.`,
        "6. Verify with scaivault_get_secret_versions that the new version is current.",
        `7. Follow up: scaivault_query_audit for denied or failed reads of \`${canonical}\` after the rotation (a consumer still on the old value). If no rotation policy covers this secret, propose one (scaivault_create_rotation_policy).`,
        REFUSALS,
      ].join("\n");
      return { description: `Rotation of ${canonical}`, messages: [{ role: "user", content: { type: "text", text } }] };
    },
  );

  server.registerPrompt(
    "migrate-from-env",
    {
      title: "Migrate a .env file into ScaiVault",
      description:
        "Move the values of a .env file into ScaiVault secrets under a prefix, one secret per key, without echoing any value.",
      argsSchema: {
        env: z.string().min(1).max(MAX_ENV_CHARS).describe("The .env file content (KEY=value lines)"),
        prefix: completable(
          z.string().min(1).max(400).describe("Path prefix for the new secrets, e.g. apps/web"),
          (value) => lookup.completeFolder(value),
        ),
      },
    },
    ({ env, prefix }, extra): GetPromptResult => {
      const base = admitted(MIGRATE_FROM_ENV, { prefix }, extra.signal).prefix as string;
      const parsed = parseEnvKeys(env);
      if (parsed.keys.length === 0) throw invalidRequest("no KEY=value line was found in env.");
      if (parsed.keys.length > MAX_ENV_KEYS) throw invalidRequest(`env has more than ${MAX_ENV_KEYS} keys; split it.`);
      const rows: string[] = [];
      const skipped: string[] = [];
      for (const { key, empty } of parsed.keys) {
        // Skipped when the write it asks for would be refused.
        const verdict = guard.before(WRITE_SECRET, { path: `${base}/${segmentFor(key)}` });
        if (!verdict.allowed) skipped.push(`- ${key}: skip (${verdict.refusal.code})`);
        else if (empty) skipped.push(`- ${key}: skip (empty value)`);
        else rows.push(`- ${key} -> \`${verdict.args.path}\``);
      }
      const notes = [
        parsed.duplicates.length
          ? `Keys set more than once (the last value counts): ${parsed.duplicates.join(", ")}.`
          : "",
        parsed.badLines.length ? `Lines that are not KEY=value and are ignored: ${lineList(parsed.badLines)}.` : "",
        parsed.unclosedQuotes.length
          ? `A quote opens and never closes on line${parsed.unclosedQuotes.length > 1 ? "s" : ""} ${lineList(parsed.unclosedQuotes)}: read as a one-line value; check it before deleting the file.`
          : "",
      ].filter(Boolean);
      // Ignored lines may hold credentials this migration does not carry over.
      const cleanUp =
        parsed.badLines.length || parsed.unclosedQuotes.length
          ? "Then ask the user to check the lines named above; only after that suggest removing the .env file and reading these paths from ScaiVault instead."
          : "Then suggest removing the .env file and reading these paths from ScaiVault instead.";
      const instructions = [
        `Migrate the .env file in the next message into ScaiVault under the prefix \`${base}\`, one secret per key.`,
        "",
        "Rules (these matter more than anything else here):",
        "- Never echo, quote, summarise, partially show or log any value from the .env file, not even masked or truncated. Refer to keys and paths only.",
        '- Write each value exactly once, with scaivault_write_secret: path as below, data {"value": <the value>}, metadata {"source": ".env", "env_key": <KEY>}.',
        `- First call scaivault_list_secrets with prefix \`${base}\`. If a target path already exists, ask the user before writing (a write adds a new version).`,
        "- Skip the keys marked skip. If a write is refused or fails, skip that key and carry on.",
        "",
        "Keys and target paths:",
        ...rows,
        ...skipped,
        ...(notes.length ? ["", ...notes] : []),
        "",
        `When done, report per key: the path and version written, or why it was skipped (no values). ${cleanUp}`,
        REFUSALS,
      ].join("\n");
      // A fence longer than any backtick run inside, so the text stays exactly what the user gave.
      const fence = "`".repeat(Math.max(3, ...[...env.matchAll(/`+/g)].map((m) => m[0].length + 1)));
      const content = [
        "The .env content (the user's own text; values appear only here and must never be repeated):",
        `${fence}dotenv`,
        env,
        fence,
      ].join("\n");
      return {
        description: `Migration of ${parsed.keys.length} .env keys to ${base}/`,
        messages: [
          { role: "user", content: { type: "text", text: instructions } },
          { role: "user", content: { type: "text", text: content } },
        ],
      };
    },
  );
}

/** "3, 7, 9" (at most MAX_LINES_LISTED numbers, then how many more). */
function lineList(lines: readonly number[]): string {
  const shown = lines.slice(0, MAX_LINES_LISTED).join(", ");
  return lines.length > MAX_LINES_LISTED ? `${shown} and ${lines.length - MAX_LINES_LISTED} more` : shown;
}
