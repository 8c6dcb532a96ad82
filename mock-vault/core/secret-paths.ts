import { badRequest } from "./errors.js";

/** One segment of a secret path: a-z, 0-9, '-', '_'. */
export const SEGMENT = /^[a-z0-9_-]+$/;

/** Path rules of the API: 1-10 segments of a-z, 0-9, '-', '_'; at most 512 characters. */
export function validatePath(path: string): string {
  const segments = path.split("/");
  if (path.length === 0 || path.length > 512 || segments.length > 10 || !segments.every((s) => SEGMENT.test(s)))
    throw badRequest(
      "invalid_path",
      `Invalid secret path '${path.slice(0, 80)}': use 1-10 segments of a-z, 0-9, '-' and '_'.`,
      { path: path.slice(0, 80) },
    );
  return path;
}
