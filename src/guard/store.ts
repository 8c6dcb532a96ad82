/**
 * `store_at`: a value a call shows only once (a new API key, an issued private key, generated
 * credentials) is written into the vault at a secret path instead of going to the agent, which
 * sees the result masked and where the value went. The path is an argument like any other (the
 * path guard admitted it before anything was minted); the write is a secret write in the call's
 * tenant. It runs to its end even if the call is cancelled meanwhile: the mint already happened.
 *
 * If the write fails after the mint, the value is dropped, never shown: showing it would defeat
 * store_at, and nothing else holds it, so the credential is useless to anyone. The failure says
 * what was minted (ids, never the value), why it was not stored, and the call that removes it.
 */
import { VaultError } from "../client/errors.js";
import type { VaultClient } from "../client/index.js";
import type { OneTimeSpec } from "../tools/define.js";
import { select } from "./selectors.js";

/** Where a value went: what the result's `stored` field says. */
export interface Stored {
  path: string;
  /** The secret version written; null when the result held no one-time value (nothing written). */
  version: number | null;
  /** The keys of the stored secret's data. */
  fields: string[];
}

/** A mint whose value could not be stored: a VaultError (code store_failed) carrying the write's status and request id. */
export class StoreFailed extends VaultError {}

const first = (root: unknown, selector: string): unknown => select(root, selector)[0];

/** The secret's data picked from the result; empty when the result holds none of it (a polling subscription has no signing secret). */
export function oneTimeData(spec: OneTimeSpec, result: unknown): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, selector] of Object.entries(spec.data)) {
    const value = first(result, selector);
    if (value === undefined || value === null) continue;
    if (key === "*" && typeof value === "object" && !Array.isArray(value)) Object.assign(data, value);
    else data[key] = value;
  }
  return data;
}

/** Writes the one-time value of `result` at `path`; throws StoreFailed (never with the value) when the vault refuses or fails. */
export async function storeOneTime(
  tool: string,
  spec: OneTimeSpec,
  result: unknown,
  path: string,
  client: VaultClient,
  shown: unknown,
): Promise<Stored> {
  const data = oneTimeData(spec, result);
  if (Object.keys(data).length === 0) return { path, version: null, fields: [] };
  const metadata: Record<string, unknown> = { description: `${spec.what} minted by ${tool}`, minted_by: tool };
  for (const [key, selector] of Object.entries(spec.metadata)) {
    const value = first(result, selector);
    if (value !== undefined && value !== null) metadata[key] = value;
  }
  try {
    // Not the request's signal: a cancel arriving now would lose what was just minted.
    const written = await client.secrets.write(
      path,
      { data, secret_type: spec.secretType, metadata },
      new AbortController().signal,
    );
    return { path, version: typeof written?.version === "number" ? written.version : null, fields: Object.keys(data) };
  } catch (error) {
    if (!(error instanceof VaultError)) throw error;
    throw new StoreFailed(
      lostMessage(tool, spec, result, path, error, shown),
      "store_failed",
      error.status,
      error.requestId,
    );
  }
}

function lostMessage(
  tool: string,
  spec: OneTimeSpec,
  result: unknown,
  path: string,
  error: VaultError,
  shown: unknown,
): string {
  const undo = Object.fromEntries(
    Object.entries(spec.undo.args).map(([arg, selector]) => [arg, first(result, selector)]),
  );
  // Without an answer the write may have landed: look before removing anything.
  const unsure = error.status === undefined;
  return [
    `${tool} minted ${spec.what} but could not store it at '${path}' (${error.code}: ${error.message}).`,
    `Minted: ${JSON.stringify(shown)}.`,
    unsure
      ? `The vault did not answer the write, so it may have been stored: read scaivault_get_secret_versions path='${path}' first.`
      : "Its value was not shown (store_at keeps it from the model) and is now lost: nothing else holds it.",
    `Remove what was minted with ${spec.undo.tool} ${JSON.stringify(undo)}, then call ${tool} again with a store_at path the server's token may write; calling again as is mints another.`,
  ].join(" ");
}
