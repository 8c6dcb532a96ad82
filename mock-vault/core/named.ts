import { ApiProblem, conflict, notFound } from "./errors.js";

/** Names of engines and backends: 1-63 of a-z, 0-9, '-', '_', starting with a letter or digit. */
export const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** What a named resource is called in messages, its error codes and its details key. */
export interface NamedKind {
  label: string;
  key: string;
  exists: string;
  missing: string;
}

/** Resources addressed by id or by their unique name (dynamic engines, federation backends). */
export function findByIdOrName<T extends { name: string }>(records: Map<string, T>, ref: string, kind: NamedKind): T {
  const byId = records.get(ref);
  if (byId) return byId;
  for (const record of records.values()) if (record.name === ref) return record;
  const label = kind.label.charAt(0).toUpperCase() + kind.label.slice(1);
  throw notFound(kind.missing, `${label} '${ref.slice(0, 80)}' not found.`, { [kind.key]: ref.slice(0, 80) });
}

/** A new resource's name must be well-formed and not taken. */
export function assertNewName(records: Map<string, { name: string }>, name: string, kind: NamedKind): void {
  if (!NAME.test(name))
    throw new ApiProblem(422, "validation_error", `Invalid ${kind.key} name: use 1-63 of a-z, 0-9, '-', '_'.`, {
      fields: [{ field: "name", message: "invalid name" }],
    });
  for (const record of records.values())
    if (record.name === name)
      throw conflict(kind.exists, `A ${kind.label} named '${name}' already exists.`, { [kind.key]: name });
}
