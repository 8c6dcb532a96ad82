import { z } from "zod";
import { badRequest } from "../../core/errors.js";
import { keysetPage } from "../../core/paging.js";
import { expiringWithin, trimSlashes } from "../../core/query.js";
import { withStatus } from "../../core/route.js";
import { validatePath } from "../../core/secret-paths.js";
import { routesOf } from "../route.js";
import { BatchMetadataBody, BatchReadBody, batchMetadata, batchRead } from "./batch.js";
import { readSecret } from "./reads.js";
import { WriteBody } from "./write-body.js";

const RotateBody = z.object({ data: z.record(z.string(), z.unknown()).optional() });

/** The secret path of /v1/secrets/<path>[/versions|/rotate], validated against the API's path rules. */
function secretPath(rest: string, suffix?: string): string {
  if (suffix && (rest === suffix || rest.endsWith(`/${suffix}`)))
    return validatePath(rest.slice(0, Math.max(0, rest.length - suffix.length - 1)));
  return validatePath(rest);
}

/** Whether /v1/secrets/<rest> names a sub-resource (…/versions, …/rotate) of a secret. */
const isSub = (rest: string, name: string) => rest.endsWith(`/${name}`);

const { get, put, post, del } = routesOf("secret");

/** Routes of the secrets API (/v1/secrets): translate HTTP <-> SecretsStore. */
export const secretsRoutes = [
  get(
    "/v1/secrets",
    {
      scope: "secrets:list",
      action: "list",
      permission: "list",
      secretPath: ({ query }) => trimSlashes(query.get("prefix") ?? ""),
    },
    ({ tenant, query }) => {
      const prefix = trimSlashes(query.get("prefix") ?? "");
      if (prefix) validatePath(prefix);
      const withinMs = expiringWithin(query);
      return keysetPage(
        "data",
        query,
        (after) => tenant.secrets.list(prefix, { after, withinMs }),
        (secret) => secret.path,
      );
    },
  ),

  get(
    "/v1/secrets/:path(.*)",
    {
      scope: "secrets:read",
      action: "read",
      permission: "read",
      secretPath: ({ params }) => {
        const parts = params.path!.split("/");
        if (parts[parts.length - 1] === "versions") parts.pop();
        return parts.join("/");
      },
    },
    ({ tenant, params, query, actor, note }) => {
      const rest = params.path!;
      if (isSub(rest, "versions"))
        return tenant.secrets.versions(secretPath(rest, "versions"), query.get("include_data") === "true");
      const version = query.get("version");
      if (version !== null && !/^[1-9]\d*$/.test(version))
        throw badRequest("invalid_request", "version must be a positive integer.");
      const read = readSecret(tenant, secretPath(rest), version === null ? undefined : Number(version), actor);
      note({ version: read.version });
      return read;
    },
  ),

  // Static paths win over /v1/secrets/:path(.*), so POSTs here are batches, never a rotate.
  post("/v1/secrets/batch", { scope: "secrets:read", action: "batch_read", body: BatchReadBody }, batchRead),
  post(
    "/v1/secrets/batch/metadata",
    { scope: "secrets:list", action: "batch_metadata", body: BatchMetadataBody },
    batchMetadata,
  ),

  put(
    "/v1/secrets/:path(.*)",
    {
      scope: "secrets:write",
      action: "write",
      permission: "write",
      body: WriteBody,
      fieldCodes: { secret_type: "invalid_secret_type" },
      secretPath: ({ params }) => params.path!,
    },
    ({ tenant, params, body, actor }) => {
      const path = secretPath(params.path!);
      tenant.federation.assertWritable(path);
      const existed = tenant.secrets.peek(path) !== undefined;
      const view = tenant.secrets.write(path, body, actor);
      return withStatus(existed ? 200 : 201, view);
    },
  ),

  post(
    "/v1/secrets/:path(.*)",
    {
      scope: "secrets:rotate",
      action: "rotate",
      permission: "rotate",
      body: RotateBody,
      secretPath: ({ params }) => params.path!.split("/").slice(0, -1).join("/"),
    },
    ({ tenant, params, body, actor }) => {
      if (!isSub(params.path!, "rotate"))
        throw badRequest("invalid_request", "POST is only defined for /v1/secrets/{path}/rotate.");
      const path = secretPath(params.path!, "rotate");
      tenant.federation.assertWritable(path);
      return tenant.secrets.rotate(path, body.data, actor);
    },
  ),

  del(
    "/v1/secrets/:path(.*)",
    { scope: "secrets:delete", action: "delete", permission: "delete", secretPath: ({ params }) => params.path! },
    ({ tenant, params, query, actor }) => {
      tenant.federation.assertWritable(secretPath(params.path!));
      return tenant.secrets.remove(secretPath(params.path!), query.get("permanent") === "true", actor);
    },
  ),
];
