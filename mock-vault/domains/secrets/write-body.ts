import { z } from "zod";
import type { WriteInput } from "./store.js";
import { SECRET_TYPES } from "./store.js";

/** The body of PUT /v1/secrets/{path}, as the API reference has it. */
export const writeBodySchema = z.object({
  data: z.record(z.string(), z.unknown()),
  secret_type: z.enum(SECRET_TYPES).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  options: z
    .object({
      max_versions: z.number().int().min(1).max(100).optional(),
      expires_in: z.string().optional(),
      rotation_policy_id: z.string().optional(),
      secret_policy_id: z.string().optional(),
    })
    .optional(),
});

const TYPES: ReadonlySet<unknown> = new Set(SECRET_TYPES);

/** An object as JSON.parse makes it: its prototype Object's, so zod's record takes it as it is. */
const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * The record zod's z.record(z.string(), z.unknown()) would give: the object itself stands for
 * zod's copy of it (the body is the request's own, parsed for it), unless it holds a key
 * "__proto__", which zod leaves out of its copy.
 */
const asRecord = (value: unknown) => (isJsonObject(value) && !Object.hasOwn(value, "__proto__") ? value : undefined);

/**
 * The common body of a write, `data` with maybe `secret_type` and `metadata`, checked without
 * zod: what writeBodySchema would answer for it, or undefined for any other body (options, a key
 * the schema does not know, any invalid field), which zod then parses, with its own errors.
 */
function commonShape(body: unknown): WriteInput | undefined {
  if (!isJsonObject(body)) return undefined;
  let data: Record<string, unknown> | undefined;
  let secretType: WriteInput["secret_type"];
  let metadata: Record<string, unknown> | undefined;
  for (const key in body) {
    const value = body[key];
    if (key === "data") data = asRecord(value);
    else if (key === "metadata") {
      metadata = asRecord(value);
      if (metadata === undefined) return undefined;
    } else if (key === "secret_type" && TYPES.has(value)) secretType = value as WriteInput["secret_type"];
    else return undefined;
  }
  if (data === undefined) return undefined;
  // zod's object gives the schema's keys in its order, and only those present.
  const parsed: WriteInput = { data };
  if (secretType !== undefined) parsed.secret_type = secretType;
  if (metadata !== undefined) parsed.metadata = metadata;
  return parsed;
}

/**
 * writeBodySchema, with the common body answered before zod runs: every write of a secret
 * parses its body, and zod's object and record parses were a tenth of the vault's own work on
 * a write. Only safeParse (what the pipeline calls) takes the shortcut; its answers are zod's.
 */
export const WriteBody = writeBodySchema.clone();
WriteBody.safeParse = (data, params) => {
  const parsed = commonShape(data);
  return parsed ? { success: true, data: parsed } : writeBodySchema.safeParse(data, params);
};
