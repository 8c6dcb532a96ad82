/**
 * Batch operations (POST /v1/secrets/batch, /v1/secrets/batch/metadata): many paths in one
 * request, each checked against access policies and audited on its own, as the batch guide
 * says ("a batch doesn't bypass access control"). Partial success by default: what fails goes
 * to `errors` under the path as given; `fail_fast` answers the first failure as the request's error.
 */
import { z } from "zod";
import { ApiProblem, badRequest } from "../../core/errors.js";
import { globMatch } from "../../core/glob.js";
import { trimSlashes } from "../../core/query.js";
import type { RouteContext } from "../../core/route.js";
import { validatePath } from "../../core/secret-paths.js";
import type { TenantStores } from "../stores.js";
import { readSecret } from "./reads.js";

/** "Maximum 100 paths per request." */
const MAX_PATHS = 100;
/** What one batch-metadata wildcard may expand to; a wider pattern is refused, not cut. */
const MAX_EXPANDED = 1000;

const Paths = z.array(z.string().min(1).max(512)).min(1).max(MAX_PATHS, `at most ${MAX_PATHS} paths per request`);

export const BatchReadBody = z.object({
  paths: Paths,
  options: z
    .object({
      include_metadata: z.boolean().optional(),
      fail_fast: z.boolean().optional(),
      version: z.number().int().min(1).optional(),
    })
    .optional(),
});

/** The guide's request body is not shown: `expand_wildcards` is taken at the top level and in `options`. */
export const BatchMetadataBody = z.object({
  paths: Paths,
  expand_wildcards: z.boolean().optional(),
  fail_fast: z.boolean().optional(),
  options: z.object({ expand_wildcards: z.boolean().optional(), fail_fast: z.boolean().optional() }).optional(),
});

type Ctx<B> = RouteContext<B, TenantStores>;
type PathError = { code: string; message: string; details?: Record<string, unknown> };

/**
 * Runs `work` for each path the caller may `permission`: one audit entry per path (action
 * `action`), failures collected under the path as given, or thrown at once with `failFast`.
 */
function eachPath<B>(
  ctx: Ctx<B>,
  paths: readonly string[],
  spec: { permission: string; action: string; failFast: boolean },
  work: (path: string) => unknown,
) {
  // Maps, not objects: a path such as "constructor" is a valid secret path.
  const secrets = new Map<string, unknown>();
  const errors = new Map<string, PathError>();
  for (const given of paths) {
    if (secrets.has(given) || errors.has(given)) continue;
    const path = trimSlashes(given);
    try {
      validatePath(path);
      const decision = ctx.vault.authorize({
        identity: ctx.identity,
        tenantId: ctx.tenantId,
        permission: spec.permission,
        path,
        sourceIp: ctx.sourceIp,
      });
      if (!decision.allowed)
        throw new ApiProblem(403, decision.code ?? "access_denied", decision.reason, { path, ...decision.details });
      secrets.set(given, work(path));
      ctx.audit({ action: spec.action, path, status: 200, extra_data: { batch: true } });
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      ctx.audit({
        action: spec.action,
        path,
        status: error.status,
        error_code: error.code,
        extra_data: { batch: true },
      });
      if (spec.failFast) throw error;
      errors.set(given, {
        code: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      });
    }
  }
  ctx.note({ paths: paths.length, returned: secrets.size, failed: errors.size });
  return { secrets: Object.fromEntries(secrets), errors: Object.fromEntries(errors) };
}

/** POST /v1/secrets/batch: values (and with include_metadata, the full metadata) of up to 100 paths. */
export function batchRead(ctx: Ctx<z.output<typeof BatchReadBody>>) {
  const options = ctx.body.options ?? {};
  return eachPath(
    ctx,
    ctx.body.paths,
    { permission: "read", action: "read", failFast: options.fail_fast ?? false },
    (path) => {
      const read = readSecret(ctx.tenant, path, options.version, ctx.actor);
      if (options.include_metadata) return read;
      return { data: read.data, version: read.version, secret_type: read.secret_type };
    },
  );
}

/** POST /v1/secrets/batch/metadata: metadata only (no values), `list` permission per path; wildcards on request. */
export function batchMetadata(ctx: Ctx<z.output<typeof BatchMetadataBody>>) {
  const { body } = ctx;
  const expand = body.expand_wildcards ?? body.options?.expand_wildcards ?? false;
  const failFast = body.fail_fast ?? body.options?.fail_fast ?? false;
  const paths = expand ? body.paths.flatMap((p) => expandPattern(ctx.tenant, p)) : body.paths;
  return eachPath(ctx, paths, { permission: "list", action: "list", failFast }, (path) => {
    // A proxied path's metadata comes through its backend, like its value would.
    const { data: _values, ...meta } = ctx.tenant.federation.proxiedSecret(path) ?? ctx.tenant.secrets.read(path);
    return meta;
  });
}

const GLOB_SEGMENT = /^[a-z0-9_*?-]+$/;

/** The live paths a pattern matches, in path order; a pattern without `*` or `?` is itself. */
function expandPattern(tenant: TenantStores, pattern: string): string[] {
  const glob = trimSlashes(pattern);
  if (!/[*?]/.test(glob)) return [pattern];
  const segments = glob.split("/");
  if (segments.some((s) => !GLOB_SEGMENT.test(s) || (s.includes("**") && s !== "**")))
    throw badRequest("invalid_glob", `Invalid path pattern '${glob.slice(0, 80)}'.`, {
      path_pattern: glob.slice(0, 80),
    });
  const literal = segments
    .slice(
      0,
      segments.findIndex((s) => /[*?]/.test(s)),
    )
    .join("/");
  const out: string[] = [];
  for (const secret of tenant.secrets.list(literal)) {
    if (!globMatch(glob, secret.path)) continue;
    if (out.length === MAX_EXPANDED)
      throw badRequest(
        "invalid_request",
        `'${glob.slice(0, 80)}' matches more than ${MAX_EXPANDED} secrets; narrow the pattern.`,
        { path_pattern: glob.slice(0, 80) },
      );
    out.push(secret.path);
  }
  return out;
}
