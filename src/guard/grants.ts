/**
 * Capability under a path window. A path window guards what the agent reaches through this
 * server, but a credential the agent has minted reaches the vault directly: an API key of an
 * account whose policy reads a denied path reads it. So a tool that grants or mints access
 * declares it (`grants` on the tool), and under a window the guard establishes from the vault,
 * before the call runs, that the grant lies inside the window, or refuses:
 * - a service account's credentials (a new API key, a new account, new scopes, reactivation):
 *   every allow rule of every policy the vault binds to the account (directly or through a group)
 *   must lie inside the window, and its scopes must be ones the window bounds (WINDOWED_SCOPES);
 * - credentials from a dynamic engine (issued, renewed, or a role that issues them): the engine's
 *   root_credentials_path, when it has one, must be a path the window allows.
 */
import { VaultError } from "../client/errors.js";
import type { VaultClient } from "../client/index.js";
import type { GrantSpec } from "../tools/define.js";
import { meetsAny } from "./conditions.js";
import type { PathPolicy } from "./path-policy.js";
import { type Refusal, refuse } from "./refusal.js";

/**
 * Scopes a credential may hold under a path window: the secret scopes (their reach is what the
 * bound policies allow, checked against the window) and scopes that reach no secret path. Any
 * other (admin, policies:write, identity:write, federation:*, dynamic:*, audit:*, rotation:*,
 * events:*, subscriptions:*, pki:admin, ...) could widen the credential's own access or reach
 * paths through vault-side configuration the window cannot see.
 */
export const WINDOWED_SCOPES: ReadonlySet<string> = new Set([
  "secrets:read",
  "secrets:list",
  "secrets:write",
  "secrets:delete",
  "secrets:rotate",
  "policies:read",
  "identity:read",
  "pki:read",
  "pki:issue",
]);

/** Most policies read for one account; an account bound to more is refused rather than half-checked. */
const MAX_BOUND_POLICIES = 50;

const outside = (message: string) => refuse("grant_outside_window", message);

/** What a check reads: the call's arguments, the vault (in the call's tenant) and the window. */
interface GrantContext {
  args: Record<string, unknown>;
  client: VaultClient;
  paths: PathPolicy;
  signal?: AbortSignal | undefined;
}

/** Undefined when the grant lies inside the window, else the refusal. Vault errors other than 404 refuse too. */
export async function checkGrant(
  spec: GrantSpec,
  args: Record<string, unknown>,
  client: VaultClient,
  paths: PathPolicy,
  signal?: AbortSignal,
): Promise<Refusal | undefined> {
  if (!grantApplies(spec, args)) return undefined;
  const context = { args, client, paths, signal };
  try {
    return spec.kind === "engine" ? await checkEngine(spec, context) : await checkAccount(spec, context);
  } catch (error) {
    // A missing account, engine or lease is the agent's to hear about; anything else leaves the grant unproven.
    if (error instanceof VaultError && error.status === 404 && !(error instanceof Unproven)) throw error;
    const code = error instanceof VaultError ? error.code : "error";
    return outside(`whether this grant stays inside the path window could not be read from the vault (${code}).`);
  }
}

/** A failed read of the proof itself (the dry run, a bound policy): never reported as a missing subject. */
class Unproven extends VaultError {}

async function proof<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    throw error instanceof VaultError ? new Unproven(error.message, error.code, error.status) : error;
  }
}

/** Whether this call grants what `spec` says (a service account's `when`: only calls setting those arguments). */
export function grantApplies(spec: GrantSpec, args: Record<string, unknown>): boolean {
  return spec.kind !== "service_account" || meetsAny(spec.when, args);
}

async function checkAccount(
  spec: Extract<GrantSpec, { kind: "service_account" }>,
  { args, client, paths, signal }: GrantContext,
): Promise<Refusal | undefined> {
  const account = spec.account ? await client.serviceAccounts.get(String(args[spec.account]), signal) : undefined;
  const identity = account?.identity_id ?? `sa:${String(spec.name ? args[spec.name] : "")}`;
  const asked = spec.scopes ? args[spec.scopes] : undefined;
  const scopes = Array.isArray(asked) ? asked : (account?.scopes ?? []);
  const wide = scopes.filter((s) => typeof s !== "string" || !WINDOWED_SCOPES.has(s));
  if (wide.length)
    return outside(
      `${identity} would hold ${wide.map(String).join(", ")}, which a path window cannot bound; under a window only ${[...WINDOWED_SCOPES].join(", ")} are granted.`,
    );
  // The vault's dry run names every policy bound to the identity, through groups too.
  const probe = paths.allowed[0] ?? paths.denied[0] ?? "";
  const test = await proof(
    client.accessPolicies.test({ identity_id: identity, path: probe, permission: "read" }, signal),
  );
  const bound: unknown = (test as { bound_policies?: unknown }).bound_policies;
  if (!Array.isArray(bound))
    return outside(`the vault did not say which policies are bound to ${identity}, so its reach cannot be checked.`);
  if (bound.length > MAX_BOUND_POLICIES)
    return outside(`${identity} is bound to ${bound.length} policies, more than the ${MAX_BOUND_POLICIES} checked.`);
  for (const { id } of bound as { id?: unknown }[]) {
    if (typeof id !== "string") return outside(`the vault named a bound policy of ${identity} without an id.`);
    const policy = await proof(client.accessPolicies.get(id, signal));
    for (const rule of Array.isArray(policy.rules) ? policy.rules : [undefined]) {
      if (rule?.effect === "deny") continue; // a deny rule takes access away
      const verdict = paths.check(rule?.path_pattern, "pattern");
      if (!verdict.ok)
        return outside(
          `${identity} is bound to policy '${policy.name}', whose rule '${String(rule?.path_pattern)}' reaches past the path window: ${verdict.refusal.message}`,
        );
    }
  }
  return undefined;
}

async function checkEngine(
  spec: Extract<GrantSpec, { kind: "engine" }>,
  { args, client, paths, signal }: GrantContext,
): Promise<Refusal | undefined> {
  const name =
    spec.engine !== undefined
      ? String(args[spec.engine])
      : (await client.dynamic.getLease(String(args[spec.lease ?? ""]), signal)).engine;
  const engine = await client.dynamic.getEngine(name, signal);
  const root = (engine.config as Record<string, unknown> | undefined)?.root_credentials_path;
  if (root === undefined || root === null) return undefined;
  const verdict = paths.check(root, "exact");
  if (verdict.ok) return undefined;
  return refuse(
    verdict.refusal.code,
    `engine '${name}' takes its root credentials from a path this window refuses: ${verdict.refusal.message}`,
  );
}
