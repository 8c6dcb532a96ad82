import { http } from "msw";
import { z } from "zod";
import { parseDuration } from "../../core/duration.js";
import { badRequest } from "../../core/errors.js";
import { decodeCursor, encodeCursor, readLimit } from "../../core/paging.js";
import { endpoint, withStatus } from "../../core/pipeline.js";
import { validatePath } from "../../core/secret-paths.js";
import type { MockVault } from "../stores.js";
import { SECRET_TYPES } from "./store.js";

const WriteBody = z.object({
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

const RotateBody = z.object({ data: z.record(z.string(), z.unknown()).optional() });

/** Secret path from /v1/secrets/<path>[/versions|/rotate], validated against the API's path rules. */
function secretPath(segments: string[], suffix?: string): string {
  const parts = segments.slice(1);
  if (suffix && parts[parts.length - 1] === suffix) parts.pop();
  return validatePath(parts.join("/"));
}

const isSub = (segments: string[], name: string) => segments.length > 2 && segments[segments.length - 1] === name;

export function secretsHandlers(vault: MockVault) {
  const on = endpoint(vault);
  const base = `${vault.baseUrl}/v1/secrets`;
  return [
    http.get(
      base,
      on(
        {
          scope: "secrets:list",
          action: "list",
          resourceType: "secret",
          permission: "list",
          path: ({ url }) => url.searchParams.get("prefix")?.replace(/^\/+|\/+$/g, "") ?? "",
        },
        ({ tenant, query }) => {
          const prefix = (query.get("prefix") ?? "").replace(/^\/+|\/+$/g, "");
          if (prefix) validatePath(prefix);
          const within = query.get("expiring_within");
          const withinMs = within === null ? undefined : parseDuration(within);
          if (within !== null && withinMs === undefined)
            throw badRequest("invalid_duration", `Duration '${within}' did not parse.`);
          const limit = readLimit(query);
          const after = decodeCursor<string>(query, "string");
          const data = [];
          let has_more = false;
          for (const item of tenant.secrets.list(prefix, { after, withinMs })) {
            if (data.length === limit) {
              has_more = true;
              break;
            }
            data.push(item);
          }
          return { data, cursor: has_more ? encodeCursor(data[data.length - 1]!.path) : null, has_more };
        },
      ),
    ),

    http.get(
      `${base}/*`,
      on(
        {
          scope: "secrets:read",
          action: "read",
          resourceType: "secret",
          permission: "read",
          path: ({ segments }) =>
            segments
              .slice(1)
              .filter((s, i, a) => !(i === a.length - 1 && s === "versions"))
              .join("/"),
        },
        ({ tenant, segments, query, actor }) => {
          if (isSub(segments, "versions"))
            return tenant.secrets.versions(secretPath(segments, "versions"), query.get("include_data") === "true");
          const version = query.get("version");
          if (version !== null && !/^[1-9]\d*$/.test(version))
            throw badRequest("invalid_request", "version must be a positive integer.");
          const path = secretPath(segments);
          // Proxy-mode federation backends serve some paths: their reads pass through to the backend.
          const read =
            tenant.federation.proxiedSecret(path) ??
            tenant.secrets.read(path, version === null ? undefined : Number(version));
          tenant.secrets.accessed(path, typeof read.version === "number" ? read.version : undefined, actor);
          return read;
        },
      ),
    ),

    http.put(
      `${base}/*`,
      on(
        {
          scope: "secrets:write",
          action: "write",
          resourceType: "secret",
          permission: "write",
          body: WriteBody,
          path: ({ segments }) => segments.slice(1).join("/"),
        },
        ({ tenant, segments, body, actor }) => {
          const path = secretPath(segments);
          tenant.federation.assertWritable(path);
          const existed = tenant.secrets.peek(path) !== undefined;
          const view = tenant.secrets.write(path, body, actor);
          return withStatus(existed ? 200 : 201, view);
        },
      ),
    ),

    http.post(
      `${base}/*`,
      on(
        {
          scope: "secrets:rotate",
          action: "rotate",
          resourceType: "secret",
          permission: "rotate",
          body: RotateBody,
          path: ({ segments }) => segments.slice(1, -1).join("/"),
        },
        ({ tenant, segments, body, actor }) => {
          if (!isSub(segments, "rotate"))
            throw badRequest("invalid_request", "POST is only defined for /v1/secrets/{path}/rotate.");
          const path = secretPath(segments, "rotate");
          tenant.federation.assertWritable(path);
          return tenant.secrets.rotate(path, body.data, actor);
        },
      ),
    ),

    http.delete(
      `${base}/*`,
      on(
        {
          scope: "secrets:delete",
          action: "delete",
          resourceType: "secret",
          permission: "delete",
          path: ({ segments }) => segments.slice(1).join("/"),
        },
        ({ tenant, segments, query, actor }) => {
          tenant.federation.assertWritable(secretPath(segments));
          return tenant.secrets.remove(secretPath(segments), query.get("permanent") === "true", actor);
        },
      ),
    ),
  ];
}
