/**
 * Scenarios are data: a guardrail profile, a mock vault set-up and steps with expected outcomes.
 * The schema below validates every scenario when it is loaded, so a typo fails loudly.
 */
import { z } from "zod";

export const GUARDRAILS = [
  "read_only",
  "mask_values",
  "allowed_paths",
  "denied_paths",
  "tenant_lock",
  "path_normalisation",
] as const;
export type Guardrail = (typeof GUARDRAILS)[number];

const Expect = z
  .object({
    /** The call succeeds (no isError). */
    ok: z.literal(true).optional(),
    /**
     * Turned away before any request reached the vault, with this code: a guardrail refusal
     * (read_only, path_denied, ...), the server's check of the arguments against the tool's listed
     * schema (invalid_arguments), or a prompt's own check (invalid_request).
     */
    refused: z.string().optional(),
    /**
     * An error after the call reached the vault: the API's error (secret_not_found, access_denied,
     * ...; it carries the HTTP status), or one the tool derived from the vault's answer.
     */
    error: z.string().optional(),
    /** Selector -> expected value; an array is compared with all selected values, a scalar with each. */
    match: z.record(z.string(), z.unknown()).optional(),
    /** Substrings the result text must contain / must not contain. */
    contains: z.array(z.string()).optional(),
    absent: z.array(z.string()).optional(),
  })
  .refine(
    (e) => [e.ok, e.refused, e.error].filter((x) => x !== undefined).length === 1,
    "expect exactly one of ok, refused, error",
  );

const Common = { note: z.string().optional(), expect: Expect, capture: z.record(z.string(), z.string()).optional() };

export const Step = z.union([
  z
    .object({
      tool: z.string().regex(/^scaivault_[a-z_]+$/),
      args: z.record(z.string(), z.unknown()).default({}),
      ...Common,
    })
    .strict(),
  z.object({ resource: z.string().startsWith("scaivault://"), ...Common }).strict(),
  z.object({ prompt: z.string(), args: z.record(z.string(), z.string()).default({}), ...Common }).strict(),
  z.object({ clock: z.string().regex(/^(\d+[smhdw])+$/), note: z.string().optional() }).strict(),
]);

export const Scenario = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/),
    title: z.string(),
    /** What the user asked, for the transcript. */
    user: z.string().optional(),
    profile: z
      .object({
        readOnly: z.boolean().optional(),
        maskValues: z.boolean().optional(),
        allowedPaths: z.array(z.string()).optional(),
        deniedPaths: z.array(z.string()).optional(),
        tenantId: z.string().optional(),
      })
      .strict()
      .default({}),
    mock: z.object({ seed: z.number().int().optional() }).strict().default({}),
    steps: z.array(Step).min(1),
  })
  .strict();

export type Scenario = z.output<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;
export type Step = z.output<typeof Step>;

/** Declares a scenario (validated at load). */
export function scenario(input: ScenarioInput): Scenario {
  const parsed = Scenario.safeParse(input);
  if (!parsed.success)
    throw new Error(
      `scenario ${input.id}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}
