import { z } from "zod";
import {
  BackendList,
  BackendStatus,
  FederationBackend,
  ProxiedSecret,
  SyncResult,
} from "../client/schemas/federation.js";
import { group, tool } from "./define.js";
import { Cursor, Data, Duration, Limit, SecretPath } from "./schemas.js";
import { secretObject } from "./secret-fields.js";

const Backend = z.string().min(1).max(128).describe("Backend name or id, e.g. hashicorp-production");
/**
 * Backend config as echoed by the vault: it redacts inline credentials, and under MASK_VALUES the
 * server masks every key but these documented, non-secret ones, should a vault echo one.
 */
const PUBLIC_CONFIG_KEYS = [
  "endpoint",
  "auth_method",
  "auth_config_path",
  "credentials_path",
  "tls_verify",
  "namespace",
  "mount",
  "kv_version",
  "region",
  "vault_url",
  "tenant_id",
  "client_id",
  "project_id",
];
const configFields = (at: string) => [`${at}.*!${PUBLIC_CONFIG_KEYS.join(",")}`, `${at}.endpoint#password`];

export const federationTools = group("federation", [
  tool({
    name: "scaivault_list_federation_backends",
    title: "List federation backends",
    description:
      "List external secret stores ScaiVault fronts (HashiCorp Vault, AWS, Azure, GCP): mode (proxy/sync), path mapping, sync status.",
    access: "read",
    scopes: ["federation:read"],
    secretFields: configFields("data[].config"),
    input: { limit: Limit, cursor: Cursor },
    output: BackendList.shape,
    run: (client, { limit, cursor }, signal) => client.federation.listBackends({ limit, cursor }, signal),
  }),

  tool({
    name: "scaivault_get_federation_backend",
    title: "Get federation backend",
    description:
      "One federation backend: type, mode, config (credentials redacted), path mapping, last sync and conflict count.",
    access: "read",
    scopes: ["federation:read"],
    secretFields: configFields("config"),
    input: { backend: Backend },
    output: FederationBackend.shape,
    run: (client, { backend }, signal) => client.federation.getBackend(backend, signal),
  }),

  tool({
    name: "scaivault_create_federation_backend",
    title: "Create federation backend",
    description:
      "Front an external store. proxy: reads pass through, writes rejected; sync: copied locally every sync_interval. path_mapping maps local patterns to backend paths. Unavailable when paths are restricted.",
    access: "write",
    scopes: ["federation:write"],
    // A new mapping can put any remote secret (one behind a denied path, say) under an allowed local path.
    touchesUnseenPaths: true,
    paths: [
      { arg: "path_mapping.@keys", kind: "pattern" },
      { arg: "config.auth_config_path", kind: "exact" },
      { arg: "config.credentials_path", kind: "exact" },
    ],
    secretFields: configFields("config"),
    input: {
      name: z.string().min(1).max(63),
      type: z.enum(["hashicorp-vault", "aws-secrets-manager", "azure-key-vault", "google-secret-manager"]),
      mode: z.enum(["proxy", "sync"]),
      config: Data.describe("e.g. endpoint, auth_method, auth_config_path; or region"),
      path_mapping: z.record(z.string(), z.string()).describe('e.g. {"external/hv/**": "secret/data/**"}'),
      sync_interval: Duration.optional().describe("Required for sync mode, e.g. 15m"),
    },
    output: FederationBackend.shape,
    run: (client, args, signal) => client.federation.createBackend(args, signal),
  }),

  tool({
    name: "scaivault_test_federation_backend",
    title: "Test federation backend",
    description:
      "Check the connection to a backend now: connected or unreachable, latency in ms, plus last sync time and count.",
    access: "read",
    scopes: ["federation:read"],
    input: { backend: Backend },
    output: BackendStatus.shape,
    run: (client, { backend }, signal) => client.federation.status(backend, signal),
  }),

  tool({
    name: "scaivault_sync_federation_backend",
    title: "Sync federation backend",
    description:
      "Pull a sync-mode backend into local secrets now. Reports created/updated/unchanged and conflicts (local edits are never overwritten). Unavailable when paths are restricted.",
    access: "write",
    scopes: ["federation:write"],
    touchesUnseenPaths: true,
    resultPaths: ["conflicts[].path"],
    input: { backend: Backend },
    output: SyncResult.shape,
    run: (client, { backend }, signal) => client.federation.sync(backend, signal),
  }),

  tool({
    name: "scaivault_proxy_read",
    title: "Read through federation",
    description:
      "Read a secret from its external backend via the path mapping (e.g. external/hashicorp/app/db/password), without storing it.",
    access: "read",
    scopes: ["secrets:read"],
    paths: [{ arg: "path", kind: "exact" }],
    secretFields: secretObject(ProxiedSecret.shape),
    input: { path: SecretPath, backend: Backend.optional() },
    output: ProxiedSecret.shape,
    run: (client, { path, backend }, signal) => client.federation.proxyRead(path, { backend }, signal),
  }),
]);
