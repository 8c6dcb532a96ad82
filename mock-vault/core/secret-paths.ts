import { badRequest } from "./errors.js";

/** 1-10 segments of a-z, 0-9, '-', '_', joined by '/': one test, no array of the segments. */
const PATH = /^[a-z0-9_-]+(?:\/[a-z0-9_-]+){0,9}$/;

/** Path rules of the API: 1-10 segments of a-z, 0-9, '-', '_'; at most 512 characters. */
export function validatePath(path: string): string {
  if (path.length > 512 || !PATH.test(path))
    throw badRequest(
      "invalid_path",
      `Invalid secret path '${path.slice(0, 80)}': use 1-10 segments of a-z, 0-9, '-' and '_'.`,
      { path: path.slice(0, 80) },
    );
  return path;
}
